import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defaultTaxonomy, loadTaxonomyFile } from '@lifecircle/analysis';
import { runImport, type Crs, type ImportKind, type TableFormat } from '@lifecircle/ingest';
import { importOsmFile } from '@lifecircle/platform';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { parseOptions } from './parse-options.js';

interface ImportOptions {
  'data-dir'?: string;
  db?: string;
  kind?: string;
  file?: string;
  format?: string;
  crs?: string;
  level?: string;
  status?: string;
  taxonomy?: string;
}

const KINDS = ['osm', 'outlets', 'compounds', 'boundaries', 'street-totals'];
const FORMATS = ['csv', 'xlsx', 'geojson'];
const CRSS = ['wgs84', 'gcj02', 'bd09'];

function choice(value: string | undefined, name: string, allowed: string[], fallback?: string): string {
  const v = value ?? fallback;
  if (v === undefined || !allowed.includes(v)) {
    throw new LifecircleError('USAGE', { reason: `--${name} expects one of ${allowed.join(', ')}, got "${value ?? ''}"` });
  }
  return v;
}

/**
 * `lifecircle import --kind osm|outlets|compounds|boundaries|street-totals --file F`:
 * one file into the database, all or nothing (a bad row writes nothing and
 * names file, row and field).
 */
export async function importCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<ImportOptions>(args, {
    ...STORE_OPTIONS,
    kind: { type: 'string' },
    file: { type: 'string' },
    format: { type: 'string' },
    crs: { type: 'string' },
    level: { type: 'string' },
    status: { type: 'string' },
    taxonomy: { type: 'string' },
  });
  const kind = choice(options.kind, 'kind', KINDS);
  if (!options.file) throw new LifecircleError('USAGE', { reason: '--file is required' });
  const file = options.file;
  const taxonomy = options.taxonomy ? loadTaxonomyFile(options.taxonomy) : defaultTaxonomy();
  const { store } = await openStore(options, io);
  try {
    if (kind === 'osm') {
      const report = await importOsmFile(store, file, taxonomy, { userId: null, requestId: null });
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new LifecircleError('FILE_NOT_FOUND', { file }, { cause: error });
    }
    const extension = file.toLowerCase().split('.').pop() ?? '';
    const format = choice(options.format, 'format', FORMATS, extension === 'json' ? 'geojson' : extension) as TableFormat;
    const report = await runImport(
      store,
      {
        kind: kind as ImportKind,
        bytes,
        file: basename(file),
        format,
        crs: choice(options.crs, 'crs', CRSS, 'wgs84') as Crs,
        taxonomy,
        ...(options.level ? { level: choice(options.level, 'level', ['district', 'street', 'circle', 'auto']) as 'auto' } : {}),
        ...(options.status ? { status: choice(options.status, 'status', ['pending', 'active']) as 'active' } : {}),
      },
      { userId: null, requestId: null },
    );
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await store.close();
  }
}
