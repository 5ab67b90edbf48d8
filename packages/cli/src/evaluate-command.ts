import { defaultTaxonomy } from '@lifecircle/analysis';
import { StorePlannerService } from '@lifecircle/platform';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { parseOptions } from './parse-options.js';
import { PLANNER_OPTIONS, plannerQuery, writeJson, type PlannerOptionValues } from './planner-options.js';

/**
 * `lifecircle evaluate [--profile adult|elderly] [--at HH:MM] [--out FILE.json]`:
 * coverage, checklist and grade of the district, every street and circle;
 * a table of circles by grade on stderr.
 */
export async function evaluateCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<PlannerOptionValues & { 'data-dir'?: string; db?: string }>(args, {
    ...STORE_OPTIONS,
    ...PLANNER_OPTIONS,
  });
  const query = plannerQuery(options);
  const { store } = await openStore(options, io);
  try {
    const planner = new StorePlannerService(store, defaultTaxonomy());
    const evaluation = (await planner.evaluation(query)) as {
      district: { name: string; residents: number; grade: string; basicShare: number; qualityShare: number };
      circles: { name: string; residents: number; grade: string; basicShare: number; qualityShare: number }[];
    };
    writeJson(evaluation, options.out, io);
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    io.stderr(`${evaluation.district.name}: ${evaluation.district.residents} residents, grade ${evaluation.district.grade}\n`);
    for (const c of [...evaluation.circles].sort((a, b) => a.basicShare + a.qualityShare - (b.basicShare + b.qualityShare))) {
      io.stderr(
        `  ${c.name.padEnd(12)} ${String(c.residents).padStart(7)}  basic ${pct(c.basicShare).padStart(4)}  quality ${pct(c.qualityShare).padStart(4)}  ${c.grade}\n`,
      );
    }
  } finally {
    await store.close();
  }
}
