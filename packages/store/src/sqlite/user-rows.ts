import type { UserOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { User } from '@lifecircle/shared';
import type { RowContext, SyncTx } from './sync-tx.js';
import { WhereClause, applyPatch, statementCache, toFlag } from './sync-tx.js';
import { tableWriter } from './table-writer.js';
import type { SqlRow } from './table-writer.js';
import { sqliteRecords } from './sqlite-records.js';

type DbRow = Record<string, unknown>;

const { sessionFromRow, userFromRow } = sqliteRecords;

function userRow(u: Omit<User, 'id'>): SqlRow {
  return {
    username: u.username,
    display_name: u.displayName,
    role: u.role,
    street_id: u.streetId,
    merchant_id: u.merchantId,
    password_hash: u.passwordHash,
    is_disabled: toFlag(u.isDisabled),
    must_change_password: toFlag(u.mustChangePassword),
    created_at: u.createdAt,
  };
}

/** Users and their login sessions. */
export function userRows(context: RowContext): Pick<SyncTx, UserOperations> {
  const { db } = context;
  const users = tableWriter(db, 'users', [
    'username',
    'display_name',
    'role',
    'street_id',
    'merchant_id',
    'password_hash',
    'is_disabled',
    'must_change_password',
    'created_at',
  ]);
  const sessions = tableWriter(db, 'sessions', ['token_hash', 'user_id', 'created_at', 'expires_at']);
  const getUser = db.prepare('SELECT * FROM users WHERE id = ?');
  const getUserByUsername = db.prepare('SELECT * FROM users WHERE username = ?');
  // ISO timestamps in one format compare as text.
  const getSession = db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteUserSessions = db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const statement = statementCache(db);

  const readUser = (id: number): User | null => {
    const row = getUser.get(id) as DbRow | undefined;
    return row ? userFromRow(row) : null;
  };

  return {
    insertUser(user) {
      const id = users.insert(userRow({ ...user, createdAt: context.now() }));
      return readUser(id)!;
    },
    getUser: readUser,
    getUserByUsername(username) {
      const row = getUserByUsername.get(username) as DbRow | undefined;
      return row ? userFromRow(row) : null;
    },
    listUsers(filter = {}) {
      const where = new WhereClause();
      if (filter.role !== undefined) where.add('role = @role', { role: filter.role });
      if (filter.streetId !== undefined) where.add('street_id = @street_id', { street_id: filter.streetId });
      return (statement(`SELECT * FROM users ${where} ORDER BY id`).all(where.params) as DbRow[]).map(userFromRow);
    },
    updateUser(id, patch) {
      const current = readUser(id);
      if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'user', id });
      users.update(id, userRow(applyPatch<User>(current, patch)));
      return readUser(id)!;
    },
    insertSession(session) {
      sessions.insert({
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      });
    },
    getSession(tokenHash, now) {
      const row = getSession.get(tokenHash, now) as DbRow | undefined;
      return row ? sessionFromRow(row) : null;
    },
    deleteSession(tokenHash) {
      deleteSession.run(tokenHash);
    },
    deleteUserSessions(userId, exceptTokenHash) {
      return deleteUserSessions.run(userId, exceptTokenHash ?? '').changes;
    },
    deleteExpiredSessions(now) {
      return deleteExpired.run(now).changes;
    },
  };
}
