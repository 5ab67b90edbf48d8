import { writeFileSync } from 'node:fs';
import { exportAccessResults, exportCompounds, exportOutlets, type ExportFormat } from '@lifecircle/ingest';
import { LifecircleError, type OutletStatus } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';

interface ExportOptions {
  'data-dir'?: string;
  db?: string;
  what?: string;
  format?: string;
  out?: string;
  run?: string;
  status?: string;
}

/**
 * `lifecircle export --what outlets|compounds|results --format geojson|csv|xlsx --out FILE`:
 * results are the latest finished analysis run unless `--run ID`.
 */
export async function exportCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<ExportOptions>(args, {
    ...STORE_OPTIONS,
    what: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    run: { type: 'string' },
    status: { type: 'string' },
  });
  const what = options.what ?? '';
  if (!['outlets', 'compounds', 'results'].includes(what))
    throw new LifecircleError('USAGE', { reason: `--what expects outlets, compounds or results, got "${what}"` });
  if (!options.out) throw new LifecircleError('USAGE', { reason: '--out is required' });
  const format = (options.format ?? options.out.toLowerCase().split('.').pop()) as ExportFormat;
  if (!['geojson', 'csv', 'xlsx'].includes(format))
    throw new LifecircleError('USAGE', { reason: `--format expects geojson, csv or xlsx, got "${format}"` });
  const { store } = await openStore(options, io);
  try {
    let bytes: Uint8Array;
    let count: number;
    if (what === 'outlets') {
      const status = (options.status ?? 'active').split(',') as OutletStatus[];
      [bytes, count] = [await exportOutlets(store, format, { status }), await store.countOutlets({ status })];
    } else if (what === 'compounds') {
      [bytes, count] = [await exportCompounds(store, format), (await store.listCompounds()).length];
    } else {
      const runId = options.run
        ? numberOption(options.run, 'run', 0, 1, Number.MAX_SAFE_INTEGER)
        : (await store.listAnalysisRuns({ status: 'done', limit: 1 }))[0]?.id;
      if (runId === undefined) throw new LifecircleError('NOT_FOUND', { entity: 'analysis run', id: 'latest' });
      bytes = await exportAccessResults(store, runId, format);
      count = new Set((await store.listAccessResults({ runId })).map((r) => r.compoundId)).size;
    }
    writeFileSync(options.out, bytes);
    io.stderr(`wrote ${options.out}: ${count} ${what === 'results' ? 'compounds' : what}\n`);
  } finally {
    await store.close();
  }
}
