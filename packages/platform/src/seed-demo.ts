import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadDistrict } from '@lifecircle/analysis';
import { generateDistrict, PRESETS, type PresetName } from '@lifecircle/generator';
import { METRES_PER_DEGREE, type Bbox, type Role, type Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { demoAdminUnits } from './demo-admin-units.js';
import { osmRecords } from './osm-records.js';
import { bboxPolygon } from './partition-by-population.js';

/** The setting that marks a database as holding the demo district (its value: the seed). */
export const DEMO_SEED_SETTING = 'demo.seed';

export interface SeedDemoOptions {
  /** Folder for the generated OSM file. */
  dataDir: string;
  taxonomy: Taxonomy;
  seed?: number;
  preset?: PresetName;
  /** Hashes a password for storage (the server's scrypt hasher). */
  hashPassword: (password: string) => Promise<string>;
  log?: (line: string) => void;
}

/** A user account created by the seed, with the one-time password to print. */
export interface SeededCredential {
  username: string;
  password: string;
  role: Role;
  note: string;
}

export interface SeedDemoResult {
  osmFile: string;
  credentials: SeededCredential[];
  counts: {
    streets: number;
    committees: number;
    circles: number;
    compounds: number;
    buildings: number;
    outlets: number;
    residents: number;
  };
}

/**
 * Fills an empty store with the generated Putuo-sized demo district: the OSM
 * file (network, compounds with gates, buildings with residents, outlets),
 * the district, its ten streets, committees and circles, the walking
 * network, an open satisfaction survey, and three users (commission, one
 * street office, one merchant owning three outlets) with one-time passwords.
 * Everything is written in one transaction. Returns null, doing nothing,
 * when the store already holds the demo district.
 */
export async function seedDemoDistrict(store: Store, options: SeedDemoOptions): Promise<SeedDemoResult | null> {
  if ((await store.getSetting(DEMO_SEED_SETTING)) !== null) return null;
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const preset = options.preset ?? 'district';
  const params = { ...PRESETS[preset], seed };
  const osmFile = join(options.dataDir, `demo-${preset}-${seed}.osm`);
  const stats = generateDistrict(params, osmFile);
  log(`generated ${osmFile}: ${stats.numResidents} residents, ${stats.numOutlets} outlets`);
  const district = await loadDistrict(osmFile, options.taxonomy);
  const records = osmRecords(district, 'generator');

  const kx = METRES_PER_DEGREE * Math.cos((params.originLat * Math.PI) / 180);
  const bbox: Bbox = [
    params.originLng,
    params.originLat,
    params.originLng + params.widthM / kx,
    params.originLat + params.heightM / METRES_PER_DEGREE,
  ];
  const units = demoAdminUnits(
    records.compounds.map((c) => ({ x: c.location[0], y: c.location[1], weight: c.residents })),
    bbox,
  );
  // Which street a point lies in: the streets' rectangles tile the district.
  const streetAt = (lng: number, lat: number): number => {
    const s = units.streets.findIndex(({ part: { bbox: b } }) => lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3]);
    return s;
  };

  const credentials: SeededCredential[] = [
    { username: 'admin', password: oneTimePassword(), role: 'commission', note: '区商务委 commission administrator' },
    { username: 'caoyang', password: oneTimePassword(), role: 'street_office', note: `${units.streets[0]!.name} street office` },
    { username: 'merchant', password: oneTimePassword(), role: 'merchant', note: 'merchant owning three outlets' },
  ];
  const hashes = await Promise.all(credentials.map((c) => options.hashPassword(c.password)));
  const graphBytes = Uint8Array.from(new Uint8Array(district.network.graph.buffer));

  const counts = await store.transaction(async (tx) => {
    const districtRecord = await tx.insertDistrict({ code: '310107', name: '普陀区（演示）', boundary: bboxPolygon(bbox) });
    const streetIds: number[] = [];
    for (const street of units.streets) {
      const row = await tx.insertStreet({
        districtId: districtRecord.id,
        code: street.code,
        name: street.name,
        kind: street.kind,
        boundary: bboxPolygon(street.part.bbox),
      });
      streetIds.push(row.id);
    }
    const compoundStreet = new Int32Array(records.compounds.length).fill(-1);
    units.streets.forEach((street, s) => street.part.members.forEach((i) => (compoundStreet[i] = streetIds[s]!)));
    const compoundCommittee = new Int32Array(records.compounds.length).fill(-1);
    const committeeIds: number[] = [];
    for (const committee of units.committees) {
      const row = await tx.insertCommittee({
        streetId: streetIds[committee.street]!,
        code: committee.code,
        name: committee.name,
        boundary: bboxPolygon(committee.part.bbox),
      });
      committeeIds.push(row.id);
      for (const i of committee.part.members) compoundCommittee[i] = row.id;
    }
    const compoundCircle = new Int32Array(records.compounds.length).fill(-1);
    for (const circle of units.circles) {
      const circleStreets = new Set<number>();
      const circleCommittees = new Set<number>();
      for (const i of circle.part.members) {
        circleStreets.add(compoundStreet[i]!);
        circleCommittees.add(compoundCommittee[i]!);
      }
      const row = await tx.insertCircle({
        districtId: districtRecord.id,
        code: circle.code,
        name: circle.name,
        boundary: bboxPolygon(circle.part.bbox),
        streetIds: [...circleStreets].sort((a, b) => a - b),
        committeeIds: [...circleCommittees].sort((a, b) => a - b),
      });
      for (const i of circle.part.members) compoundCircle[i] = row.id;
    }
    const compoundIds = await tx.insertCompounds(
      records.compounds.map((c, i) => ({
        ...c,
        streetId: nullIfNegative(compoundStreet[i]!),
        committeeId: nullIfNegative(compoundCommittee[i]!),
        circleId: nullIfNegative(compoundCircle[i]!),
      })),
    );
    await tx.insertBuildings(
      records.buildings.map(({ compoundIndex, ...b }) => {
        const s = compoundIndex >= 0 ? compoundStreet[compoundIndex]! : (streetIds[streetAt(b.location[0], b.location[1])] ?? -1);
        return { ...b, compoundId: compoundIndex >= 0 ? compoundIds[compoundIndex]! : null, streetId: nullIfNegative(s) };
      }),
    );
    const merchant = await tx.insertMerchant({ name: '示范便民服务商户', contactName: '王师傅', phone: '021-52000000' });
    const firstStreet = units.streets[0]!.part.bbox;
    let owned = 0;
    const outlets = records.outlets.map((o) => {
      const s = streetAt(o.location[0], o.location[1]);
      // The merchant owns the first three repair points of the first street (the street office's).
      const isOwned = owned < 3 && s === 0 && o.categoryIds.includes('repair_point') && firstStreet !== undefined;
      if (isOwned) owned++;
      return { ...o, streetId: s >= 0 ? streetIds[s]! : null, merchantId: isOwned ? merchant.id : null };
    });
    await tx.insertOutlets(outlets);
    for (let u = 0; u < credentials.length; u++) {
      const c = credentials[u]!;
      await tx.insertUser({
        username: c.username,
        displayName: c.note,
        role: c.role,
        streetId: c.role === 'street_office' ? streetIds[0]! : null,
        merchantId: c.role === 'merchant' ? merchant.id : null,
        passwordHash: hashes[u]!,
        isDisabled: false,
        mustChangePassword: true,
      });
    }
    await tx.insertNetwork(
      {
        name: `demo ${preset} seed ${seed}`,
        source: 'generator',
        numNodes: district.network.graph.numNodes,
        numEdges: district.network.graph.numEdges,
      },
      graphBytes,
    );
    await tx.insertSurvey({
      title: '一刻钟便民生活圈居民满意度调查',
      streetId: null,
      isOpen: true,
      questions: [
        { id: 'overall', text: '您对家门口便民服务的总体满意度（1–5 分）', kind: 'rating' },
        { id: 'walk', text: '步行 15 分钟内能买到日常所需吗？（1–5 分）', kind: 'rating' },
        {
          id: 'missing',
          text: '您最希望增加的服务',
          kind: 'choice',
          options: ['早餐', '菜场', '小修小补', '助餐点', '托育', '药店', '其他'],
        },
        { id: 'comment', text: '其他意见', kind: 'text' },
      ],
    });
    await tx.appendAudit({
      userId: null,
      action: 'seed',
      entity: 'district',
      entityId: String(districtRecord.id),
      before: null,
      after: { preset, seed, osmFile },
      requestId: null,
    });
    await tx.setSetting(DEMO_SEED_SETTING, String(seed));
    return {
      streets: streetIds.length,
      committees: committeeIds.length,
      circles: units.circles.length,
      compounds: compoundIds.length,
      buildings: records.buildings.length,
      outlets: outlets.length,
      residents: records.compounds.reduce((sum, c) => sum + c.residents, 0),
    };
  });
  await store.refreshStatistics();
  return { osmFile, credentials, counts };
}

function nullIfNegative(value: number): number | null {
  return value >= 0 ? value : null;
}

/** 16 characters of letters and digits from 12 random bytes, always with at least one of each. */
function oneTimePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
    if (/[a-zA-Z]/.test(candidate) && /\d/.test(candidate)) return candidate;
  }
}
