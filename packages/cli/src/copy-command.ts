import { copySqliteToPostgis, describeTarget, isPostgresUrl } from '@lifecircle/store';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { storeTarget } from './open-store.js';
import { parseOptions } from './parse-options.js';

interface CopyOptions {
  'data-dir'?: string;
  from?: string;
  to?: string;
}

/**
 * `lifecircle copy --from FILE.db --to postgres://…`: copies the district an
 * embedded database holds into an empty PostgreSQL/PostGIS database in one
 * transaction, keeping every id, and prints each table's row count and the
 * content digest both sides agreed on. `--from` defaults to the data
 * directory's database, `--to` to $DATABASE_URL.
 */
export async function copyCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<CopyOptions>(args, {
    'data-dir': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  });
  const from = storeTarget({ 'data-dir': options['data-dir'], db: options.from }, io).target;
  const to = options.to ?? io.env.DATABASE_URL;
  if (isPostgresUrl(from))
    throw new LifecircleError('USAGE', { reason: `--from must be a SQLite file, got ${describeTarget(from)}` });
  if (to === undefined || !isPostgresUrl(to)) {
    throw new LifecircleError('USAGE', { reason: '--to must be a postgres:// or postgresql:// URL (or set DATABASE_URL)' });
  }
  io.stderr(`copying ${from} → ${describeTarget(to)}\n`);
  const started = performance.now();
  let numRows = 0;
  await copySqliteToPostgis(from, to, {
    onTable: (report) => {
      numRows += report.numRows;
      io.stdout(
        `  ${report.table.padEnd(20)} ${String(report.numRows).padStart(9)} rows  sha256 ${report.digest.slice(0, 16)}\n`,
      );
    },
  });
  io.stdout(`copied ${numRows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s; every table matched its source\n`);
}
