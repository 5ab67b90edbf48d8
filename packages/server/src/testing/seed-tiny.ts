import { defaultTaxonomy, type WalkRouter } from '@lifecircle/analysis';
import type { AreaGeometry, Role } from '@lifecircle/shared';
import { openSqliteStore, type NewOutlet, type Store } from '@lifecircle/store';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../app.js';
import { hashPassword } from '../auth/password.js';
import type { AppDeps } from '../deps.js';

/** The password of every seeded user. */
export const TINY_PASSWORD = 'tinyPassword1';

/** A square of `sizeDeg` degrees with its south-west corner at `[lng, lat]`. */
export function square(lng: number, lat: number, sizeDeg: number): AreaGeometry {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng, lat],
        [lng + sizeDeg, lat],
        [lng + sizeDeg, lat + sizeDeg],
        [lng, lat + sizeDeg],
        [lng, lat],
      ],
    ],
  };
}

/** The ids of the tiny district's records. */
export interface TinySeed {
  districtId: number;
  streetA: number;
  streetB: number;
  circleA: number;
  circleB: number;
  compounds: { a1: number; a2: number; b1: number };
  outlets: {
    /** Active convenience store in A, open 06:00–10:00. */
    earlyA: number;
    /** Active breakfast place in A, open 10:00–22:00. */
    lateA: number;
    /** Active pharmacy in A without hours. */
    noHoursA: number;
    /** Pending outlet of merchant M1 in street A. */
    pendingM1: number;
    /** Active outlet of merchant M2 in street B. */
    activeM2: number;
    /** Pending outlet of merchant M2 in street B. */
    pendingM2: number;
  };
  merchants: { m1: number; m2: number };
  /** An open district-wide survey and an open survey of street B. */
  surveys: { district: number; streetB: number };
  users: { commission: number; officeA: number; officeB: number; m1: number; m2: number };
  /** A field evaluation of circle B by street B's office, with one photo. */
  evaluationB: number;
  photoB: number;
}

/** The bytes of the seeded photo: a PNG signature and a few more (the API checks the signature only). */
export const TINY_PHOTO = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 1, 2, 255,
]);

/** Usernames of the seeded users by their role in the tests. */
export const TINY_USERS = {
  commission: 'commission',
  officeA: 'office_a',
  officeB: 'office_b',
  m1: 'merchant_m1',
  m2: 'merchant_m2',
} as const;

/**
 * Seeds a tiny district: streets A (lng 121.40–121.41) and B (121.41–121.42)
 * as squares over lat 31.20–31.21, one circle per street with the street's
 * boundary, three compounds, six outlets and five users (commission, street
 * offices A and B, merchants M1 and M2) whose password is TINY_PASSWORD.
 * Password hashes use a low scrypt cost so tests stay fast.
 */
export async function seedTiny(store: Store): Promise<TinySeed> {
  const district = await store.insertDistrict({ code: '310199', name: '小区县', boundary: square(121.4, 31.2, 0.02) });
  const streetA = await store.insertStreet({
    districtId: district.id,
    code: null,
    name: '甲街道',
    kind: 'subdistrict',
    boundary: square(121.4, 31.2, 0.01),
  });
  const streetB = await store.insertStreet({
    districtId: district.id,
    code: null,
    name: '乙街道',
    kind: 'subdistrict',
    boundary: square(121.41, 31.2, 0.01),
  });
  const circleA = await store.insertCircle({
    districtId: district.id,
    code: null,
    name: '甲生活圈',
    boundary: square(121.4, 31.2, 0.01),
    streetIds: [streetA.id],
    committeeIds: [],
  });
  const circleB = await store.insertCircle({
    districtId: district.id,
    code: null,
    name: '乙生活圈',
    boundary: square(121.41, 31.2, 0.01),
    streetIds: [streetB.id],
    committeeIds: [],
  });
  const compound = (
    name: string,
    streetId: number,
    circleId: number,
    lng: number,
    residents: number,
    age60plus: number | null,
  ) => ({
    name,
    streetId,
    committeeId: null,
    circleId,
    location: [lng, 31.205] as const,
    outline: null,
    gates: [],
    households: Math.round(residents / 2.5),
    residents,
    age0to14: null,
    age15to59: null,
    age60plus,
    isEstimated: false,
    source: 'test',
    externalId: null,
  });
  const [a1, a2, b1] = await store.insertCompounds([
    compound('甲一小区', streetA.id, circleA.id, 121.402, 1000, 300),
    compound('甲二小区', streetA.id, circleA.id, 121.408, 500, null),
    compound('乙一小区', streetB.id, circleB.id, 121.415, 800, 100),
  ]);
  const m1 = await store.insertMerchant({ name: '一号商户', contactName: '张三', phone: null });
  const m2 = await store.insertMerchant({ name: '二号商户', contactName: '李四', phone: null });
  const outlet = (name: string, categoryIds: string[], lng: number, streetId: number, rest: Partial<NewOutlet>): NewOutlet => ({
    name,
    categoryIds,
    address: null,
    location: [lng, 31.205],
    openingHours: null,
    services: [],
    phone: null,
    status: 'active',
    rejectReason: null,
    source: 'test',
    externalId: null,
    lastVerified: null,
    merchantId: null,
    streetId,
    ...rest,
  });
  const [earlyA, lateA, noHoursA, pendingM1, activeM2, pendingM2] = await store.insertOutlets([
    outlet('早点便利店', ['convenience_store'], 121.403, streetA.id, { openingHours: 'Mo-Su 06:00-10:00' }),
    outlet('晚间早餐铺', ['breakfast'], 121.404, streetA.id, { openingHours: 'Mo-Su 10:00-22:00' }),
    outlet('无时药店', ['pharmacy'], 121.405, streetA.id, {}),
    outlet('一号修鞋', ['repair_point'], 121.406, streetA.id, { status: 'pending', merchantId: m1.id, source: 'merchant' }),
    outlet('二号洗衣', ['laundry'], 121.416, streetB.id, {
      merchantId: m2.id,
      source: 'merchant',
      openingHours: 'Mo-Su 08:00-20:00',
    }),
    outlet('二号理发', ['hair_beauty'], 121.417, streetB.id, { status: 'pending', merchantId: m2.id, source: 'merchant' }),
  ]);
  const questions = [
    { id: 'stars', text: '满意度', kind: 'rating' as const },
    { id: 'missing', text: '最缺什么', kind: 'choice' as const, options: ['修鞋', '早餐'] },
    { id: 'words', text: '其他意见', kind: 'text' as const },
  ];
  const surveyDistrict = await store.insertSurvey({ title: '全区满意度', streetId: null, questions, isOpen: true });
  const surveyB = await store.insertSurvey({ title: '乙街道满意度', streetId: streetB.id, questions, isOpen: true });
  const passwordHash = await hashPassword(TINY_PASSWORD, { logN: 10 });
  const user = async (username: string, role: Role, streetId: number | null, merchantId: number | null) =>
    (
      await store.insertUser({
        username,
        displayName: username,
        role,
        streetId,
        merchantId,
        passwordHash,
        isDisabled: false,
        mustChangePassword: false,
      })
    ).id;
  const users = {
    commission: await user(TINY_USERS.commission, 'commission', null, null),
    officeA: await user(TINY_USERS.officeA, 'street_office', streetA.id, null),
    officeB: await user(TINY_USERS.officeB, 'street_office', streetB.id, null),
    m1: await user(TINY_USERS.m1, 'merchant', null, m1.id),
    m2: await user(TINY_USERS.m2, 'merchant', null, m2.id),
  };
  const evaluationB = await store.insertFieldEvaluation({
    circleId: circleB.id,
    streetId: streetB.id,
    userId: users.officeB,
    visitedOn: '2026-11-20',
    checks: [{ categoryId: 'laundry', isPresent: true, note: null }],
    notes: null,
    photos: ['front.png'],
  });
  const photoB = await store.insertEvaluationPhoto({
    evaluationId: evaluationB.id,
    fileName: 'front.png',
    mediaType: 'image/png',
    userId: users.officeB,
    bytes: TINY_PHOTO,
  });
  return {
    districtId: district.id,
    streetA: streetA.id,
    streetB: streetB.id,
    circleA: circleA.id,
    circleB: circleB.id,
    compounds: { a1: a1!, a2: a2!, b1: b1! },
    outlets: {
      earlyA: earlyA!,
      lateA: lateA!,
      noHoursA: noHoursA!,
      pendingM1: pendingM1!,
      activeM2: activeM2!,
      pendingM2: pendingM2!,
    },
    merchants: { m1: m1.id, m2: m2.id },
    surveys: { district: surveyDistrict.id, streetB: surveyB.id },
    users,
    evaluationB: evaluationB.id,
    photoB: photoB.id,
  };
}

/** A fresh in-memory SQLite store with the tiny district, and the app on it. */
export async function tinyApp(overrides: Partial<AppDeps> = {}): Promise<{ app: FastifyInstance; store: Store; seed: TinySeed }> {
  const store = await openSqliteStore(':memory:');
  const seed = await seedTiny(store);
  const app = await createApp({
    store,
    taxonomy: defaultTaxonomy(),
    router: null as WalkRouter | null,
    logger: false,
    ...overrides,
  });
  return { app, store, seed };
}

/** Signs in through the API and returns the bearer token. */
export async function loginToken(app: FastifyInstance, username: string, password = TINY_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}
