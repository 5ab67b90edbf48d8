import { once } from 'node:events';
import { hostname } from 'node:os';
import { defaultTaxonomy, loadTaxonomyFile } from '@lifecircle/analysis';
import { AnalysisQueue, analysisQueueNames, startAnalysisWorker } from '@lifecircle/jobs';
import type { CommandIo } from './command-io.js';
import { numberOption, parseOptions } from './parse-options.js';
import { openQueueTargets, QUEUE_OPTIONS, queueUrl, type QueueArgs } from './queue-options.js';

interface WorkerArgs extends QueueArgs {
  name?: string;
  'poll-s'?: string;
  'maintenance-s'?: string;
  'grace-s'?: string;
  threads?: string;
  taxonomy?: string;
}

/**
 * `lifecircle worker`: takes analysis jobs of the given stores from the
 * queue until SIGTERM or SIGINT, then stops taking jobs, lets the one in
 * hand finish for up to --grace-s seconds, gives it back (to be retried
 * elsewhere) if it has not, and exits. Any number of workers, on one machine
 * or several, share a queue.
 */
export async function workerCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<WorkerArgs>(args, {
    ...QUEUE_OPTIONS,
    name: { type: 'string' },
    'poll-s': { type: 'string' },
    'maintenance-s': { type: 'string' },
    'grace-s': { type: 'string' },
    threads: { type: 'string' },
    taxonomy: { type: 'string' },
  });
  const url = queueUrl(options, io);
  const workerId = options.name ?? `${hostname()}:${process.pid}`;
  const pollingIntervalS = numberOption(options['poll-s'], 'poll-s', 2, 0.5, 3600);
  const maintenanceIntervalS = Math.round(numberOption(options['maintenance-s'], 'maintenance-s', 30, 1, 3600));
  const graceS = numberOption(options['grace-s'], 'grace-s', 60, 1, 86_400);
  const threads = options.threads === undefined ? undefined : Math.round(numberOption(options.threads, 'threads', 0, 0, 64));
  const taxonomy = options.taxonomy ? loadTaxonomyFile(options.taxonomy) : defaultTaxonomy();
  const log = (line: string) => io.stderr(`${new Date().toISOString()} ${line}\n`);
  // Listening from the start: a stop asked for while the worker starts still ends it cleanly.
  const stopSignal = Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);

  const targets = await openQueueTargets(options, io);
  let queue: AnalysisQueue | undefined;
  try {
    queue = await AnalysisQueue.connect(url, { maintenanceIntervalS, log });
    await startAnalysisWorker({
      queue,
      targets,
      taxonomy,
      workerId,
      pollingIntervalS,
      ...(threads === undefined ? {} : { threads }),
      log,
    });
    for (const target of targets)
      log(`${workerId} serves ${target.database} from queue ${analysisQueueNames(target.location).jobs}`);
    log(`${workerId} ready`);
    await stopSignal;
    log(`${workerId} stopping: no new jobs; the job in hand has ${graceS} s to finish before it is given back`);
    await queue.stop(graceS * 1000);
    queue = undefined;
    log(`${workerId} stopped`);
  } finally {
    await queue?.stop(1000);
    await Promise.all(targets.map((t) => t.store.close()));
  }
}
