import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { LifecircleError } from '@lifecircle/shared';
import { readCsv, readTable, readXlsx } from './read-table.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Asserts that `fn` throws a LifecircleError with this code and these details. */
async function assertRejectsWith(fn: () => unknown, code: string, details: Record<string, unknown>): Promise<void> {
  await assert.rejects(
    async () => fn(),
    (error: unknown) => {
      assert.ok(error instanceof LifecircleError, String(error));
      assert.equal(error.code, code);
      for (const [key, value] of Object.entries(details)) assert.equal(error.details[key], value, key);
      return true;
    },
  );
}

test('reads a CSV with BOM, CRLF, quoted commas and a quoted line break, numbering rows by the line they start on', () => {
  const text =
    '\uFEFFname,address,lat\r\n"联华超市(长寿路店)","长寿路1号,近西康路",31.24\r\n\r\n"两行\r\n名字",x,31.25\r\n全家,y,31.26\r\n';
  const table = readCsv(utf8(text), 'a.csv');
  assert.deepEqual(table.header, ['name', 'address', 'lat']);
  assert.deepEqual(
    table.rows.map((r) => r.row),
    [2, 4, 6],
  );
  assert.equal(table.rows[0]!.values.name, '联华超市(长寿路店)');
  assert.equal(table.rows[0]!.values.address, '长寿路1号,近西康路');
  // A line break inside a quoted field is the field's own text, kept as written (RFC 4180).
  assert.equal(table.rows[1]!.values.name, '两行\r\n名字');
  assert.equal(table.rows[2]!.values.lat, '31.26');
});

test('reads a GB 18030 CSV as Excel writes it', () => {
  // 名称,纬度 / 全家,31.2 in GBK bytes.
  const bytes = new Uint8Array([
    0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xce, 0xb3, 0xb6, 0xc8, 0x0a, 0xc8, 0xab, 0xbc, 0xd2, 0x2c, 0x33, 0x31, 0x2e, 0x32, 0x0a,
  ]);
  const table = readCsv(bytes, 'gbk.csv');
  assert.deepEqual(table.header, ['名称', '纬度']);
  assert.deepEqual(table.rows[0]!.values, { 名称: '全家', 纬度: '31.2' });
});

test('a ragged CSV row fails with IMPORT_ROW naming its line', async () => {
  await assertRejectsWith(() => readCsv(utf8('name,lat,lng\n甲,31,121\n乙,31\n'), 'r.csv'), 'IMPORT_ROW', {
    file: 'r.csv',
    row: 3,
    field: '(columns)',
  });
});

test('an unterminated quote fails with IMPORT_ROW at its line; binary bytes and an empty file with UNSUPPORTED_FORMAT', async () => {
  await assertRejectsWith(() => readCsv(utf8('name,lat\r\n甲,31\r\n"乙,31\r\n'), 'q.csv'), 'IMPORT_ROW', {
    file: 'q.csv',
    row: 3,
    field: '(CSV quoting)',
  });
  await assertRejectsWith(() => readCsv(utf8('name,lat\n甲,3"1\n'), 'q.csv'), 'IMPORT_ROW', { row: 2 });
  await assertRejectsWith(() => readCsv(new Uint8Array([1, 0, 2]), 'b.csv'), 'UNSUPPORTED_FORMAT', { file: 'b.csv' });
  await assertRejectsWith(() => readCsv(utf8(''), 'e.csv'), 'UNSUPPORTED_FORMAT', { file: 'e.csv' });
});

async function buildXlsx(rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('网点');
  rows.forEach((values, index) => {
    sheet.getRow(index + 1).values = values as ExcelJS.CellValue[];
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

test('reads the first worksheet of an XLSX file with sheet row numbers, numbers and dates as text, blank rows skipped', async () => {
  const bytes = await buildXlsx([
    ['名称', '纬度', '核实日期'],
    ['全家', 31.25, new Date(Date.UTC(2026, 10, 1))],
    [null, null, null],
    ['罗森', 31.5, null],
  ]);
  const table = await readTable(bytes, 'o.xlsx', 'xlsx');
  assert.deepEqual(table.header, ['名称', '纬度', '核实日期']);
  assert.deepEqual(table.rows, [
    { row: 2, values: { 名称: '全家', 纬度: '31.25', 核实日期: '2026-11-01' } },
    { row: 4, values: { 名称: '罗森', 纬度: '31.5', 核实日期: '' } },
  ]);
});

test('an XLSX number formatted as a percentage reads as the percentage a person sees', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('小区');
  sheet.addRow(['name', 'age_60_plus']);
  sheet.addRow(['甲村', 0.25]);
  sheet.getCell('B2').numFmt = '0%';
  const table = await readXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()), 'p.xlsx');
  assert.equal(table.rows[0]!.values.age_60_plus, '25%');
});

test('a truncated or random XLSX fails with UNSUPPORTED_FORMAT', async () => {
  const bytes = await buildXlsx([['name'], ['a']]);
  await assertRejectsWith(() => readXlsx(bytes.slice(0, Math.floor(bytes.length / 2)), 't.xlsx'), 'UNSUPPORTED_FORMAT', {
    file: 't.xlsx',
  });
  await assertRejectsWith(() => readXlsx(utf8('name,lat\n'), 'csv-named.xlsx'), 'UNSUPPORTED_FORMAT', { file: 'csv-named.xlsx' });
});

// Found by the import fuzzing (import-outlets.fuzz.test.ts): the name "!\r!" was stored as "!\n!".
test('fuzz regression: a CR inside a quoted field is kept as written, and later rows keep their line numbers', () => {
  const table = readCsv(utf8('name,lng\n"!\r!",121.4\r\n乙,121.5\r甲,121.6\n'), 'cr.csv');
  assert.deepEqual(
    table.rows.map((row) => [row.row, row.values.name]),
    [
      [2, '!\r!'],
      [4, '乙'],
      [5, '甲'],
    ],
  );
});
