import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LifecircleError } from '@lifecircle/shared';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking; unknown or malformed options become USAGE errors. */
export function parseOptions<T>(args: string[], options: Options): T {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as T;
  } catch (error) {
    throw new LifecircleError('USAGE', { reason: (error as Error).message }, { cause: error });
  }
}

/** A number option within [min, max], or the default. */
export function numberOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new LifecircleError('USAGE', { reason: `--${name} expects a number from ${min} to ${max}, got "${value}"` });
  }
  return n;
}
