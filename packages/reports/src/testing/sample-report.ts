import { seededRng } from '@lifecircle/shared';
import type { CategoryFigures, CircleReport, CircleType, DistrictReport, ReportLngLat } from '../report-data.js';

/** The formats of the sample: four basic (one not evaluated), two quality, with their minutes. */
const SAMPLE_CATEGORIES: readonly Pick<CategoryFigures, 'id' | 'nameZh' | 'tier' | 'targetMinutes'>[] = [
  { id: 'convenience_store', nameZh: '便利店', tier: 'basic', targetMinutes: 10 },
  { id: 'wet_market', nameZh: '菜市场', tier: 'basic', targetMinutes: 10 },
  { id: 'pharmacy', nameZh: '药店', tier: 'basic', targetMinutes: 10 },
  { id: 'front_warehouse', nameZh: '前置仓', tier: 'basic', targetMinutes: null },
  { id: 'elderly_care', nameZh: '社区养老服务机构', tier: 'quality', targetMinutes: 15 },
  { id: 'bookstore', nameZh: '新式书店', tier: 'quality', targetMinutes: 15 },
];

/** Names of the sample circles; more than listed are numbered. */
const CIRCLE_NAMES = ['花木街道牡丹生活圈', '塘桥街道滨江生活圈'];
const CIRCLE_TYPES: readonly CircleType[] = ['老年型', '青少年型', '均衡型'];
const GRADES = ['基础型', '提升型', '品质型', null] as const;

/** A square of `sideDeg` degrees around a point, closed, as a compound outline. */
function square([lng, lat]: ReportLngLat, sideDeg: number): ReportLngLat[] {
  const h = sideDeg / 2;
  return [
    [lng - h, lat - h],
    [lng + h, lat - h],
    [lng + h, lat + h],
    [lng - h, lat + h],
    [lng - h, lat - h],
  ];
}

function sampleCircle(index: number, rng: () => number): CircleReport {
  // Circles side by side near Pudong, each ≈ 1.5 km across.
  const lng0 = 121.53 + index * 0.02;
  const lat0 = 31.21;
  const span = 0.015;
  const compounds = [];
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 5; column++) {
      const point: ReportLngLat = [lng0 + (column + 0.5) * (span / 5), lat0 + (row + 0.5) * (span / 4)];
      compounds.push({
        name: `${['樱花', '翠竹', '金杨', '海桐'][row]}${column + 1}号小区`,
        // Every fifth compound has no outline, to draw the fallback square.
        ring: (row * 5 + column) % 5 === 4 ? null : square(point, 0.0016),
        point,
        coverage: Math.round(rng() * 100) / 100,
      });
    }
  }
  const outlets = SAMPLE_CATEGORIES.flatMap((category, c) =>
    [0, 1, 2].map((k) => ({
      point: [lng0 + rng() * span, lat0 + rng() * span] as ReportLngLat,
      categoryId: category.id,
      name: `${category.nameZh}${c}-${k}`,
    })),
  );
  const categories: CategoryFigures[] = SAMPLE_CATEGORIES.map((category) => {
    const evaluated = category.targetMinutes !== null;
    const share = Math.round(rng() * 1000) / 1000;
    return {
      ...category,
      coverageShare: evaluated ? share : null,
      elderlyCoverageShare: evaluated ? Math.round(share * (0.8 + rng() * 0.2) * 1000) / 1000 : null,
      outletsPer10k: Math.round(rng() * 50) / 10,
      numOutlets: 3,
    };
  });
  const residents = 20_000 + Math.round(rng() * 30_000);
  const name = CIRCLE_NAMES[index] ?? `第${index + 1}生活圈`;
  return {
    id: index + 1,
    name,
    residents,
    households: Math.round(residents / 2.4),
    share60plus: Math.round((0.12 + rng() * 0.25) * 1000) / 1000,
    share0to14: Math.round(rng() * 200) / 1000,
    grade: GRADES[index % GRADES.length] ?? null,
    gradeReasons: ['基本保障类业态覆盖率 87.5%，低于提升型要求的 90%。', '社区养老服务机构步行 15 分钟覆盖率不足。'],
    categories,
    type: CIRCLE_TYPES[index % CIRCLE_TYPES.length]!,
    strongest: ['便利店', '药店'],
    weakest: ['菜市场', '新式书店'],
    shortfalls: [
      {
        categoryId: 'wet_market',
        nameZh: '菜市场',
        uncoveredResidents: 4321,
        uncoveredElderly: 987,
        compounds: compounds.slice(0, 10).map((compound) => compound.name),
      },
      {
        categoryId: 'bookstore',
        nameZh: '新式书店',
        uncoveredResidents: 12000,
        uncoveredElderly: 2100,
        compounds: ['海桐5号小区'],
      },
    ],
    map: {
      boundary: [
        [
          [lng0 - 0.001, lat0 - 0.001],
          [lng0 + span + 0.001, lat0 - 0.001],
          [lng0 + span + 0.001, lat0 + span + 0.001],
          [lng0 - 0.001, lat0 + span + 0.001],
        ],
      ],
      compounds,
      outlets,
      streets: [0.25, 0.5, 0.75].flatMap((t) => [
        [
          [lng0 + t * span, lat0 - 0.002],
          [lng0 + t * span, lat0 + span + 0.002],
        ] as ReportLngLat[],
        [
          [lng0 - 0.002, lat0 + t * span],
          [lng0 + span + 0.002, lat0 + t * span],
        ] as ReportLngLat[],
      ]),
    },
  };
}

/**
 * A small district report for tests and previews: `numCircles` circles
 * (default two) of 20 compounds drawn as small squares, 18 outlets and six
 * formats each; values from a seeded generator, so every call is the same.
 */
export function sampleDistrictReport(numCircles = 2, seed = 42): DistrictReport {
  const rng = seededRng(seed);
  const circles = Array.from({ length: numCircles }, (_, i) => sampleCircle(i, rng));
  const residents = circles.reduce((sum, circle) => sum + circle.residents, 0);
  return {
    title: '浦东新区一刻钟便民生活圈评估报告',
    districtName: '浦东新区',
    generatedAt: '2026-11-27 08:00',
    profileLabel: '全体居民（步速 1.2 m/s）',
    timeLabel: '工作日 08:00',
    attribution: ['© OpenStreetMap contributors (ODbL)', '人口：第七次全国人口普查（街道汇总）'],
    targets: { basic: 0.9, quality: 0.7 },
    district: {
      name: '浦东新区',
      residents,
      households: Math.round(residents / 2.4),
      share60plus: 0.27,
      share0to14: 0.11,
      grade: '提升型',
      gradeReasons: ['全区基本保障类业态平均覆盖率达到 90%。'],
      categories: SAMPLE_CATEGORIES.map((category, i) => ({
        ...category,
        coverageShare: category.targetMinutes === null ? null : 0.5 + i * 0.08,
        elderlyCoverageShare: category.targetMinutes === null ? null : 0.45 + i * 0.08,
        outletsPer10k: 2 + i,
        numOutlets: 3 * numCircles,
      })),
    },
    circles,
  };
}
