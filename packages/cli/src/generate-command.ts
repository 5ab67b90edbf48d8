import { LifecircleError } from '@lifecircle/shared';
import { generateDistrict, PRESETS, type PresetName } from '@lifecircle/generator';
import type { CommandIo } from './command-io.js';
import { numberOption, parseOptions } from './parse-options.js';

/** `lifecircle generate`: a seeded synthetic district written as OSM XML. */
export async function generateCommand(args: string[], io: CommandIo): Promise<void> {
  const values = parseOptions<{ preset?: string; seed?: string; out?: string }>(args, {
    preset: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  });
  const preset = (values.preset ?? 'neighbourhood') as PresetName;
  if (!(preset in PRESETS)) {
    throw new LifecircleError('USAGE', { reason: `--preset expects ${Object.keys(PRESETS).join(', ')}, got "${values.preset}"` });
  }
  if (!values.out) throw new LifecircleError('USAGE', { reason: '--out FILE.osm is required' });
  const seed = numberOption(values.seed, 'seed', 1, 0, 2 ** 32 - 1);
  const started = performance.now();
  const stats = generateDistrict({ ...PRESETS[preset], seed }, values.out);
  io.stderr(
    `wrote ${values.out}: ${stats.numNodes} nodes, ${stats.numWays} ways, ${stats.numResidents} residents in ${stats.numCompounds} compounds, ` +
      `${stats.numOutlets} outlets (${Math.round(performance.now() - started)} ms)\n`,
  );
}
