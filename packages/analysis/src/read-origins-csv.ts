import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { LifecircleError } from '@lifecircle/shared';

/** Origins of an access run: an id, a WGS-84 position and the residents they stand for. */
export interface Origins {
  id: string[];
  lng: Float64Array;
  lat: Float64Array;
  population: Float64Array;
}

/**
 * Reads an origins CSV with a header `id,lon,lat[,population]` (WGS-84;
 * `lng` is accepted for `lon`). All-or-nothing: the first bad value fails
 * with CSV_PARSE naming the file, line and field.
 */
export function readOriginsCsv(file: string): Origins {
  if (!existsSync(file)) throw new LifecircleError('FILE_NOT_FOUND', { file });
  const text = readFileSync(file, 'utf8');
  const { rows, lines } = splitCsv(text, file);
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const column = (names: string[], required: boolean): number => {
    const index = header.findIndex((h) => names.includes(h));
    if (index < 0 && required) {
      throw new LifecircleError('CSV_PARSE', {
        file,
        line: 1,
        field: names[0]!,
        reason: `missing column (header must be id,lon,lat[,population])`,
      });
    }
    return index;
  };
  const idColumn = column(['id'], true);
  const lngColumn = column(['lon', 'lng', 'longitude'], true);
  const latColumn = column(['lat', 'latitude'], true);
  const populationColumn = column(['population'], false);
  const count = rows.length - 1;
  const origins: Origins = {
    id: [],
    lng: new Float64Array(count),
    lat: new Float64Array(count),
    population: new Float64Array(count),
  };
  const seen = new Set<string>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const line = lines[r]!;
    const fail = (field: string, reason: string): never => {
      throw new LifecircleError('CSV_PARSE', { file, line, field, reason });
    };
    const id = row[idColumn] ?? '';
    if (id === '') fail('id', 'empty id');
    if (seen.has(id)) fail('id', `duplicate id "${id}"`);
    seen.add(id);
    const number = (columnIndex: number, field: string, min: number, max: number): number => {
      const text = row[columnIndex] ?? '';
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) fail(field, `expected a number, got "${text}"`);
      if (value < min || value > max) fail(field, `expected a value from ${min} to ${max}, got ${value}`);
      return value;
    };
    origins.id.push(id);
    origins.lng[r - 1] = number(lngColumn, 'lon', -180, 180);
    origins.lat[r - 1] = number(latColumn, 'lat', -90, 90);
    origins.population[r - 1] =
      populationColumn >= 0 && (row[populationColumn] ?? '') !== '' ? number(populationColumn, 'population', 0, 1e9) : 1;
  }
  return origins;
}

/**
 * Rows of a CSV file and the line each starts on. Files without a quote
 * character (the usual origins table) are split directly; any other goes
 * through csv-parse, which knows quoting.
 */
function splitCsv(text: string, file: string): { rows: string[][]; lines: number[] } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  if (!body.includes('"')) {
    body.split('\n').forEach((raw, index) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      rows.push(line.split(',').map((field) => field.trim()));
      lines.push(index + 1);
    });
    return { rows, lines };
  }
  try {
    const records: { record: string[]; info: { lines: number } }[] = parse(body, {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    });
    for (const { record, info } of records) {
      rows.push(record);
      lines.push(info.lines);
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new LifecircleError('CSV_PARSE', { file, line, field: '-', reason: (error as Error).message }, { cause: error });
  }
  return { rows, lines };
}
