import type { AreaGeometry, Building, Compound, LngLat, Outlet, Rng } from '@lifecircle/shared';
import { randomInt } from '@lifecircle/shared';
import type { NewOutlet, Store, StoreTx } from '../store.js';

/** Makes a fresh, empty store. */
export type MakeStore = () => Promise<Store>;

/** Runs `fn` on a fresh store and closes it afterwards, even when `fn` fails. */
export async function withStore<T>(makeStore: MakeStore, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await makeStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A square polygon around a point, as GeoJSON. */
export function squareAround([lng, lat]: LngLat, halfSideDeg: number): AreaGeometry {
  const ring: LngLat[] = [
    [lng - halfSideDeg, lat - halfSideDeg],
    [lng + halfSideDeg, lat - halfSideDeg],
    [lng + halfSideDeg, lat + halfSideDeg],
    [lng - halfSideDeg, lat + halfSideDeg],
    [lng - halfSideDeg, lat - halfSideDeg],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/** A multipolygon with a hole, to check that nesting survives a round trip. */
export const MULTI_POLYGON_WITH_HOLE: AreaGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [121.4, 31.2],
        [121.5, 31.2],
        [121.5, 31.3],
        [121.4, 31.3],
        [121.4, 31.2],
      ],
      [
        [121.42, 31.22],
        [121.44, 31.22],
        [121.44, 31.24],
        [121.42, 31.22],
      ],
    ],
    [
      [
        [121.6, 31.2],
        [121.7, 31.2],
        [121.65, 31.25],
        [121.6, 31.2],
      ],
    ],
  ],
};

/**
 * Name parts with their toneless pinyin, written out by hand: the keyword
 * reference in the suite uses this table, not a pinyin library. The words
 * avoid characters whose reading changes with context.
 */
export const NAME_WORDS: readonly (readonly [word: string, pinyin: string])[] = [
  ['全家', 'quanjia'],
  ['罗森', 'luosen'],
  ['便利店', 'bianlidian'],
  ['菜市场', 'caishichang'],
  ['药房', 'yaofang'],
  ['理发店', 'lifadian'],
  ['早餐', 'zaocan'],
  ['修鞋', 'xiuxie'],
  ['超市', 'chaoshi'],
  ['水果', 'shuiguo'],
  ['快递', 'kuaidi'],
  ['洗衣', 'xiyi'],
  ['面包', 'mianbao'],
  ['花店', 'huadian'],
];

/** The initials of each name word, written out by hand like its pinyin. */
export const WORD_INITIALS: ReadonlyMap<string, string> = new Map([
  ['全家', 'qj'],
  ['罗森', 'ls'],
  ['便利店', 'bld'],
  ['菜市场', 'csc'],
  ['药房', 'yf'],
  ['理发店', 'lfd'],
  ['早餐', 'zc'],
  ['修鞋', 'xx'],
  ['超市', 'cs'],
  ['水果', 'sg'],
  ['快递', 'kd'],
  ['洗衣', 'xy'],
  ['面包', 'mb'],
  ['花店', 'hd'],
]);

/** Category ids the random outlets draw from. */
export const CATEGORY_IDS = ['convenience_store', 'breakfast', 'vegetable_market', 'pharmacy', 'barber', 'repair'] as const;

/** A generated outlet with the pinyin the suite expects for its name. */
export interface OutletCase {
  outlet: NewOutlet;
  namePinyin: string;
  nameInitials: string;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** A random subset of `items`, in random order, of size in [min, max]. */
function shuffledSubset<T>(rng: Rng, items: readonly T[], min: number, max: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, randomInt(rng, min, max));
}

/** Seeded random outlets around [121.44, 31.24], with references to the given streets and merchants (or null). */
export function randomOutlets(rng: Rng, count: number, streetIds: number[], merchantIds: number[]): OutletCase[] {
  const cases: OutletCase[] = [];
  for (let i = 0; i < count; i++) {
    const words = shuffledSubset(rng, NAME_WORDS, 1, 3);
    const status = pick(rng, ['pending', 'active', 'active', 'closed', 'rejected'] as const);
    const outlet: NewOutlet = {
      name: words.map(([word]) => word).join(''),
      categoryIds: shuffledSubset(rng, CATEGORY_IDS, 1, 3),
      address: rng() < 0.2 ? null : `${pick(rng, ['长寿路', '武宁路', '曹杨路', 'Jiangning Rd'])}${randomInt(rng, 1, 999)}号`,
      location: [121.4 + rng() * 0.08, 31.2 + rng() * 0.08],
      openingHours: rng() < 0.5 ? null : 'Mo-Su 07:00-22:00',
      services: shuffledSubset(rng, ['代收代发', '打印复印', '磨刀', '配钥匙'], 0, 3),
      phone: rng() < 0.5 ? null : `021-${randomInt(rng, 10000000, 99999999)}`,
      status,
      rejectReason: status === 'rejected' ? '信息不全' : null,
      source: pick(rng, ['osm', 'import:a.csv', 'generator']),
      externalId: rng() < 0.5 ? null : `node/${randomInt(rng, 1, 1e9)}`,
      lastVerified: rng() < 0.5 ? null : '2026-11-01',
      merchantId: rng() < 0.4 || merchantIds.length === 0 ? null : pick(rng, merchantIds),
      streetId: rng() < 0.1 || streetIds.length === 0 ? null : pick(rng, streetIds),
    };
    cases.push({
      outlet,
      namePinyin: words.map(([, pinyin]) => pinyin).join(''),
      nameInitials: words.map(([word]) => WORD_INITIALS.get(word)!).join(''),
    });
  }
  return cases;
}

/** Seeded random compounds; every optional field is null in some of them. */
export function randomCompounds(
  rng: Rng,
  count: number,
  refs: { streetIds: number[]; committeeIds: number[]; circleIds: number[] },
): Omit<Compound, 'id'>[] {
  const maybe = (ids: number[]): number | null => (rng() < 0.2 || ids.length === 0 ? null : pick(rng, ids));
  return Array.from({ length: count }, (_, i) => {
    const location: LngLat = [121.4 + rng() * 0.08, 31.2 + rng() * 0.08];
    const hasAges = rng() < 0.5;
    return {
      name: `${pick(rng, ['曹杨', '长风', '万里', '真如'])}${i}村`,
      streetId: maybe(refs.streetIds),
      committeeId: maybe(refs.committeeIds),
      circleId: maybe(refs.circleIds),
      location,
      outline: rng() < 0.3 ? null : squareAround(location, 0.001),
      gates: rng() < 0.3 ? [] : [[location[0] + 0.0005, location[1]] as LngLat],
      households: rng() < 0.3 ? null : randomInt(rng, 50, 3000),
      residents: randomInt(rng, 100, 8000),
      age0to14: hasAges ? randomInt(rng, 10, 500) : null,
      age15to59: hasAges ? randomInt(rng, 50, 4000) : null,
      age60plus: hasAges ? randomInt(rng, 20, 2000) : null,
      isEstimated: rng() < 0.5,
      source: pick(rng, ['osm', 'generator']),
      externalId: rng() < 0.3 ? null : `way/${randomInt(rng, 1, 2 ** 40)}`,
    };
  });
}

/** Seeded random buildings in the given compounds and streets (or none). */
export function randomBuildings(rng: Rng, count: number, compoundIds: number[], streetIds: number[]): Omit<Building, 'id'>[] {
  return Array.from({ length: count }, () => ({
    compoundId: rng() < 0.2 ? null : pick(rng, compoundIds),
    streetId: rng() < 0.2 ? null : pick(rng, streetIds),
    location: [121.4 + rng() * 0.08, 31.2 + rng() * 0.08] as LngLat,
    footprintM2: Math.round(rng() * 2000 * 100) / 100,
    levels: randomInt(rng, 1, 30),
    households: rng() < 0.5 ? null : randomInt(rng, 1, 300),
    residents: Math.round(rng() * 800 * 10) / 10,
    age0to14: null,
    age15to59: rng() < 0.5 ? null : randomInt(rng, 1, 500),
    age60plus: null,
    isEstimated: rng() < 0.5,
    source: 'osm',
    externalId: rng() < 0.5 ? null : `way/${randomInt(rng, 1, 1e9)}`,
  }));
}

/** True when the ISO timestamp `at` lies within [from, to] (ISO strings of one format sort as times). */
export function isWithin(at: string, from: string, to: string): boolean {
  return !Number.isNaN(Date.parse(at)) && at >= from && at <= to;
}

/** Two districts' worth of streets, committees and circles to reference. */
export async function adminFixture(
  store: StoreTx,
): Promise<{ streetIds: number[]; committeeIds: number[]; circleIds: number[] }> {
  const district = await store.insertDistrict({ code: null, name: '普陀区', boundary: null });
  const streetIds: number[] = [];
  const committeeIds: number[] = [];
  const circleIds: number[] = [];
  for (const name of ['长寿路街道', '曹杨新村街道', '甘泉路街道']) {
    const street = await store.insertStreet({ districtId: district.id, code: null, name, kind: 'subdistrict', boundary: null });
    streetIds.push(street.id);
    for (const suffix of ['一', '二']) {
      committeeIds.push(
        (await store.insertCommittee({ streetId: street.id, code: null, name: `${name}${suffix}居委`, boundary: null })).id,
      );
    }
  }
  for (const [i, name] of ['一号圈', '二号圈'].entries()) {
    const circle = await store.insertCircle({
      districtId: district.id,
      code: null,
      name,
      boundary: null,
      streetIds: [streetIds[i]!],
      committeeIds: [committeeIds[i]!],
    });
    circleIds.push(circle.id);
  }
  return { streetIds, committeeIds, circleIds };
}

/** A valid outlet with the given fields changed. */
export function minimalOutlet(fields: Partial<Outlet> = {}): NewOutlet {
  return {
    name: '便利店',
    categoryIds: ['convenience_store'],
    address: null,
    location: [121.44, 31.24],
    openingHours: null,
    services: [],
    phone: null,
    status: 'active',
    rejectReason: null,
    source: 'osm',
    externalId: null,
    lastVerified: null,
    merchantId: null,
    streetId: null,
    ...fields,
  };
}

/** True when the point lies in the bbox, edges included. */
export function insideBbox([lng, lat]: readonly [number, number], [minLng, minLat, maxLng, maxLat]: readonly number[]): boolean {
  return lng >= minLng! && lng <= maxLng! && lat >= minLat! && lat <= maxLat!;
}
