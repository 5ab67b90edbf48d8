import { writeFileSync } from 'node:fs';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { StorePlannerService } from '@lifecircle/platform';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';
import { PLANNER_OPTIONS, plannerQuery, type PlannerOptionValues } from './planner-options.js';

/**
 * `lifecircle report --out FILE.xlsx|FILE.pdf [--circle ID] [--profile] [--at HH:MM]`:
 * the district report as XLSX or PDF, or one circle's report as PDF.
 */
export async function reportCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<PlannerOptionValues & { 'data-dir'?: string; db?: string; circle?: string }>(args, {
    ...STORE_OPTIONS,
    ...PLANNER_OPTIONS,
    circle: { type: 'string' },
  });
  if (!options.out) throw new LifecircleError('USAGE', { reason: '--out FILE.xlsx or FILE.pdf is required' });
  const extension = options.out.toLowerCase().split('.').pop();
  if (extension !== 'xlsx' && extension !== 'pdf')
    throw new LifecircleError('USAGE', { reason: `--out must end in .xlsx or .pdf, got "${options.out}"` });
  if (options.circle !== undefined && extension !== 'pdf')
    throw new LifecircleError('USAGE', { reason: 'a circle report is a PDF' });
  const { store } = await openStore(options, io);
  try {
    const planner = new StorePlannerService(store, defaultTaxonomy());
    const query = plannerQuery(options);
    let bytes: Uint8Array;
    if (options.circle !== undefined) {
      const circleId = numberOption(options.circle, 'circle', 1, 1, Number.MAX_SAFE_INTEGER);
      if ((await store.getCircle(circleId)) === null) throw new LifecircleError('NOT_FOUND', { entity: 'circle', id: circleId });
      bytes = await planner.report('circle.pdf', { ...query, circleId });
    } else bytes = await planner.report(extension === 'xlsx' ? 'district.xlsx' : 'district.pdf', query);
    writeFileSync(options.out, bytes);
    io.stderr(`wrote ${options.out} (${bytes.length} bytes)\n`);
  } finally {
    await store.close();
  }
}
