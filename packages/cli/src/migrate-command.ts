import { migrateStore, storeMigrationStatus, describeTarget, type MigrationState } from '@lifecircle/store';
import type { CommandIo } from './command-io.js';
import { STORE_OPTIONS, storeTarget } from './open-store.js';
import { parseOptions } from './parse-options.js';

interface MigrateOptions {
  'data-dir'?: string;
  db?: string;
  status?: boolean;
}

/** The newest applied version, 0 for none. */
function schemaVersion(states: readonly MigrationState[]): number {
  return states.reduce((v, s) => (s.appliedAt !== null ? Math.max(v, s.version) : v), 0);
}

/**
 * `lifecircle migrate`: brings the database's schema up to date (PostGIS
 * under an advisory lock, so several servers may start together) and prints
 * its version; `--status` lists every migration, applied or pending,
 * changing nothing.
 */
export async function migrateCommand(args: string[], io: CommandIo): Promise<void> {
  const options = parseOptions<MigrateOptions>(args, { ...STORE_OPTIONS, status: { type: 'boolean' } });
  const { target } = storeTarget(options, io);
  io.stdout(`database: ${describeTarget(target)}\n`);
  if (options.status) {
    const { kind, states } = await storeMigrationStatus(target);
    io.stdout(`${kind} schema version ${schemaVersion(states)}\n`);
    for (const state of states) {
      io.stdout(
        `  ${String(state.version).padStart(4)}  ${state.name.padEnd(28)} ${state.appliedAt ? `applied ${state.appliedAt}` : 'pending'}\n`,
      );
    }
    return;
  }
  const { kind, applied, states } = await migrateStore(target);
  io.stdout(
    applied.length > 0
      ? `applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}\n`
      : 'the schema is up to date\n',
  );
  io.stdout(`${kind} schema version ${schemaVersion(states)}\n`);
}
