import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTaxonomy, loadTaxonomyFile } from '@lifecircle/analysis';
import { markInterruptedRuns, resumeStoredAnalysis, seedDemoDistrict, startStoredAnalysis } from '@lifecircle/platform';
import { AnalysisQueue, DEFAULT_RETRY_POLICY, queuedAnalysisStarter, storeLocation } from '@lifecircle/jobs';
import { createApp, hashPassword } from '@lifecircle/server';
import { isLifecircleError, type AnalysisRun } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';
import { basemapFromOptions } from './basemap-options.js';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { platformServices } from './platform-services.js';
import { numberOption, parseOptions } from './parse-options.js';

interface ServeOptions {
  'data-dir'?: string;
  db?: string;
  port?: string;
  host?: string;
  demo?: boolean;
  taxonomy?: string;
  'log-level'?: string;
  'web-root'?: string;
  queue?: string;
  'basemap-url'?: string;
  'basemap-crs'?: string;
  'basemap-attribution'?: string;
  'basemap-subdomains'?: string;
  'basemap-max-zoom'?: string;
}

/**
 * `lifecircle serve`: opens (or creates) the database (embedded SQLite, or
 * PostgreSQL/PostGIS by `--db postgres://…` or $DATABASE_URL), seeds the
 * demo district on first run when asked, analyses it, loads the walking
 * network into memory and serves the API until the process is stopped.
 */
export async function serveCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<ServeOptions>(args, {
    ...STORE_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
    taxonomy: { type: 'string' },
    'log-level': { type: 'string' },
    'web-root': { type: 'string' },
    queue: { type: 'string' },
    'basemap-url': { type: 'string' },
    'basemap-crs': { type: 'string' },
    'basemap-attribution': { type: 'string' },
    'basemap-subdomains': { type: 'string' },
    'basemap-max-zoom': { type: 'string' },
  });
  const started = performance.now();
  const port = numberOption(options.port ?? io.env.PORT, 'port', 8080, 0, 65535);
  const host = options.host ?? io.env.HOST ?? '127.0.0.1';
  const taxonomy = options.taxonomy ? loadTaxonomyFile(options.taxonomy) : defaultTaxonomy();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  // Checked before the database opens, so a typo fails at once.
  const basemap = basemapFromOptions({
    url: options['basemap-url'] ?? io.env.LIFECIRCLE_BASEMAP_URL,
    crs: options['basemap-crs'] ?? io.env.LIFECIRCLE_BASEMAP_CRS,
    attribution: options['basemap-attribution'] ?? io.env.LIFECIRCLE_BASEMAP_ATTRIBUTION,
    subdomains: options['basemap-subdomains'] ?? io.env.LIFECIRCLE_BASEMAP_SUBDOMAINS,
    maxZoom: options['basemap-max-zoom'] ?? io.env.LIFECIRCLE_BASEMAP_MAX_ZOOM,
  });

  const { store, dataDir, database } = await openStore(options, io);
  io.stderr(`database: ${database}\n`);
  if (options.demo) {
    const seeded = await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword, log: (line) => io.stderr(`${line}\n`) });
    if (seeded) {
      const c = seeded.counts;
      io.stderr(
        `seeded the demo district in ${seconds()} s: ${c.streets} streets, ${c.committees} committees, ${c.circles} circles, ` +
          `${c.compounds} compounds, ${c.buildings} buildings, ${c.outlets} outlets, ${c.residents} residents\n`,
      );
      // The credentials exist only in this output: print them before anything that could stop the process
      // (issue 6: a first start killed during its analysis lost them).
      io.stdout('\n一次性登录凭据 / one-time credentials (change them at first login):\n');
      for (const credential of seeded.credentials) {
        io.stdout(
          `  ${credential.role.padEnd(14)} ${credential.username.padEnd(10)} ${credential.password}   ${credential.note}\n`,
        );
      }
      const { done } = await startStoredAnalysis(store, taxonomy, { userId: null, requestId: null });
      const run = await done;
      io.stderr(`analysed walking access (run ${run.id}) in ${seconds()} s\n`);
    }
  }
  // Runs left `running` by a process that died (kill -9, power cut) are marked interrupted and rerun,
  // in the background: the API serves meanwhile, and only finished runs' results are ever read.
  for (const run of await interruptedRuns(store, io)) {
    io.stderr(`analysis run ${run.id} was interrupted (${run.error}); resuming it\n`);
    const { done } = await resumeStoredAnalysis(store, taxonomy, run.id, { userId: null, requestId: null });
    done.then(
      (finished) => io.stderr(`analysis run ${finished.id} resumed and ${finished.status}\n`),
      (error: unknown) => io.stderr(`analysis run ${run.id} failed again: ${String(error)}\n`),
    );
  }
  const services = await platformServices(store, taxonomy, dataDir);
  // With a job queue, the API's analysis runs go to `lifecircle worker` processes, district by district;
  // without one (the embedded default) they run in this process.
  const queueUrl = options.queue ?? io.env.LIFECIRCLE_QUEUE_URL;
  const queue =
    queueUrl === undefined || queueUrl === ''
      ? null
      : await AnalysisQueue.connect(queueUrl, { maintenanceIntervalS: null, log: (line) => io.stderr(`${line}\n`) });
  if (queue !== null) {
    services.startAnalysis = queuedAnalysisStarter(
      queue,
      { store, location: storeLocation(database) },
      taxonomy,
      DEFAULT_RETRY_POLICY,
    );
    io.stderr(`analysis runs are queued for workers: lifecircle worker --queue URL --db ${database}\n`);
  }
  // The built web app (npm run build -w @lifecircle/web), beside this package in the repository.
  const builtWeb = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  const webRoot = options['web-root'] ?? (existsSync(join(builtWeb, 'index.html')) ? builtWeb : null);
  const app = await createApp({
    store,
    taxonomy,
    ...services,
    logger: { level: options['log-level'] ?? io.env.LOG_LEVEL ?? 'info' },
    config: {
      cookieSecure: io.env.LIFECIRCLE_COOKIE_SECURE === '1',
      // "1": trust every proxy; otherwise the proxies' addresses or CIDRs, comma-separated.
      ...(io.env.LIFECIRCLE_TRUST_PROXY
        ? { trustProxy: io.env.LIFECIRCLE_TRUST_PROXY === '1' ? true : io.env.LIFECIRCLE_TRUST_PROXY }
        : {}),
      ...(io.env.LIFECIRCLE_PUBLIC_READS_PER_MINUTE
        ? {
            publicReadsPerMinute: numberOption(
              io.env.LIFECIRCLE_PUBLIC_READS_PER_MINUTE,
              'LIFECIRCLE_PUBLIC_READS_PER_MINUTE',
              600,
              1,
              1e9,
            ),
          }
        : {}),
    },
    basemap,
    ...(webRoot === null ? {} : { webRoot }),
  });
  const address = await app.listen({ port, host });
  io.stdout(`\nlifecircle is serving ${address.replace('127.0.0.1', 'localhost')} (ready in ${seconds()} s)\n`);
  if (webRoot === null) io.stderr('(the web app is not built: npm run build -w @lifecircle/web; the API is served)\n');
  if (basemap !== null) io.stderr(`basemap: ${basemap.tiles[0]} (${basemap.crs}, ${basemap.attribution})\n`);
  io.stdout(`  try: ${address}/api/outlets/nearby?lng=121.40&lat=31.25&category=breakfast&profile=elderly\n`);
  const stop = async () => {
    await app.close();
    await queue?.stop(1000);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The runs a dead process left running, now marked interrupted; none on a read-only database, which still serves reads. */
async function interruptedRuns(store: Store, io: CommandIo): Promise<AnalysisRun[]> {
  try {
    return await markInterruptedRuns(store);
  } catch (error) {
    if (!isLifecircleError(error, 'STORE_READ_ONLY')) throw error;
    io.stderr(`the database is read-only: serving reads only (${error.message})\n`);
    return [];
  }
}
