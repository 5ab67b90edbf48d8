/**
 * How much the property-based fuzz tests run (`*.fuzz.test.ts`). The default
 * keeps `npm test` quick; `FUZZ_RUNS=10` runs ten times as many inputs, and
 * `FUZZ_SEED` replays (a number) or varies (`random`) the generated inputs.
 * Only tests call this: it reads the environment on purpose, as a test knob.
 */

/** The seed of every fuzz property unless FUZZ_SEED says otherwise: fixed, so a default run is repeatable. */
export const DEFAULT_FUZZ_SEED = 20260611;

function multiplier(): number {
  const text = process.env.FUZZ_RUNS;
  if (text === undefined || text === '') return 1;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`FUZZ_RUNS: expected a positive number, got "${text}"`);
  return value;
}

/** The number of generated inputs for a property whose default is `base`: base × FUZZ_RUNS, at least 1. */
export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * multiplier()));
}

/** The seed for fast-check: FUZZ_SEED as a number, a fresh one for `random`, else DEFAULT_FUZZ_SEED. */
export function fuzzSeed(): number {
  const text = process.env.FUZZ_SEED;
  if (text === undefined || text === '') return DEFAULT_FUZZ_SEED;
  if (text === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`FUZZ_SEED: expected an integer or "random", got "${text}"`);
  return value;
}

/**
 * fast-check parameters for a property with `base` default runs: the scaled
 * run count, the seed (fast-check prints it with the counterexample on
 * failure, with the assertion that failed) and a per-input time limit, so a
 * hang fails as a hang.
 */
export function fuzzParameters(
  base: number,
  timeoutMs = 20_000,
): { numRuns: number; seed: number; timeout: number; includeErrorInReport: boolean } {
  return { numRuns: fuzzRuns(base), seed: fuzzSeed(), timeout: timeoutMs, includeErrorInReport: true };
}

/**
 * The line a fuzz test prints (as a test diagnostic) for each target, which
 * scripts/fuzz-summary-reporter.mjs sums at the end of `npm test`.
 */
export function fuzzTally(target: string, numInputs: number): string {
  return `fuzz ${target}: ${numInputs} inputs`;
}
