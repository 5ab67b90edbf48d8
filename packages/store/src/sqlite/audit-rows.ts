import type { AuditOperations } from '../operation-groups.js';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, statementCache, toJson } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { auditFromRow } = sqliteRecords;

/** The append-only audit log and the settings table. */
export function auditRows(context: RowContext): Pick<SyncTx, AuditOperations> {
  const { db } = context;
  const audit = tableWriter(db, 'audit_log', ['at', 'user_id', 'action', 'entity', 'entity_id', 'before', 'after', 'request_id']);
  const getAudit = db.prepare('SELECT * FROM audit_log WHERE id = ?');
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?');
  const setSetting = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const statement = statementCache(db);

  return {
    appendAudit(entry) {
      const id = audit.insert({
        at: entry.at ?? context.now(),
        user_id: entry.userId,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        before: toJson(entry.before),
        after: toJson(entry.after),
        request_id: entry.requestId,
      });
      return auditFromRow(getAudit.get(id) as DbRow);
    },
    listAudit(filter = {}) {
      const where = new WhereClause();
      if (filter.entity !== undefined) where.add('entity = @entity', { entity: filter.entity });
      if (filter.entityId !== undefined) where.add('entity_id = @entity_id', { entity_id: filter.entityId });
      if (filter.userId !== undefined) where.add('user_id = @user_id', { user_id: filter.userId });
      const limit = filter.limit === undefined ? '' : 'LIMIT @limit';
      if (filter.limit !== undefined) where.params.limit = filter.limit;
      const sql = `SELECT * FROM audit_log ${where} ORDER BY at DESC, id DESC ${limit}`;
      return (statement(sql).all(where.params) as DbRow[]).map(auditFromRow);
    },
    getSetting(key) {
      const row = getSetting.get(key) as { value: string } | undefined;
      return row ? row.value : null;
    },
    setSetting(key, value) {
      setSetting.run(key, value);
    },
  };
}
