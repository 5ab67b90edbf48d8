import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLifecircleError } from '@lifecircle/shared';
import { readOriginsCsv } from './read-origins-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-origins-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readOriginsCsv', () => {
  it('reads plain and quoted files alike, with a BOM, CRLF and blank lines', () => {
    const plain = readOriginsCsv(write('plain.csv', '\uFEFFid,lon,lat,population\r\na,121.4,31.2,10\r\n\r\nb, 121.5 ,31.3,\r\n'));
    const quoted = readOriginsCsv(write('quoted.csv', 'id,lon,lat,population\n"a",121.4,31.2,10\n\n"b",121.5,31.3,\n'));
    for (const origins of [plain, quoted]) {
      assert.deepEqual(origins.id, ['a', 'b']);
      assert.deepEqual([...origins.lng], [121.4, 121.5]);
      assert.deepEqual([...origins.lat], [31.2, 31.3]);
      assert.deepEqual([...origins.population], [10, 1]);
    }
    assert.deepEqual(readOriginsCsv(write('comma.csv', 'id,lng,lat\n"x, y",121,31\n')).id, ['x, y']);
  });

  it('names the line and field of a bad value, counting blank lines, in both kinds of file', () => {
    for (const [name, text] of [
      ['plain-bad.csv', 'id,lon,lat\na,121.4,31.2\n\nb,east,31.2\n'],
      ['quoted-bad.csv', 'id,lon,lat\n"a",121.4,31.2\n\n"b",east,31.2\n'],
    ] as const) {
      assert.throws(
        () => readOriginsCsv(write(name, text)),
        (error) => isLifecircleError(error, 'CSV_PARSE') && error.details.line === 4 && error.details.field === 'lon',
        name,
      );
    }
  });

  it('rejects duplicate ids, out-of-range coordinates and a missing column', () => {
    const reject = (text: string, field: string) =>
      assert.throws(
        () => readOriginsCsv(write('bad.csv', text)),
        (error) => isLifecircleError(error, 'CSV_PARSE') && error.details.field === field,
      );
    reject('id,lon,lat\na,1,2\na,1,2\n', 'id');
    reject('id,lon,lat\na,1,95\n', 'lat');
    reject('id,lat\na,1\n', 'lon');
  });
});
