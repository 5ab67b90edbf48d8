import { LifecircleError, isLifecircleError, type Locale } from '@lifecircle/shared';
import { accessCommand } from './access-command.js';
import { analyseCommand } from './analyse-command.js';
import { generateCommand } from './generate-command.js';
import { serveCommand } from './serve-command.js';
import { importCommand } from './import-command.js';
import { exportCommand } from './export-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { recommendCommand } from './recommend-command.js';
import { delineateCommand } from './delineate-command.js';
import { reportCommand } from './report-command.js';
import { migrateCommand } from './migrate-command.js';
import { copyCommand } from './copy-command.js';
import { workerCommand } from './worker-command.js';
import { analyseCityCommand } from './analyse-city-command.js';
import { jobsCommand } from './jobs-command.js';
import type { CommandIo } from './command-io.js';

const USAGE = `lifecircle — 一刻钟便民生活圈 walking access

usage:
  lifecircle generate --preset neighbourhood|district|city|shanghai [--seed N] --out FILE.osm
  lifecircle access --osm FILE [--origins FILE.csv] [--taxonomy FILE.json] [--ignore-gates]
                    [--speed-mps 1.2 | --profile adult|elderly|planning] [--format csv|geojson]
                    [--out FILE] [--summary FILE] [--counts] [--cutoff-min 60] [--max-snap-m 500]
                    [--workers N]

  lifecircle serve [--demo] [--data-dir DIR] [--db FILE|postgres://…] [--port 8080] [--host 127.0.0.1]
                    [--taxonomy FILE.json] [--web-root DIR] [--basemap-url 'https://…/{z}/{x}/{y}.png'
                    [--basemap-crs wgs84|gcj02] [--basemap-attribution TEXT] [--basemap-subdomains 1,2,3,4]
                    [--basemap-max-zoom 18]] [--queue postgres://…]
                    (environment: DATABASE_URL, LIFECIRCLE_DATA_DIR, PORT, HOST, LOG_LEVEL,
                     LIFECIRCLE_COOKIE_SECURE=1 behind TLS, LIFECIRCLE_TRUST_PROXY=1|ADDRESSES behind a proxy,
                     LIFECIRCLE_PUBLIC_READS_PER_MINUTE, LIFECIRCLE_BASEMAP_URL,
                     LIFECIRCLE_BASEMAP_CRS, LIFECIRCLE_BASEMAP_ATTRIBUTION, LIFECIRCLE_BASEMAP_SUBDOMAINS,
                     LIFECIRCLE_BASEMAP_MAX_ZOOM)
  lifecircle import --kind osm|outlets|compounds|boundaries|street-totals --file FILE [--format csv|xlsx|geojson]
                    [--crs wgs84|gcj02|bd09] [--level district|street|circle|auto] [--data-dir DIR | --db FILE]
  lifecircle analyse [--resume] [--speed-mps 1.2] [--workers N] [--data-dir DIR | --db FILE]
                    (walking access of the stored district, kept as an analysis run; --resume reruns
                     the runs a dead process left unfinished)
  lifecircle export --what outlets|compounds|results --out FILE [--format geojson|csv|xlsx] [--run ID]
                    [--status active,pending] [--data-dir DIR | --db FILE]

  lifecircle evaluate [--profile adult|elderly] [--at HH:MM] [--circle ID | --sharing] [--out FILE.json|FILE.csv]
  lifecircle recommend --category ID (--k N | --target 0.95) [--method greedy|exact|auto]
                    [--objective coverage|p-median] [--elderly-weight 1] [--candidates nodes|buildings]
                    [--profile adult|elderly] [--out FILE.json]
  lifecircle delineate [--min 30000] [--max 70000] [--minutes 15] [--out FILE.json]
  lifecircle report --out FILE.xlsx|FILE.pdf [--circle ID] [--profile adult|elderly] [--at HH:MM]
  (the planner verbs and import/export take --data-dir DIR | --db FILE|postgres://…)

  lifecircle migrate [--status] [--data-dir DIR | --db FILE|postgres://…]
  lifecircle copy --from FILE.db --to postgres://…   (into an empty database, ids kept, checked by digest)
  (--db, else DATABASE_URL, else DIR/lifecircle.db: a postgres:// or postgresql:// URL selects PostgreSQL/PostGIS)

  lifecircle analyse-city --queue postgres://… [--db FILE|postgres://… ...] [--retry-limit 3] [--retry-delay-s 30] [--expire-s 900]
                    (queues an access run of each store, one job per district)
  lifecircle worker --queue postgres://… [--db FILE|postgres://… ...] [--name ID] [--poll-s 2] [--maintenance-s 30] [--grace-s 60]
                    [--threads N]   (takes analysis jobs until SIGTERM; run as many as you like, anywhere)
  lifecircle jobs status --queue postgres://… [--json] [--failed 20]
  (environment: LIFECIRCLE_QUEUE_URL for --queue; serve --queue URL sends the API's analysis runs to workers)

options for every verb: --lang zh-CN|en (messages; default zh-CN), --help
`;

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<void>> = {
  access: accessCommand,
  analyse: analyseCommand,
  generate: generateCommand,
  serve: serveCommand,
  import: importCommand,
  export: exportCommand,
  evaluate: evaluateCommand,
  recommend: recommendCommand,
  delineate: delineateCommand,
  report: reportCommand,
  migrate: migrateCommand,
  copy: copyCommand,
  worker: workerCommand,
  'analyse-city': analyseCityCommand,
  jobs: jobsCommand,
};

// Opening hours are evaluated in China's wall-clock time through Date's local fields; a zone with
// daylight saving would shift or skip some of those hours, so the process runs on China time (no DST).
process.env.TZ = 'Asia/Shanghai';

/** Runs the CLI with arguments (without node and script); returns the exit code. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const langIndex = argv.indexOf('--lang');
  const locale: Locale = langIndex >= 0 && argv[langIndex + 1] === 'en' ? 'en' : 'zh-CN';
  const args = langIndex >= 0 ? argv.filter((_, i) => i !== langIndex && i !== langIndex + 1) : argv;
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '--help' || verb === 'help') {
    io.stdout(USAGE);
    return verb === undefined ? 2 : 0;
  }
  const command = COMMANDS[verb];
  try {
    if (!command) throw new LifecircleError('USAGE', { reason: `unknown verb "${verb}" (lifecircle --help)` });
    if (rest.includes('--help')) {
      io.stdout(USAGE);
      return 0;
    }
    await command(rest, io);
    return 0;
  } catch (error) {
    if (isLifecircleError(error)) {
      io.stderr(`error ${error.code}: ${error.localized(locale)}\n`);
      return error.code === 'USAGE' ? 2 : 1;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error USAGE: ${error.message}\n`);
      return 2;
    }
    io.stderr(`error INTERNAL: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function defaultIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isInteractive: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}
