import { seededRng, type Rng } from '@lifecircle/shared';
import type { CategoryFigures, CircleReport, DistrictReport, MapCompound, ReportLngLat } from '../report-data.js';
import { sampleDistrictReport } from './sample-report.js';

/** A name of `length` hanzi drawn from the first `poolSize` code points of the CJK Unified Ideographs block. */
function randomHanzi(rng: Rng, length: number, poolSize: number): string {
  let name = '';
  for (let i = 0; i < length; i++) name += String.fromCodePoint(0x4e00 + Math.floor(rng() * poolSize));
  return name;
}

/** A convex octagon of radius `radiusDeg` around a point, closed. */
function octagon([lng, lat]: ReportLngLat, radiusDeg: number): ReportLngLat[] {
  const ring: ReportLngLat[] = [];
  for (let k = 0; k <= 8; k++) {
    const angle = ((k % 8) / 8) * 2 * Math.PI;
    ring.push([lng + radiusDeg * Math.cos(angle), lat + radiusDeg * Math.sin(angle)]);
  }
  return ring;
}

/**
 * A district report the size of a real one, for the size and speed check:
 * the sample's circles, each given 30 formats, 144 compounds with octagonal
 * outlines, 300 outlets, 60 street polylines and 30 shortfalls naming eight
 * compounds each. Names are drawn from `poolSize` hanzi (default 1500, more
 * distinct characters than a district's report prints), so the embedded
 * font subset is as large as it will get.
 */
export function largeDistrictReport(numCircles: number, poolSize = 1500, seed = 7): DistrictReport {
  const rng = seededRng(seed);
  const report = sampleDistrictReport(numCircles, seed);
  const categoryNames = Array.from({ length: 30 }, (_, i) => ({
    id: `category_${i}`,
    nameZh: `${randomHanzi(rng, 3 + (i % 6), poolSize)}店`,
    tier: i < 16 ? ('basic' as const) : ('quality' as const),
    targetMinutes: i < 16 ? 10 : 15,
  }));
  const figures = (): CategoryFigures[] =>
    categoryNames.map((category) => {
      const share = Math.round(rng() * 1000) / 1000;
      return { ...category, coverageShare: share, elderlyCoverageShare: share * 0.9, outletsPer10k: rng() * 5, numOutlets: 10 };
    });
  report.district.categories = figures();
  report.circles = report.circles.map((circle, index): CircleReport => {
    const lng0 = 121.53 + index * 0.02;
    const lat0 = 31.21;
    const span = 0.018;
    const compounds: MapCompound[] = [];
    for (let i = 0; i < 144; i++) {
      const point: ReportLngLat = [lng0 + ((i % 12) + 0.5) * (span / 12), lat0 + (Math.floor(i / 12) + 0.5) * (span / 12)];
      compounds.push({ name: `${randomHanzi(rng, 4, poolSize)}小区`, ring: octagon(point, 0.0005), point, coverage: rng() });
    }
    const streets: ReportLngLat[][] = Array.from({ length: 60 }, (_, i) =>
      Array.from({ length: 12 }, (_, k): ReportLngLat => {
        const t = k / 11;
        return i % 2 === 0 ? [lng0 + (i / 60) * span, lat0 + t * span] : [lng0 + t * span, lat0 + (i / 60) * span];
      }),
    );
    return {
      ...circle,
      categories: figures(),
      shortfalls: categoryNames.map((category) => ({
        categoryId: category.id,
        nameZh: category.nameZh,
        uncoveredResidents: Math.round(rng() * 5000),
        uncoveredElderly: Math.round(rng() * 1000),
        compounds: Array.from({ length: 12 }, () => compounds[Math.floor(rng() * compounds.length)]!.name),
      })),
      map: {
        boundary: circle.map.boundary,
        compounds,
        outlets: Array.from({ length: 300 }, (_, i) => ({
          point: [lng0 + rng() * span, lat0 + rng() * span] as ReportLngLat,
          categoryId: categoryNames[i % 30]!.id,
          name: `网点${i}`,
        })),
        streets,
      },
    };
  });
  return report;
}
