import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError } from '@lifecircle/shared';
import { CJK_FONT_POSTSCRIPT_NAMES } from './cjk-font.js';
import { circleReportPdf, compoundList, districtReportPdf } from './pdf-report.js';
import { inspectPdf, type PdfInspection } from './testing/pdf-inspect.js';
import { largeDistrictReport } from './testing/large-sample-report.js';
import { sampleDistrictReport } from './testing/sample-report.js';

/** Labels every circle section prints, beside the data's own text. */
const SECTION_LABELS = ['短板业态与未覆盖居民', '小区覆盖率', '生活圈边界', '基本保障类', '品质提升类', '目标覆盖率', '第页'];

function assertCovers(inspection: PdfInspection, text: string): void {
  const missing = [...text].filter((character) => !/\s/.test(character) && !inspection.mappedCharacters.has(character));
  assert.deepEqual(missing, [], `characters of "${text}" missing from the ToUnicode maps`);
}

function assertOnlyCjkFonts(inspection: PdfInspection): void {
  assert.ok(inspection.baseFonts.length > 0, 'no font at all');
  const names = Object.values(CJK_FONT_POSTSCRIPT_NAMES).join('|');
  for (const name of inspection.baseFonts) assert.match(name, new RegExp(`^[A-Z]{6}\\+(${names})$`), name);
  // One embedded TrueType program per weight used (regular and bold).
  assert.equal(inspection.numFontFiles, 2);
  assert.equal((inspection.text.match(/\/FontFile2 /g) ?? []).length, 2);
}

describe('circleReportPdf', () => {
  const report = sampleDistrictReport(2);
  const circle = report.circles[0]!;

  it('writes a two-page A4 PDF with the circle name and labels in the embedded CJK font', async () => {
    const bytes = await circleReportPdf(report, circle.id);
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    const inspection = inspectPdf(bytes);
    assert.equal(inspection.numPages, 2);
    assert.match(inspection.text, /\/MediaBox \[0 0 595\.28 841\.89\]/);
    assertOnlyCjkFonts(inspection);
    for (const text of [circle.name, circle.type, circle.grade ?? '', report.attribution[0]!, ...SECTION_LABELS]) {
      assertCovers(inspection, text);
    }
    for (const shortfall of circle.shortfalls) assertCovers(inspection, shortfall.nameZh);
    // A character the report never prints is not mapped: the check can fail.
    assert.equal(inspection.mappedCharacters.has('龘'), false);
  });

  it('embeds only the glyphs it uses, not the 10 MB font', async () => {
    const inspection = inspectPdf(await circleReportPdf(report, circle.id));
    assert.equal(inspection.fontPrograms.length, 2);
    for (const program of inspection.fontPrograms) {
      // A TrueType program starts with its sfnt version: 0x00010000, or "true" as fontkit's subsets write it.
      assert.ok([0x00010000, 0x74727565].includes(program.readUInt32BE(0)), program.subarray(0, 4).toString('hex'));
      assert.ok(program.length < 200_000, `font program of ${program.length} bytes`);
    }
  });

  it('finds the circle by its id given as text or as a number', async () => {
    const byText = inspectPdf(await circleReportPdf(report, String(report.circles[1]!.id)));
    assertCovers(byText, report.circles[1]!.name);
    assert.equal(byText.mappedCharacters.has('牡'), false, 'the other circle name leaked in');
  });

  it('throws NOT_FOUND for an unknown circle', async () => {
    await assert.rejects(circleReportPdf(report, 'nope'), (error) => isLifecircleError(error, 'NOT_FOUND'));
  });

  it('fills each compound with the colour of its coverage', async () => {
    const coloured = sampleDistrictReport(1);
    const only = coloured.circles[0]!;
    only.map.compounds.forEach((compound, i) => (compound.coverage = i === 0 ? 0 : 1));
    const content = inspectPdf(await circleReportPdf(coloured, only.id))
      .streams.map((stream) => stream.data.toString('latin1'))
      .join('\n');
    // pdfkit writes an RGB fill as three fractions of 255 before `scn`.
    const fillOf = (rgb: number[]): string => `${rgb.map((value) => value / 255).join(' ')} scn`;
    const count = (needle: string): number => content.split(needle).length - 1;
    assert.equal(count(fillOf([215, 48, 39])), 1, 'one compound at 0 % in ColorBrewer red');
    assert.equal(count(fillOf([26, 152, 80])), only.map.compounds.length - 1, 'the others at 100 % in green');
  });

  it('draws a circle with no map data, no grade, no formats and no shortfalls', async () => {
    const bare = sampleDistrictReport(1);
    const only = bare.circles[0]!;
    Object.assign(only, { grade: null, gradeReasons: [], categories: [], shortfalls: [], strongest: [], weakest: [] });
    only.map = { boundary: null, compounds: [], outlets: [] };
    const inspection = inspectPdf(await circleReportPdf(bare, only.id));
    assert.equal(inspection.numPages, 2);
    assertCovers(inspection, '未评级无短板业态。');
  });

  it('runs a long shortfalls table onto a third page', async () => {
    const long = sampleDistrictReport(1);
    const only = long.circles[0]!;
    only.shortfalls = Array.from({ length: 60 }, (_, i) => ({
      categoryId: `c${i}`,
      nameZh: `业态${i}`,
      uncoveredResidents: 100 + i,
      uncoveredElderly: i,
      compounds: ['甲小区', '乙小区'],
    }));
    assert.equal(inspectPdf(await circleReportPdf(long, only.id)).numPages, 3);
  });
});

describe('districtReportPdf', () => {
  it('has a cover, the summary, the district chart and two pages per circle', async () => {
    const report = sampleDistrictReport(2);
    const inspection = inspectPdf(await districtReportPdf(report));
    assert.equal(inspection.numPages, 3 + 2 * report.circles.length);
    assertOnlyCjkFonts(inspection);
    for (const text of [report.title, report.district.name, ...report.circles.map((circle) => circle.name), '生活圈评估汇总']) {
      assertCovers(inspection, text);
    }
  });

  it('renders 16 real-sized circles in a few seconds and under 10 MB', async (t) => {
    const report = largeDistrictReport(16);
    const started = performance.now();
    const bytes = await districtReportPdf(report);
    const elapsedMs = performance.now() - started;
    t.diagnostic(`16 circles: ${(bytes.length / 1024).toFixed(0)} KiB in ${elapsedMs.toFixed(0)} ms`);
    const inspection = inspectPdf(bytes);
    // 30 formats and 30 shortfalls push each circle's table onto a third page.
    assert.equal(inspection.numPages, 3 + 3 * 16);
    const fontBytes = inspection.fontPrograms.reduce((sum, program) => sum + program.length, 0);
    t.diagnostic(`${inspection.mappedCharacters.size} characters mapped, font programs ${(fontBytes / 1024).toFixed(0)} KiB`);
    assert.ok(bytes.length < 10 * 1024 * 1024);
    assert.ok(elapsedMs < 10_000);
  });
});

describe('compoundList', () => {
  it('lists up to eight names and counts the rest', () => {
    assert.equal(compoundList([]), '—');
    assert.equal(compoundList(['甲', '乙']), '甲、乙');
    const names = Array.from({ length: 10 }, (_, i) => `小区${i}`);
    assert.equal(compoundList(names), '小区0、小区1、小区2、小区3、小区4、小区5、小区6、小区7 等 10 个小区');
  });
});
