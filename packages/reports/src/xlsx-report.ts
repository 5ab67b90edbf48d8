import ExcelJS from 'exceljs';
import type { AreaSummary, CircleReport, DistrictReport } from './report-data.js';
import {
  BAND_COLOURS,
  MISSING,
  TIER_LABELS,
  coverageBand,
  formatPercent,
  reportTargets,
  tierMeanCoverage,
} from './report-format.js';

/** Excel's limit on a sheet name's length. */
export const MAX_SHEET_NAME_LENGTH = 31;

/** Names of the fixed sheets. */
export const SUMMARY_SHEET = '汇总 (Summary)';
export const SOURCES_SHEET = '来源 (Sources)';

const PERCENT = '0.0%';
const COUNT = '#,##0';
const RATE = '0.0';
const HEADER_FILL = 'FFDDE5EE';

/**
 * A sheet name Excel accepts and no other sheet has (compared ignoring case,
 * as Excel does): characters `\ / ? * [ ] :` become "_", leading and trailing
 * apostrophes go, the name is cut to 31 characters (by code point) and
 * numbered " (2)", " (3)"… on a clash. Adds the name to `taken`.
 */
export function uniqueSheetName(name: string, taken: Set<string>): string {
  const cleaned =
    name
      .replace(/[\\/?*[\]:]/g, '_')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const base = [...cleaned].slice(0, MAX_SHEET_NAME_LENGTH - suffix.length).join('');
    const candidate = `${base}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/**
 * The district report as an XLSX workbook: a summary sheet (the district,
 * then one row per circle), one sheet per circle (formats with coverage as
 * percentages filled red/amber/green against the tier's target, then the
 * shortfalls) and a sources sheet with the attribution. Headers are frozen.
 */
export async function districtReportXlsx(report: DistrictReport): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lifecircle';
  workbook.title = report.title;
  const taken = new Set<string>([SUMMARY_SHEET.toLowerCase(), SOURCES_SHEET.toLowerCase()]);
  addSummarySheet(workbook, report);
  for (const circle of report.circles) addCircleSheet(workbook, report, circle, uniqueSheetName(circle.name, taken));
  addSourcesSheet(workbook, report);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
}

function addSummarySheet(workbook: ExcelJS.Workbook, report: DistrictReport): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = [
    { header: '名称 (name)', key: 'name', width: 28 },
    { header: '类型 (type)', key: 'type', width: 12 },
    { header: '常住居民 (residents)', key: 'residents', width: 14, style: { numFmt: COUNT } },
    { header: '户数 (households)', key: 'households', width: 14, style: { numFmt: COUNT } },
    { header: '60岁以上占比 (60+)', key: 'share60plus', width: 14, style: { numFmt: PERCENT } },
    { header: '0–14岁占比 (0–14)', key: 'share0to14', width: 14, style: { numFmt: PERCENT } },
    { header: '等级 (grade)', key: 'grade', width: 10 },
    { header: '基本保障类平均覆盖率 (basic)', key: 'basic', width: 18, style: { numFmt: PERCENT } },
    { header: '品质提升类平均覆盖率 (quality)', key: 'quality', width: 18, style: { numFmt: PERCENT } },
  ];
  styleHeader(sheet.getRow(1));
  sheet.getRow(1).height = 32;
  const targets = reportTargets(report);
  const add = (area: AreaSummary, type: string, bold: boolean): void => {
    const basic = tierMeanCoverage(area, 'basic');
    const quality = tierMeanCoverage(area, 'quality');
    const row = sheet.addRow({
      name: area.name,
      type,
      residents: area.residents,
      households: area.households,
      share60plus: area.share60plus,
      share0to14: area.share0to14,
      grade: area.grade ?? MISSING,
      basic: basic ?? MISSING,
      quality: quality ?? MISSING,
    });
    if (bold) row.font = { bold: true };
    if (basic !== null) fillBand(row.getCell('basic'), basic, targets.basic);
    if (quality !== null) fillBand(row.getCell('quality'), quality, targets.quality);
  };
  add(report.district, '全区', true);
  for (const circle of report.circles) add(circle, circle.type, false);
  const note = sheet.addRow([]);
  note.getCell(1).value = '平均覆盖率为各业态覆盖率的算术平均（每个业态计一次）。';
  note.getCell(1).font = { italic: true, color: { argb: 'FF666666' } };
}

function fillBand(cell: ExcelJS.Cell, share: number, target: number): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${BAND_COLOURS[coverageBand(share, target)]}` } };
}

function addCircleSheet(workbook: ExcelJS.Workbook, report: DistrictReport, circle: CircleReport, name: string): void {
  // Row 1 names the circle, row 2 heads the format table: both stay in view.
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = [
    { key: 'name', width: 30 },
    { key: 'tier', width: 14 },
    { key: 'minutes', width: 14 },
    { key: 'coverage', width: 14 },
    { key: 'elderly', width: 16 },
    { key: 'outlets', width: 12 },
    { key: 'per10k', width: 14 },
  ];
  const title = sheet.getRow(1);
  title.getCell(1).value = [circle.name, circle.type, circle.grade ?? '未评级', report.profileLabel, report.timeLabel].join(
    ' · ',
  );
  title.getCell(1).font = { bold: true, size: 13 };
  const header = sheet.getRow(2);
  header.values = [
    '业态 (format)',
    '类别 (tier)',
    '目标步行分钟 (min)',
    '覆盖率 (coverage)',
    '60岁以上覆盖率 (60+)',
    '网点数 (outlets)',
    '每万人网点 (per 10k)',
  ];
  styleHeader(header);
  header.height = 32;
  const targets = reportTargets(report);
  for (const category of circle.categories) {
    const row = sheet.addRow({
      name: category.nameZh,
      tier: TIER_LABELS[category.tier],
      minutes: category.targetMinutes ?? MISSING,
      coverage: category.coverageShare ?? MISSING,
      elderly: category.elderlyCoverageShare ?? MISSING,
      outlets: category.numOutlets,
      per10k: category.outletsPer10k,
    });
    row.getCell('coverage').numFmt = PERCENT;
    row.getCell('elderly').numFmt = PERCENT;
    row.getCell('outlets').numFmt = COUNT;
    row.getCell('per10k').numFmt = RATE;
    const target = targets[category.tier];
    if (category.coverageShare !== null) fillBand(row.getCell('coverage'), category.coverageShare, target);
    if (category.elderlyCoverageShare !== null) fillBand(row.getCell('elderly'), category.elderlyCoverageShare, target);
  }

  sheet.addRow([]);
  const shortfallHeader = sheet.addRow([
    '短板业态 (shortfall)',
    '未覆盖居民 (uncovered)',
    '其中60岁以上 (60+)',
    '主要涉及小区 (compounds)',
  ]);
  styleHeader(shortfallHeader);
  shortfallHeader.height = 32;
  if (circle.shortfalls.length === 0) sheet.addRow(['无短板业态']);
  for (const shortfall of circle.shortfalls) {
    const row = sheet.addRow([
      shortfall.nameZh,
      shortfall.uncoveredResidents,
      shortfall.uncoveredElderly,
      shortfall.compounds.join('、'),
    ]);
    row.getCell(2).numFmt = COUNT;
    row.getCell(3).numFmt = COUNT;
  }
}

function addSourcesSheet(workbook: ExcelJS.Workbook, report: DistrictReport): void {
  const sheet = workbook.addWorksheet(SOURCES_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '项目 (item)', key: 'item', width: 24 },
    { header: '内容 (value)', key: 'value', width: 80 },
  ];
  styleHeader(sheet.getRow(1));
  const targets = reportTargets(report);
  const rows: [string, string][] = [
    ['报告 (report)', report.title],
    ['区 (district)', report.districtName],
    ['生成时间 (generated)', report.generatedAt],
    ['评估对象 (profile)', report.profileLabel],
    ['时间口径 (time)', report.timeLabel],
    [
      '目标覆盖率 (targets)',
      `${TIER_LABELS.basic} ${formatPercent(targets.basic)}，${TIER_LABELS.quality} ${formatPercent(targets.quality)}`,
    ],
    ...report.attribution.map((line): [string, string] => ['数据来源 (attribution)', line]),
  ];
  for (const [item, value] of rows) sheet.addRow({ item, value });
}
