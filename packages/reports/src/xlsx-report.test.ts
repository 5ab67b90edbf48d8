import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sampleDistrictReport } from './testing/sample-report.js';
import { MAX_SHEET_NAME_LENGTH, SOURCES_SHEET, SUMMARY_SHEET, districtReportXlsx, uniqueSheetName } from './xlsx-report.js';

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.fgColor?.argb;
}

describe('districtReportXlsx', () => {
  it('writes a summary sheet, one sheet per circle and a sources sheet with valid, unique names', async () => {
    const report = sampleDistrictReport(2);
    // Two circles whose names clash once cut to 31 characters, with a character Excel forbids.
    report.circles[0]!.name = `${'长'.repeat(40)}/甲`;
    report.circles[1]!.name = `${'长'.repeat(40)}/乙`;
    const workbook = await readBack(await districtReportXlsx(report));
    const names = workbook.worksheets.map((sheet) => sheet.name);
    assert.deepEqual(names, [SUMMARY_SHEET, '长'.repeat(31), `${'长'.repeat(27)} (2)`, SOURCES_SHEET]);
    for (const name of names) assert.ok([...name].length <= MAX_SHEET_NAME_LENGTH, name);
    assert.equal(new Set(names.map((name) => name.toLowerCase())).size, names.length);
  });

  it('puts the district and each circle on the summary with formatted shares and hand-checked tier means', async () => {
    const report = sampleDistrictReport(2);
    const circle = report.circles[0]!;
    // Basic: 0.95, 0.75, 0.5 and one not evaluated → mean 0.7333…; quality: 0.8, 0.4 → 0.6.
    const shares = [0.95, 0.75, 0.5, null, 0.8, 0.4];
    circle.categories.forEach((category, i) => (category.coverageShare = shares[i] ?? null));
    const sheet = (await readBack(await districtReportXlsx(report))).getWorksheet(SUMMARY_SHEET)!;
    assert.equal(sheet.getCell('A1').value, '名称 (name)');
    assert.equal(sheet.getCell('A2').value, report.district.name);
    assert.equal(sheet.getCell('A3').value, circle.name);
    assert.equal(sheet.getCell('B3').value, circle.type);
    assert.equal(sheet.getCell('C3').value, circle.residents);
    assert.equal(sheet.getCell('C3').numFmt, '#,##0');
    assert.equal(sheet.getCell('E3').value, circle.share60plus);
    assert.equal(sheet.getCell('E3').numFmt, '0.0%');
    assert.equal(sheet.getCell('G3').value, circle.grade);
    assert.ok(Math.abs((sheet.getCell('H3').value as number) - 0.73333333) < 1e-6);
    assert.ok(Math.abs((sheet.getCell('I3').value as number) - 0.6) < 1e-9);
    // Targets 0.9 / 0.7 with an amber band of 0.2: basic 0.733 is amber, quality 0.6 amber.
    assert.equal(fillOf(sheet.getCell('H3')), 'FFFEE08B');
    assert.equal(sheet.getCell('A4').value, report.circles[1]!.name);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
  });

  it("fills each format's coverage red, amber or green against its tier target and shows — when not evaluated", async () => {
    const report = sampleDistrictReport(1);
    const circle = report.circles[0]!;
    const shares = [0.95, 0.7, 0.5, null, 0.7, 0.49];
    circle.categories.forEach((category, i) => (category.coverageShare = shares[i] ?? null));
    const sheet = (await readBack(await districtReportXlsx(report))).getWorksheet(circle.name)!;
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 2);
    assert.equal(sheet.getCell('A2').value, '业态 (format)');
    assert.equal(sheet.getCell('D2').value, '覆盖率 (coverage)');
    const expected = [
      ['便利店', 0.95, 'FFA6D96A'],
      ['菜市场', 0.7, 'FFFEE08B'],
      ['药店', 0.5, 'FFF4A582'],
      ['前置仓', '—', undefined],
      ['社区养老服务机构', 0.7, 'FFA6D96A'],
      ['新式书店', 0.49, 'FFF4A582'],
    ] as const;
    expected.forEach(([name, value, fill], i) => {
      const row = sheet.getRow(3 + i);
      assert.equal(row.getCell(1).value, name);
      assert.equal(row.getCell(4).value, value);
      assert.equal(row.getCell(4).numFmt, '0.0%');
      assert.equal(fillOf(row.getCell(4)), fill, name);
    });
    assert.equal(sheet.getRow(3).getCell(2).value, '基本保障类');
    // Blank row, then the shortfalls with their header.
    assert.equal(sheet.getRow(10).getCell(1).value, '短板业态 (shortfall)');
    assert.equal(sheet.getRow(11).getCell(1).value, circle.shortfalls[0]!.nameZh);
    assert.equal(sheet.getRow(11).getCell(2).value, circle.shortfalls[0]!.uncoveredResidents);
    assert.equal(sheet.getRow(11).getCell(4).value, circle.shortfalls[0]!.compounds.join('、'));
  });

  it('lists every attribution line on the sources sheet', async () => {
    const report = sampleDistrictReport(1);
    const sheet = (await readBack(await districtReportXlsx(report))).getWorksheet(SOURCES_SHEET)!;
    const values: unknown[] = [];
    sheet.eachRow((row) => values.push(row.getCell(2).value));
    for (const line of report.attribution) assert.ok(values.includes(line), line);
    assert.ok(values.includes('基本保障类 90.0%，品质提升类 70.0%'));
  });
});

describe('uniqueSheetName', () => {
  it('replaces forbidden characters, trims apostrophes and numbers clashes ignoring case', () => {
    const taken = new Set<string>();
    assert.equal(uniqueSheetName("'a/b[c]:d*e?f\\'", taken), 'a_b_c__d_e_f_');
    assert.equal(uniqueSheetName('Circle', taken), 'Circle');
    assert.equal(uniqueSheetName('circle', taken), 'circle (2)');
    assert.equal(uniqueSheetName('CIRCLE', taken), 'CIRCLE (3)');
    assert.equal(uniqueSheetName('', taken), 'Sheet');
  });
});
