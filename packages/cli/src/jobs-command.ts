import { AnalysisQueue, formatQueueStatus, queueStatus } from '@lifecircle/jobs';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { numberOption, parseOptions } from './parse-options.js';
import { queueUrl } from './queue-options.js';

interface JobsArgs {
  queue?: string;
  json?: boolean;
  failed?: string;
}

/**
 * `lifecircle jobs status`: queued, retrying, active, completed and failed
 * jobs of every analysis queue, and the latest failures with their errors.
 */
export async function jobsCommand(args: string[], io: CommandIo): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'status') {
    throw new LifecircleError('USAGE', {
      reason: `jobs expects an action: status (lifecircle jobs status --queue URL), got "${action ?? ''}"`,
    });
  }
  const options = parseOptions<JobsArgs>(rest, {
    queue: { type: 'string' },
    json: { type: 'boolean' },
    failed: { type: 'string' },
  });
  const url = queueUrl(options, io);
  const maxFailed = Math.round(numberOption(options.failed, 'failed', 20, 0, 1000));
  const queue = await AnalysisQueue.connect(url, { maintenanceIntervalS: null, log: (line) => io.stderr(`${line}\n`) });
  try {
    const status = await queueStatus(queue, { maxFailed });
    io.stdout(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatQueueStatus(status));
  } finally {
    await queue.stop(1000);
  }
}
