import { defaultTaxonomy, loadTaxonomyFile } from '@lifecircle/analysis';
import { markInterruptedRuns, resumeStoredAnalysis, startStoredAnalysis, type StartedRun } from '@lifecircle/platform';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';

interface AnalyseOptions {
  'data-dir'?: string;
  db?: string;
  resume?: boolean;
  'speed-mps'?: string;
  taxonomy?: string;
  workers?: string;
}

/**
 * `lifecircle analyse [--resume]`: walking access of every stored compound,
 * stored as a finished analysis run. With --resume, first marks the runs
 * whose process died as interrupted and reruns each of them (under its own
 * id) instead of starting a new one. Prints each run's id and status.
 */
export async function analyseCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<AnalyseOptions>(args, {
    ...STORE_OPTIONS,
    resume: { type: 'boolean' },
    'speed-mps': { type: 'string' },
    taxonomy: { type: 'string' },
    workers: { type: 'string' },
  });
  const taxonomy = options.taxonomy ? loadTaxonomyFile(options.taxonomy) : defaultTaxonomy();
  const workers = options.workers === undefined ? undefined : numberOption(options.workers, 'workers', 0, 0, 64);
  const context = { userId: null, requestId: null, ...(workers === undefined ? {} : { workers }) };
  const { store } = await openStore(options, io);
  try {
    const started: StartedRun[] = [];
    if (options.resume) {
      await markInterruptedRuns(store);
      for (const run of await store.listAnalysisRuns({ status: 'interrupted' })) {
        io.stderr(`resuming analysis run ${run.id} (${run.error ?? 'interrupted'})\n`);
        started.push(await resumeStoredAnalysis(store, taxonomy, run.id, context));
      }
      if (started.length === 0) io.stderr('no interrupted analysis run to resume\n');
    } else {
      const speedMps = numberOption(options['speed-mps'], 'speed-mps', 1.2, 0.1, 10);
      started.push(await startStoredAnalysis(store, taxonomy, { ...context, speedMps }));
    }
    for (const { run, done } of started) {
      const finished = await done;
      io.stdout(`analysis run ${run.id}: ${finished.status}\n`);
    }
  } finally {
    await store.close();
  }
}
