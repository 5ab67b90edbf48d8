import { defaultTaxonomy } from '@lifecircle/analysis';
import { StorePlannerService } from '@lifecircle/platform';
import type { CommandIo } from './command-io.js';
import { openStore, STORE_OPTIONS } from './open-store.js';
import { numberOption, parseOptions } from './parse-options.js';
import { writeJson } from './planner-options.js';

/** `lifecircle delineate [--min 30000] [--max 70000] [--minutes 15] [--out FILE.json]`: proposed circles beside a diagnosis of the existing ones. */
export async function delineateCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<{ 'data-dir'?: string; db?: string; min?: string; max?: string; minutes?: string; out?: string }>(
    args,
    {
      ...STORE_OPTIONS,
      min: { type: 'string' },
      max: { type: 'string' },
      minutes: { type: 'string' },
      out: { type: 'string' },
    },
  );
  const { store } = await openStore(options, io);
  try {
    const planner = new StorePlannerService(store, defaultTaxonomy());
    const result = (await planner.delineation({
      ...(options.min === undefined ? {} : { minResidents: numberOption(options.min, 'min', 30000, 1000, 1e6) }),
      ...(options.max === undefined ? {} : { maxResidents: numberOption(options.max, 'max', 70000, 1000, 1e6) }),
      ...(options.minutes === undefined ? {} : { maxMinutes: numberOption(options.minutes, 'minutes', 15, 5, 30) }),
    })) as { proposed: { circles: { residents: number }[] }; existing: { circles: unknown[] } };
    writeJson(result, options.out, io);
    io.stderr(`proposed ${result.proposed.circles.length} circles beside ${result.existing.circles.length} existing\n`);
  } finally {
    await store.close();
  }
}
