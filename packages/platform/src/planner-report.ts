import { WALKING_PROFILES } from '@lifecircle/engine';
import {
  circlePortrait,
  circleShortfalls,
  type AreaEvaluation,
  type CategoryDistances,
  type Evaluation,
  type GradingRules,
  type PlannerModel,
} from '@lifecircle/planner';
import {
  circleReportPdf,
  districtReportPdf,
  districtReportXlsx,
  type AreaSummary,
  type CircleReport,
  type CircleType,
  type DistrictReport,
  type ReportLngLat,
} from '@lifecircle/reports';
import type { District } from '@lifecircle/shared';

export type ReportKind = 'district.xlsx' | 'district.pdf' | 'circle.pdf';

const GATE_LABELS: Record<string, string> = {
  basicShare: '基本保障类业态覆盖不足',
  qualityShare: '品质提升类业态覆盖不足',
  group: '组合业态不全',
  mustHave: '缺少必备业态',
};
const TYPE_LABELS: Record<string, CircleType> = { 'elderly-heavy': '老年型', 'youth-heavy': '青少年型', balanced: '均衡型' };
const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

function areaSummary(model: PlannerModel, area: AreaEvaluation): AreaSummary {
  const byId = new Map(area.categories.map((c) => [c.categoryId, c]));
  const share = (n: number) => (area.residents > 0 ? n / area.residents : 0);
  return {
    name: area.name,
    residents: area.residents,
    households: area.households,
    share60plus: share(area.elderly),
    share0to14: share(area.youth),
    grade: area.grade,
    gradeReasons: area.gradeReasons.map((r) => `${r.grade}：${GATE_LABELS[r.gate] ?? r.gate}（${r.detail}）`),
    categories: model.input.taxonomy.categories.map((category) => {
      const c = byId.get(category.id);
      return {
        id: category.id,
        nameZh: category.nameZh,
        tier: category.tier,
        targetMinutes: c?.targetMinutes ?? category.defaultWalkMinutes,
        coverageShare: c ? finiteOrNull(c.share) : null,
        elderlyCoverageShare: c ? finiteOrNull(c.elderlyShare) : null,
        outletsPer10k: c ? (finiteOrNull(c.outletsPer10k) ?? 0) : 0,
        numOutlets: c?.numOutletsInside ?? 0,
      };
    }),
  };
}

/**
 * The report data for the district and each circle, from one evaluation:
 * summaries, portraits (type, strongest and weakest formats), shortfalls and
 * a map of each circle whose compounds are coloured by the share of basic
 * formats their residents reach within target minutes.
 */
export function buildDistrictReport(
  model: PlannerModel,
  table: Map<string, CategoryDistances>,
  evaluation: Evaluation,
  rules: GradingRules,
  query: { profile: 'adult' | 'elderly'; at: string | null },
  districts: readonly District[],
  attribution: string[] = [],
): DistrictReport {
  const { taxonomy, compounds, outlets } = model.input;
  const nameOf = new Map(taxonomy.categories.map((c) => [c.id, c.nameZh]));
  const shortfalls = new Map(circleShortfalls(compounds, evaluation, table, rules).map((s) => [s.circleId, s]));
  const speedMps = WALKING_PROFILES[query.profile].speedMps;
  const basic = taxonomy.categories.filter((c) => c.tier === 'basic' && c.walkEvaluated && table.has(c.id));
  const basicReach = compounds.map((_, i) => {
    let reached = 0;
    for (const category of basic)
      if (table.get(category.id)!.distM[i]! <= (category.defaultWalkMinutes ?? 15) * 60 * speedMps) reached++;
    return basic.length > 0 ? reached / basic.length : 0;
  });
  const districtName = districts[0]?.name ?? evaluation.district.name;
  const circles: CircleReport[] = evaluation.circles.map((area) => {
    const portrait = circlePortrait(model, evaluation, area.id!, rules, table);
    const input = model.input.circles.find((c) => c.id === area.id);
    const boundary = input?.boundary ?? null;
    const rings: ReportLngLat[][] | null =
      boundary === null
        ? null
        : boundary.type === 'Polygon'
          ? [boundary.coordinates[0]!]
          : boundary.coordinates.map((p) => p[0]!);
    return {
      ...areaSummary(model, area),
      id: area.id!,
      type: TYPE_LABELS[portrait.type] ?? '均衡型',
      strongest: portrait.strongest.map((f) => nameOf.get(f.categoryId) ?? f.categoryId),
      weakest: portrait.weakest.map((f) => nameOf.get(f.categoryId) ?? f.categoryId),
      shortfalls: (shortfalls.get(area.id!)?.shortfalls ?? []).map((s) => ({
        categoryId: s.categoryId,
        nameZh: nameOf.get(s.categoryId) ?? s.categoryId,
        uncoveredResidents: s.uncoveredResidents,
        uncoveredElderly: s.uncoveredElderly,
        compounds: s.compounds.features.map((f) => f.properties.name),
      })),
      map: {
        boundary: rings,
        compounds: compounds
          .map((c, i) => ({ c, i }))
          .filter(({ c }) => c.circleId === area.id)
          .map(({ c, i }) => ({ name: c.name, ring: c.ring, point: c.location, coverage: basicReach[i]! })),
        outlets: outlets
          .filter((o) => o.circleId === area.id)
          .map((o) => ({ point: o.location, categoryId: o.categoryIds[0]!, name: o.name })),
      },
    };
  });
  return {
    title: `${districtName}一刻钟便民生活圈评估报告`,
    districtName,
    generatedAt: new Date().toISOString(),
    profileLabel: query.profile === 'elderly' ? '老年人步速 0.8 米/秒' : '成年人步速 1.2 米/秒',
    timeLabel: query.at === null ? '不限营业时间' : `${query.at} 营业中的网点`,
    attribution,
    district: areaSummary(model, evaluation.district),
    circles,
  };
}

/** Renders the report as the asked kind. */
export function renderReport(report: DistrictReport, kind: ReportKind, circleId?: number): Promise<Uint8Array> {
  if (kind === 'district.xlsx') return districtReportXlsx(report);
  if (kind === 'district.pdf') return districtReportPdf(report);
  return circleReportPdf(report, circleId!);
}
