import { writeFileSync } from 'node:fs';
import { LifecircleError } from '@lifecircle/shared';
import type { CommandIo } from './command-io.js';

/** Options shared by the planner verbs: walking profile and time of day. */
export const PLANNER_OPTIONS = {
  profile: { type: 'string' },
  at: { type: 'string' },
  out: { type: 'string' },
} as const;

export interface PlannerOptionValues {
  profile?: string;
  at?: string;
  out?: string;
}

/** `--profile adult|elderly` (default adult) and `--at HH:MM` (China time; absent: opening hours ignored). */
export function plannerQuery(options: PlannerOptionValues): { profile: 'adult' | 'elderly'; at: string | null } {
  const profile = options.profile ?? 'adult';
  if (profile !== 'adult' && profile !== 'elderly')
    throw new LifecircleError('USAGE', { reason: `--profile expects adult or elderly, got "${profile}"` });
  const at = options.at ?? null;
  if (at !== null && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(at))
    throw new LifecircleError('USAGE', { reason: `--at expects HH:MM, got "${at}"` });
  return { profile, at };
}

/** Writes JSON to `--out` or stdout. */
export function writeJson(value: unknown, out: string | undefined, io: CommandIo): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out) {
    writeFileSync(out, text);
    io.stderr(`wrote ${out}\n`);
  } else io.stdout(text);
}
