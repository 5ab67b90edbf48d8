import { defaultTaxonomy, loadTaxonomyFile } from '@lifecircle/analysis';
import { AnalysisQueue, districtLabel, enqueueStoreAnalysis } from '@lifecircle/jobs';
import type { CommandIo } from './command-io.js';
import { numberOption, parseOptions } from './parse-options.js';
import { openQueueTargets, QUEUE_OPTIONS, queueUrl, RETRY_OPTIONS, retryPolicy, type QueueArgs } from './queue-options.js';

interface AnalyseCityArgs extends QueueArgs {
  'retry-limit'?: string;
  'retry-delay-s'?: string;
  'expire-s'?: string;
  'speed-mps'?: string;
  taxonomy?: string;
}

/**
 * `lifecircle analyse-city`: queues an access run of each given store, one
 * job per district, for `lifecircle worker` processes to share; prints each
 * run's id and its jobs. The runs turn `done` when their last district is.
 */
export async function analyseCityCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<AnalyseCityArgs>(args, {
    ...QUEUE_OPTIONS,
    ...RETRY_OPTIONS,
    'speed-mps': { type: 'string' },
    taxonomy: { type: 'string' },
  });
  const url = queueUrl(options, io);
  const policy = retryPolicy(options);
  const speedMps = options['speed-mps'] === undefined ? undefined : numberOption(options['speed-mps'], 'speed-mps', 1.2, 0.1, 5);
  const taxonomy = options.taxonomy ? loadTaxonomyFile(options.taxonomy) : defaultTaxonomy();
  const targets = await openQueueTargets(options, io);
  let queue: AnalysisQueue | undefined;
  try {
    queue = await AnalysisQueue.connect(url, { maintenanceIntervalS: null, log: (line) => io.stderr(`${line}\n`) });
    for (const target of targets) {
      const queued = await enqueueStoreAnalysis(queue, target, taxonomy, {
        policy,
        ...(speedMps === undefined ? {} : { speedMps }),
        userId: null,
        requestId: null,
      });
      io.stdout(`run ${queued.run.id} of ${target.database}: ${queued.parts.length} jobs on queue ${queued.queue}\n`);
      for (const part of queued.parts) io.stdout(`  job ${part.jobId}: ${districtLabel(part.districtId)}\n`);
    }
  } finally {
    await queue?.stop(1000);
    await Promise.all(targets.map((t) => t.store.close()));
  }
}
