import type { Street } from '@lifecircle/shared';
import type { TableRow } from './read-table.js';
import { RowReader } from './table-columns.js';

/**
 * Reads a table of street totals (e.g. census residents per 街道): a
 * `street`/`街道` column naming an existing street by name or code and a
 * `residents`/`人口` column. A street named twice, an unknown street or a
 * bad number is IMPORT_ROW naming the row and column.
 */
export function parseStreetTotals(rows: readonly TableRow[], file: string, streets: readonly Street[]): Map<number, number> {
  const byText = new Map<string, number>();
  for (const street of streets) {
    byText.set(street.name, street.id);
    if (street.code !== null) byText.set(street.code, street.id);
  }
  const totals = new Map<number, number>();
  for (const row of rows) {
    const reader = new RowReader(file, row);
    const streetColumn = reader.column(['street', '街道', 'street_code', '街道代码']);
    const text = reader.requiredText(streetColumn, 'street');
    const streetId =
      byText.get(text) ?? reader.fail(streetColumn!, `no street named "${text}" (import the street boundaries first)`);
    if (totals.has(streetId)) reader.fail(streetColumn!, `street "${text}" appears twice`);
    const residents = reader.number(
      reader.column(['residents', 'population', '人口', '常住人口']),
      'residents',
      0,
      10_000_000,
      true,
    )!;
    totals.set(streetId, residents);
  }
  return totals;
}
