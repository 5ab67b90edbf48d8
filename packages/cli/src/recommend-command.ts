import { defaultTaxonomy } from '@lifecircle/analysis';
import { StorePlannerService } from '@lifecircle/platform';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';
import { PLANNER_OPTIONS, plannerQuery, writeJson, type PlannerOptionValues } from './planner-options.js';

interface RecommendOptions extends PlannerOptionValues {
  'data-dir'?: string;
  db?: string;
  category?: string;
  k?: string;
  target?: string;
  method?: string;
  objective?: string;
  'elderly-weight'?: string;
  candidates?: string;
}

/**
 * `lifecircle recommend --category ID (--k N | --target 0.95) [--method greedy|exact|auto]
 * [--objective coverage|p-median] [--elderly-weight 1] [--candidates nodes|buildings] [--profile] [--out FILE.json]`.
 */
export async function recommendCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<RecommendOptions>(args, {
    ...STORE_OPTIONS,
    ...PLANNER_OPTIONS,
    category: { type: 'string' },
    k: { type: 'string' },
    target: { type: 'string' },
    method: { type: 'string' },
    objective: { type: 'string' },
    'elderly-weight': { type: 'string' },
    candidates: { type: 'string' },
  });
  const taxonomy = defaultTaxonomy();
  if (!options.category || !taxonomy.byId.has(options.category)) {
    throw new LifecircleError('USAGE', {
      reason: `--category expects a taxonomy id (e.g. breakfast), got "${options.category ?? ''}"`,
    });
  }
  if ((options.k === undefined) === (options.target === undefined))
    throw new LifecircleError('USAGE', { reason: 'give exactly one of --k and --target' });
  const method = options.method ?? 'auto';
  if (!['greedy', 'exact', 'auto'].includes(method))
    throw new LifecircleError('USAGE', { reason: `--method expects greedy, exact or auto, got "${method}"` });
  const objective = options.objective ?? 'coverage';
  if (!['coverage', 'p-median'].includes(objective))
    throw new LifecircleError('USAGE', { reason: `--objective expects coverage or p-median, got "${objective}"` });
  const candidates = options.candidates ?? 'nodes';
  if (candidates !== 'nodes' && candidates !== 'buildings')
    throw new LifecircleError('USAGE', { reason: `--candidates expects nodes or buildings, got "${candidates}"` });
  const { store } = await openStore(options, io);
  try {
    const planner = new StorePlannerService(store, taxonomy);
    const result = (await planner.recommend({
      categoryId: options.category,
      ...(options.k === undefined ? {} : { k: numberOption(options.k, 'k', 1, 1, 1000) }),
      ...(options.target === undefined ? {} : { coverageTarget: numberOption(options.target, 'target', 0.9, 0.0001, 1) }),
      method: method as 'auto',
      objective: objective as 'coverage',
      elderlyWeight: numberOption(options['elderly-weight'], 'elderly-weight', 0, 0, 10),
      profile: plannerQuery(options).profile,
      candidates,
    })) as {
      sites: { lng: number; lat: number; gainResidents?: number; gainWeight: number }[];
      totalGain: number;
      gap?: number;
      method: string;
    };
    writeJson(result, options.out, io);
    result.sites.forEach((site, i) =>
      io.stderr(
        `  ${String(i + 1).padStart(2)}. [${site.lng.toFixed(6)}, ${site.lat.toFixed(6)}]  +${Math.round(site.gainResidents ?? site.gainWeight)}\n`,
      ),
    );
    io.stderr(
      `total +${Math.round(result.totalGain)} (${result.method}${result.gap === undefined ? '' : `, gap ${(100 * result.gap).toFixed(2)} %`})\n`,
    );
  } finally {
    await store.close();
  }
}
