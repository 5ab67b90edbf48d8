import type { ScenarioOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { Scenario } from '@lifecircle/shared';
import { applyPatch } from '../row-values.js';
import type { PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, jsonParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { scenarioFromRow } = postgisRecords;

function scenarioValues(s: Omit<Scenario, 'id'>): unknown[] {
  return [s.name, s.description, JSON.stringify(s.edits), jsonParam(s.result), s.userId, s.createdAt, s.updatedAt];
}
const SCENARIO_COLUMNS = 'name, description, edits, result, user_id, created_at, updated_at';

async function readScenario(db: PgDb, id: number): Promise<Scenario | null> {
  const row = await db.row('SELECT * FROM scenarios WHERE id = $1', [id]);
  return row ? scenarioFromRow(row) : null;
}

/** What-if scenarios: edits and last result as JSON. */
export function scenarioRows(context: PgRowContext): Pick<PgOperations, ScenarioOperations> {
  return {
    async insertScenario(db, scenario) {
      const now = context.now();
      const row = await db.row(
        `INSERT INTO scenarios (${SCENARIO_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        scenarioValues({ ...scenario, createdAt: now, updatedAt: now }),
      );
      return scenarioFromRow(row!);
    },
    getScenario: readScenario,
    async listScenarios(db, filter = {}) {
      const where = new PgWhere();
      where.equals('user_id', filter.userId);
      return (await db.rows(`SELECT * FROM scenarios ${where} ORDER BY created_at DESC, id DESC`, where.params)).map(
        scenarioFromRow,
      );
    },
    updateScenario: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('scenarios', id)) ? await readScenario(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id });
        const next = { ...applyPatch<Scenario>(current, patch), updatedAt: context.now() };
        const row = await db.row(
          `UPDATE scenarios SET (${SCENARIO_COLUMNS}) = ($1, $2, $3, $4, $5, $6, $7) WHERE id = $8 RETURNING *`,
          [...scenarioValues(next), id],
        );
        return scenarioFromRow(row!);
      }),
    async deleteScenario(db, id) {
      if ((await db.run('DELETE FROM scenarios WHERE id = $1', [id])) === 0) {
        throw new LifecircleError('NOT_FOUND', { entity: 'scenario', id });
      }
    },
  };
}
