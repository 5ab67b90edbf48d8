import type { AuditOperations } from '../operation-groups.js';
import type { PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere, jsonParam } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { auditFromRow } = postgisRecords;

/** The append-only audit log (its triggers refuse UPDATE, DELETE and TRUNCATE) and the settings table. */
export function auditRows(context: PgRowContext): Pick<PgOperations, AuditOperations> {
  return {
    async appendAudit(db, entry) {
      const row = await db.row(
        `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          entry.at ?? context.now(),
          entry.userId,
          entry.action,
          entry.entity,
          entry.entityId,
          jsonParam(entry.before),
          jsonParam(entry.after),
          entry.requestId,
        ],
      );
      return auditFromRow(row!);
    },
    async listAudit(db, filter = {}) {
      const where = new PgWhere();
      where.equals('entity', filter.entity);
      where.equals('entity_id', filter.entityId);
      where.equals('user_id', filter.userId);
      const limit = filter.limit === undefined ? '' : `LIMIT ${where.param(filter.limit)}`;
      return (await db.rows(`SELECT * FROM audit_log ${where} ORDER BY at DESC, id DESC ${limit}`, where.params)).map(
        auditFromRow,
      );
    },
    async getSetting(db, key) {
      return (await db.row<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value ?? null;
    },
    async setSetting(db, key, value) {
      await db.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]);
    },
  };
}
