import { LifecircleError } from '@lifecircle/shared';
import { drawCoverageChart } from './pdf-coverage-chart.js';
import { BODY, INK, createReportDocument, textLine, type Pdf } from './pdf-document.js';
import { drawCircleMap } from './pdf-map.js';
import { drawTable, type TableColumn } from './pdf-table.js';
import type { AreaSummary, CircleReport, DistrictReport, ReportTier } from './report-data.js';
import { MISSING, formatCount, formatPercent, reportTargets, tierMeanCoverage } from './report-format.js';

/** How many compound names a shortfall row lists before "等 N 个小区". */
export const MAX_COMPOUNDS_LISTED = 8;

/**
 * One circle's report as a PDF (A4, Noto Sans SC embedded and subset): the
 * portrait and the map on the first page, the coverage chart and the
 * shortfalls on the second (the table runs on when long). Throws NOT_FOUND
 * for an unknown circle id (compared as text).
 */
export async function circleReportPdf(report: DistrictReport, circleId: string | number): Promise<Uint8Array> {
  const circle = report.circles.find((candidate) => String(candidate.id) === String(circleId));
  if (!circle) throw new LifecircleError('NOT_FOUND', { entity: '生活圈', id: String(circleId) });
  const { doc, finish } = createReportDocument(`${circle.name} · ${report.title}`, footerOf(report));
  drawCircleSection(doc, report, circle);
  return finish();
}

/**
 * The district report as a PDF: a cover with the district's portrait, a
 * summary table of the circles with their grades, the district's coverage
 * chart, then each circle's section as in circleReportPdf.
 */
export async function districtReportPdf(report: DistrictReport): Promise<Uint8Array> {
  const { doc, finish } = createReportDocument(report.title, footerOf(report));
  drawCover(doc, report);
  doc.outline.addItem('封面');
  drawCircleSummary(doc, report);
  doc.outline.addItem('生活圈评估汇总');
  doc.addPage();
  doc.outline.addItem(`${report.district.name} · 业态覆盖率`);
  const chartY = heading(doc, `${report.district.name} · 业态覆盖率`, report, BODY.y);
  drawCoverageChart(doc, report.district.categories, reportTargets(report), BODY.x, chartY + 6, BODY.width);
  for (const circle of report.circles) drawCircleSection(doc, report, circle);
  return finish();
}

function footerOf(report: DistrictReport): { attribution: string[]; caption: string } {
  return { attribution: report.attribution, caption: `${report.title} · ${report.generatedAt}` };
}

/** Title and the line of labels under it; returns the y below. */
function heading(doc: Pdf, title: string, report: DistrictReport, y: number, labels?: string[]): number {
  textLine(doc, title, BODY.x, y, { width: BODY.width, size: 16, bold: true, colour: INK.accent });
  const line = [report.districtName, ...(labels ?? []), report.profileLabel, report.timeLabel].filter((text) => text !== '');
  textLine(doc, line.join(' · '), BODY.x, y + 24, { width: BODY.width, size: 8.5, colour: INK.muted });
  return y + 40;
}

function drawCover(doc: Pdf, report: DistrictReport): void {
  doc.addPage();
  const district = report.district;
  textLine(doc, report.title, BODY.x, 200, { width: BODY.width, size: 24, bold: true, colour: INK.accent, align: 'center' });
  textLine(doc, district.name, BODY.x, 245, { width: BODY.width, size: 14, align: 'center' });
  const facts = [
    `评估对象：${report.profileLabel}`,
    `营业时间口径：${report.timeLabel}`,
    `生成时间：${report.generatedAt}`,
    `生活圈数量：${report.circles.length}`,
  ];
  facts.forEach((fact, i) => {
    textLine(doc, fact, BODY.x, 290 + i * 16, { width: BODY.width, size: 10, colour: INK.muted, align: 'center' });
  });
  drawPortraitFigures(doc, district, BODY.x, 400);
  district.gradeReasons.slice(0, 12).forEach((reason, i) => {
    textLine(doc, `· ${reason}`, BODY.x + 20, 470 + i * 13, { width: BODY.width - 40, size: 8.5 });
  });
  textLine(doc, `数据来源：${report.attribution.join('；')}`, BODY.x, 700, {
    width: BODY.width,
    size: 8,
    colour: INK.muted,
    align: 'center',
  });
}

function drawCircleSummary(doc: Pdf, report: DistrictReport): void {
  doc.addPage();
  let y = heading(doc, '生活圈评估汇总', report, BODY.y);
  const columns: TableColumn[] = [
    { header: '生活圈', width: 120 },
    { header: '类型', width: 50 },
    { header: '常住居民', width: 60, align: 'right' },
    { header: '60岁以上', width: 50, align: 'right' },
    { header: '等级', width: 50, align: 'center' },
    { header: '基本保障类平均覆盖率', width: 92, align: 'right' },
    { header: '品质提升类平均覆盖率', width: 93, align: 'right' },
  ];
  const row = (area: AreaSummary, type: string): string[] => [
    area.name,
    type,
    formatCount(area.residents),
    formatPercent(area.share60plus),
    area.grade ?? MISSING,
    formatPercent(tierMeanCoverage(area, 'basic')),
    formatPercent(tierMeanCoverage(area, 'quality')),
  ];
  const rows = [row(report.district, '全区'), ...report.circles.map((circle) => row(circle, circle.type))];
  y = drawTable(doc, columns, rows, BODY.x, y + 4);
  textLine(doc, '平均覆盖率为各业态覆盖率的算术平均（每个业态计一次）。', BODY.x, y + 6, {
    width: BODY.width,
    size: 7,
    colour: INK.muted,
  });
}

const FIGURE_BOX_HEIGHT = 44;

/** A row of five boxes: residents, households, 60+ share, 0–14 share, grade. Returns the y below. */
function drawPortraitFigures(doc: Pdf, area: AreaSummary, x: number, y: number): number {
  const figures: [string, string][] = [
    ['常住居民', formatCount(area.residents)],
    ['户数', formatCount(area.households)],
    ['60 岁以上占比', formatPercent(area.share60plus)],
    ['0–14 岁占比', formatPercent(area.share0to14)],
    ['等级', area.grade ?? '未评级'],
  ];
  const boxWidth = BODY.width / figures.length;
  figures.forEach(([label, value], i) => {
    const boxX = x + i * boxWidth;
    doc.rect(boxX + 2, y, boxWidth - 4, FIGURE_BOX_HEIGHT).fill('#eef2f6');
    textLine(doc, label, boxX + 8, y + 5, { width: boxWidth - 16, size: 7.5, colour: INK.muted });
    textLine(doc, value, boxX + 8, y + 17, { width: boxWidth - 16, size: 15, bold: true });
  });
  return y + FIGURE_BOX_HEIGHT;
}

const MAP_HEIGHT = 520;

function drawCircleSection(doc: Pdf, report: DistrictReport, circle: CircleReport): void {
  const tiers = new Map<string, ReportTier>(circle.categories.map((category) => [category.id, category.tier]));
  for (const category of report.district.categories) if (!tiers.has(category.id)) tiers.set(category.id, category.tier);

  // Page 1: portrait and map.
  doc.addPage();
  doc.outline.addItem(circle.name);
  let y = heading(doc, circle.name, report, BODY.y, [circle.type]);
  y = drawPortraitFigures(doc, circle, BODY.x, y) + 10;
  drawCircleMap(doc, circle.map, { x: BODY.x, y, width: BODY.width, height: MAP_HEIGHT }, (id) => tiers.get(id) ?? null);
  y += MAP_HEIGHT + 10;
  const notes: [string, string[]][] = [
    ['等级说明', circle.gradeReasons],
    ['优势业态', circle.strongest.length > 0 ? [circle.strongest.join('、')] : []],
    ['短板业态', circle.weakest.length > 0 ? [circle.weakest.join('、')] : []],
  ];
  for (const [label, lines] of notes) {
    if (lines.length === 0) continue;
    textLine(doc, label, BODY.x, y, { width: 60, size: 8.5, bold: true });
    for (const line of lines.slice(0, 4)) {
      textLine(doc, line, BODY.x + 60, y, { width: BODY.width - 60, size: 8.5 });
      y += 13;
    }
    y += 3;
  }

  // Page 2: coverage chart and shortfalls.
  doc.addPage();
  y = heading(doc, `${circle.name} · 业态覆盖率`, report, BODY.y, [circle.type]);
  y = drawCoverageChart(doc, circle.categories, reportTargets(report), BODY.x, y, BODY.width) + 10;
  textLine(doc, '短板业态与未覆盖居民', BODY.x, y, { width: BODY.width, size: 11, bold: true, colour: INK.accent });
  y += 18;
  if (circle.shortfalls.length === 0) {
    textLine(doc, '无短板业态。', BODY.x, y, { width: BODY.width, size: 8.5, colour: INK.muted });
    return;
  }
  const columns: TableColumn[] = [
    { header: '业态', width: 125 },
    { header: '未覆盖居民', width: 65, align: 'right' },
    { header: '其中 60 岁以上', width: 70, align: 'right' },
    { header: '主要涉及小区', width: BODY.width - 260, wrap: true },
  ];
  const rows = circle.shortfalls.map((shortfall) => [
    shortfall.nameZh,
    formatCount(shortfall.uncoveredResidents),
    formatCount(shortfall.uncoveredElderly),
    compoundList(shortfall.compounds),
  ]);
  drawTable(doc, columns, rows, BODY.x, y);
}

/** The first MAX_COMPOUNDS_LISTED names joined with "、", and how many more. */
export function compoundList(compounds: readonly string[]): string {
  if (compounds.length === 0) return MISSING;
  const listed = compounds.slice(0, MAX_COMPOUNDS_LISTED).join('、');
  const more = compounds.length - MAX_COMPOUNDS_LISTED;
  return more > 0 ? `${listed} 等 ${compounds.length} 个小区` : listed;
}
