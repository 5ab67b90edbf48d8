import type { Bbox, StreetKind } from '@lifecircle/shared';
import { partitionByPopulation, type Part, type WeightedPoint } from './partition-by-population.js';

/**
 * The ten 街道/镇 of Putuo with their statistical codes (NBS 2023, as in
 * shared/data/boundaries/shanghai-townships-2023.csv). The demo district is
 * generated, so only the names are real: its streets are drawn around its
 * own residents.
 */
export const PUTUO_STREETS: readonly { name: string; code: string; kind: StreetKind }[] = [
  { name: '曹杨新村街道', code: '310107005', kind: 'subdistrict' },
  { name: '长风新村街道', code: '310107014', kind: 'subdistrict' },
  { name: '长寿路街道', code: '310107015', kind: 'subdistrict' },
  { name: '甘泉路街道', code: '310107016', kind: 'subdistrict' },
  { name: '石泉路街道', code: '310107017', kind: 'subdistrict' },
  { name: '宜川路街道', code: '310107020', kind: 'subdistrict' },
  { name: '万里街道', code: '310107021', kind: 'subdistrict' },
  { name: '真如镇街道', code: '310107022', kind: 'subdistrict' },
  { name: '长征镇', code: '310107102', kind: 'town' },
  { name: '桃浦镇', code: '310107103', kind: 'town' },
];

/** Residents a committee serves on average in central Shanghai (Putuo: about 1.2 million residents, 285 committees). */
export const RESIDENTS_PER_COMMITTEE = 4_200;
/** Residents a 15-minute circle holds by default: the middle of GB 50180's 50,000–100,000. */
export const RESIDENTS_PER_CIRCLE = 75_000;

export interface DemoUnits {
  streets: { name: string; code: string; kind: StreetKind; part: Part }[];
  /** Committees with the index of their street. */
  committees: { name: string; code: string; street: number; part: Part }[];
  /** Circles drawn over the whole district, regardless of street borders, as planners often find them. */
  circles: { name: string; code: string; part: Part }[];
}

/**
 * Draws the demo district's administrative units around its compounds:
 * streets of about equal population, committees of about 4,200 residents
 * inside each street, and circles of about 75,000 residents over the whole
 * district (so some span two streets). Members are indices into `compounds`.
 */
export function demoAdminUnits(compounds: readonly WeightedPoint[], bbox: Bbox): DemoUnits {
  const streetParts = partitionByPopulation(compounds, bbox, PUTUO_STREETS.length);
  const streets = streetParts.map((part, s) => ({ ...PUTUO_STREETS[s]!, part }));
  const committees: DemoUnits['committees'] = [];
  streets.forEach((street, s) => {
    const members = street.part.members;
    const residents = members.reduce((sum, i) => sum + compounds[i]!.weight, 0);
    const count = Math.max(1, Math.min(members.length, Math.round(residents / RESIDENTS_PER_COMMITTEE)));
    const local = members.map((i) => compounds[i]!);
    const base = street.name.replace(/(街道|镇)$/, '');
    partitionByPopulation(local, street.part.bbox, count).forEach((part, k) => {
      committees.push({
        name: `${base}第${k + 1}居委会`,
        code: `${street.code}${String(k + 1).padStart(3, '0')}`,
        street: s,
        part: { bbox: part.bbox, members: part.members.map((j) => members[j]!) },
      });
    });
  });
  const total = compounds.reduce((sum, c) => sum + c.weight, 0);
  const numCircles = Math.max(1, Math.round(total / RESIDENTS_PER_CIRCLE));
  const streetOf = new Int32Array(compounds.length).fill(-1);
  streets.forEach((street, s) => street.part.members.forEach((i) => (streetOf[i] = s)));
  const numNamed = new Map<number, number>();
  const circles = partitionByPopulation(compounds, bbox, numCircles).map((part, k) => {
    // Named after the street holding most of its residents.
    const bySteet = new Map<number, number>();
    for (const i of part.members) bySteet.set(streetOf[i]!, (bySteet.get(streetOf[i]!) ?? 0) + compounds[i]!.weight);
    let main = 0;
    let best = -1;
    for (const [s, w] of bySteet) if (w > best) [main, best] = [s, w];
    const n = (numNamed.get(main) ?? 0) + 1;
    numNamed.set(main, n);
    const base = streets[main]!.name.replace(/(街道|镇)$/, '');
    return { name: `${base}${n}号生活圈`, code: `C${String(k + 1).padStart(2, '0')}`, part };
  });
  return { streets, committees, circles };
}
