import type { UserOperations } from '../operation-groups.js';
import { LifecircleError } from '@lifecircle/shared';
import type { User } from '@lifecircle/shared';
import { applyPatch } from '../row-values.js';
import type { PgDb, PgOperations, PgRowContext } from './pg-db.js';
import { PgWhere } from './pg-values.js';
import { postgisRecords } from './postgis-records.js';

const { sessionFromRow, userFromRow } = postgisRecords;

function userValues(u: Omit<User, 'id'>): unknown[] {
  return [
    u.username,
    u.displayName,
    u.role,
    u.streetId,
    u.merchantId,
    u.passwordHash,
    u.isDisabled,
    u.mustChangePassword,
    u.createdAt,
  ];
}
const USER_COLUMNS =
  'username, display_name, role, street_id, merchant_id, password_hash, is_disabled, must_change_password, created_at';

async function readUser(db: PgDb, id: number): Promise<User | null> {
  const row = await db.row('SELECT * FROM users WHERE id = $1', [id]);
  return row ? userFromRow(row) : null;
}

/** Users and their login sessions. */
export function userRows(context: PgRowContext): Pick<PgOperations, UserOperations> {
  return {
    async insertUser(db, user) {
      const row = await db.row(
        `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        userValues({ ...user, createdAt: context.now() }),
      );
      return userFromRow(row!);
    },
    getUser: readUser,
    async getUserByUsername(db, username) {
      const row = await db.row('SELECT * FROM users WHERE username = $1', [username]);
      return row ? userFromRow(row) : null;
    },
    async listUsers(db, filter = {}) {
      const where = new PgWhere();
      where.equals('role', filter.role);
      where.equals('street_id', filter.streetId);
      return (await db.rows(`SELECT * FROM users ${where} ORDER BY id`, where.params)).map(userFromRow);
    },
    updateUser: (db, id, patch) =>
      db.atomic(async () => {
        const current = (await db.lockRow('users', id)) ? await readUser(db, id) : null;
        if (!current) throw new LifecircleError('NOT_FOUND', { entity: 'user', id });
        const row = await db.row(
          `UPDATE users SET (${USER_COLUMNS}) = ($1, $2, $3, $4, $5, $6, $7, $8, $9) WHERE id = $10 RETURNING *`,
          [...userValues(applyPatch<User>(current, patch)), id],
        );
        return userFromRow(row!);
      }),
    async insertSession(db, session) {
      await db.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        session.tokenHash,
        session.userId,
        session.createdAt,
        session.expiresAt,
      ]);
    },
    async getSession(db, tokenHash, now) {
      // ISO timestamps in one format compare as text (the columns use the "C" collation).
      const row = await db.row('SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
      return row ? sessionFromRow(row) : null;
    },
    async deleteSession(db, tokenHash) {
      await db.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    deleteUserSessions(db, userId, exceptTokenHash) {
      return db.run('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [userId, exceptTokenHash ?? '']);
    },
    deleteExpiredSessions(db, now) {
      return db.run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    },
  };
}
