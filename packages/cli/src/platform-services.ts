import {
  osmUploadImporter,
  resumeStoredAnalysis,
  routerFromStore,
  startStoredAnalysis,
  StorePlannerService,
} from '@lifecircle/platform';
import type { AppDeps } from '@lifecircle/server';
import type { Taxonomy } from '@lifecircle/shared';
import type { Store } from '@lifecircle/store';

/**
 * The platform's services for the HTTP API over one store: the walk router
 * of the latest network, OSM uploads kept under `dataDir/imports`, the
 * planner, and analysis runs (started, or resumed after an interruption). A run goes on in the background unless
 * `waitForAnalysis` (tests that need a request's writes done with it).
 */
export async function platformServices(
  store: Store,
  taxonomy: Taxonomy,
  dataDir: string,
  options: { waitForAnalysis?: boolean; workers?: number } = {},
): Promise<Pick<AppDeps, 'router' | 'importOsm' | 'planner' | 'startAnalysis' | 'resumeAnalysis'>> {
  return {
    router: await routerFromStore(store),
    importOsm: osmUploadImporter(store, taxonomy, dataDir),
    planner: new StorePlannerService(store, taxonomy),
    startAnalysis: async (_params, context) => {
      const { run, done } = await startStoredAnalysis(store, taxonomy, {
        ...context,
        ...(options.workers === undefined ? {} : { workers: options.workers }),
      });
      if (options.waitForAnalysis) await done;
      // The run records its own failure; nothing else waits for it.
      else done.catch(() => {});
      return run;
    },
    resumeAnalysis: async (runId, context) => {
      const { run, done } = await resumeStoredAnalysis(store, taxonomy, runId, context);
      if (options.waitForAnalysis) await done;
      else done.catch(() => {});
      return run;
    },
  };
}
