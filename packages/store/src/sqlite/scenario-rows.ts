import type { ScenarioOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Scenario } from '@lifecircle/shared';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, applyPatch, statementCache, toJson } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { scenarioFromRow } = sqliteRecords;

/** What-if scenarios: edits and last result as JSON text. */
export function scenarioRows(context: RowContext): Pick<SyncTx, ScenarioOperations> {
  const { db } = context;
  const scenarios = tableWriter(db, 'scenarios', [
    'name',
    'description',
    'edits',
    'result',
    'user_id',
    'created_at',
    'updated_at',
  ]);
  const get = db.prepare('SELECT * FROM scenarios WHERE id = ?');
  const remove = db.prepare('DELETE FROM scenarios WHERE id = ?');
  const statement = statementCache(db);
  const read = (id: number): Scenario | null => {
    const row = get.get(id) as DbRow | undefined;
    return row ? scenarioFromRow(row) : null;
  };
  const row = (s: Omit<Scenario, 'id'>) => ({
    name: s.name,
    description: s.description,
    edits: JSON.stringify(s.edits),
    result: toJson(s.result),
    user_id: s.userId,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  });
  return {
    insertScenario(scenario) {
      const now = context.now();
      return read(scenarios.insert(row({ ...scenario, createdAt: now, updatedAt: now })))!;
    },
    getScenario: read,
    listScenarios(filter = {}) {
      const where = new WhereClause();
      if (filter.userId !== undefined) where.add('user_id = @user_id', { user_id: filter.userId });
      return (statement(`SELECT * FROM scenarios ${where} ORDER BY created_at DESC, id DESC`).all(where.params) as DbRow[]).map(
        scenarioFromRow,
      );
    },
    updateScenario(id, patch) {
      const current = read(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id });
      scenarios.update(id, row({ ...applyPatch<Scenario>(current, patch), updatedAt: context.now() }));
      return read(id)!;
    },
    deleteScenario(id) {
      if (remove.run(id).changes === 0) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id });
    },
  };
}
