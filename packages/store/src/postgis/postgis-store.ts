import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import { LifecircleError } from '@lifecircle/shared';
import type { Store, StoreTx } from '../store.js';
import { adminRows } from './admin-rows.js';
import { analysisRows } from './analysis-rows.js';
import { auditRows } from './audit-rows.js';
import { evaluationPhotoRows } from './evaluation-photo-rows.js';
import { feedbackRows } from './feedback-rows.js';
import { KEYWORD_HEAD_WALK_MIN_OUTLETS, outletRows } from './outlet-rows.js';
import { PgDb } from './pg-db.js';
import type { PgOperations, PgRowContext } from './pg-db.js';
import { placeRows } from './place-rows.js';
import { scenarioRows } from './scenario-rows.js';
import { SharedExclusiveGate } from './shared-exclusive-gate.js';
import { translatePostgresError } from './translate-error.js';
import { userRows } from './user-rows.js';

/** Marks the async context of one transaction's callback. */
interface TransactionScope {
  isOpen: boolean;
}

type AnyOperation = (db: PgDb, ...args: unknown[]) => Promise<unknown>;

/**
 * A Store over a node-postgres pool, with the SQLite store's semantics:
 * plain calls run concurrently, each on a pooled connection (and in its own
 * transaction when it writes several rows); `transaction(fn)` runs alone on
 * one connection, plain calls made meanwhile wait for it, and each call on
 * its `tx` is a savepoint, so a call that fails rolls back alone as a
 * SQLite statement does. Calls on the store from inside its own transaction
 * are refused (they would wait for themselves).
 */
export function createPostgisStore(
  pool: Pool,
  options: { onClose?: () => Promise<void>; keywordHeadWalkMinOutlets?: number } = {},
): Store {
  const context: PgRowContext = {
    now: () => new Date().toISOString(),
    keywordHeadWalkMinOutlets: options.keywordHeadWalkMinOutlets ?? KEYWORD_HEAD_WALK_MIN_OUTLETS,
  };
  const operations: PgOperations = {
    ...auditRows(context),
    ...adminRows(),
    ...placeRows(),
    ...outletRows(context),
    ...userRows(context),
    ...feedbackRows(context),
    ...evaluationPhotoRows(context),
    ...analysisRows(context),
    ...scenarioRows(context),
  };
  const names = Object.keys(operations) as (keyof PgOperations)[];
  const scopes = new AsyncLocalStorage<TransactionScope>();
  const gate = new SharedExclusiveGate();
  let isClosed = false;

  const assertOpen = (): void => {
    if (isClosed) throw new LifecircleError('STORE_UNAVAILABLE', { reason: 'the store is closed' });
  };
  const assertOutsideTransaction = (what: string): void => {
    if (scopes.getStore()?.isOpen) {
      throw new LifecircleError('INTERNAL', {
        reason: `${what} called inside a transaction of the same store: use the transaction's tx (transactions do not nest)`,
      });
    }
  };

  /** Runs `fn` on a pooled connection; a connection left in an unknown state is destroyed, not reused. */
  const withConnection = async <T>(fn: (db: PgDb) => Promise<T>): Promise<T> => {
    assertOpen();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw translatePostgresError(error);
    }
    const db = new PgDb(client);
    try {
      return await fn(db);
    } catch (error) {
      throw translatePostgresError(error);
    } finally {
      client.release(db.isBroken);
    }
  };

  /** The tx handed to one transaction's callback: calls run one at a time, each in a savepoint. */
  const makeTx = (scope: TransactionScope, db: PgDb): StoreTx => {
    const tx: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    // One connection carries the transaction: calls made together (Promise.all) queue here.
    let tail: Promise<unknown> = Promise.resolve();
    for (const name of names) {
      tx[name] = (...args) => {
        const result = tail.then(async () => {
          if (!scope.isOpen) throw new LifecircleError('INTERNAL', { reason: `${name} called on a transaction that has ended` });
          try {
            return await db.atomic(() => (operations[name] as AnyOperation)(db, ...args));
          } catch (error) {
            throw translatePostgresError(error);
          }
        });
        tail = result.catch(() => undefined);
        return result;
      };
    }
    return tx as unknown as StoreTx;
  };

  const store: Record<string, unknown> = {
    kind: 'postgis',
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      assertOutsideTransaction('transaction');
      return gate.run('exclusive', () =>
        withConnection(async (db) => {
          const scope: TransactionScope = { isOpen: true };
          try {
            return await db.atomic(() => scopes.run(scope, () => fn(makeTx(scope, db))));
          } finally {
            scope.isOpen = false;
          }
        }),
      );
    },
    async refreshStatistics() {
      assertOutsideTransaction('refreshStatistics');
      try {
        await gate.run('shared', () => withConnection((db) => db.refreshStatistics()));
        return true;
      } catch (error) {
        if (error instanceof LifecircleError && error.code === 'STORE_UNAVAILABLE' && isClosed) throw error;
        return false;
      }
    },
    async close() {
      assertOutsideTransaction('close');
      await gate.run('exclusive', async () => {
        if (isClosed) return;
        isClosed = true;
        await pool.end();
        await options.onClose?.();
      });
    },
  };
  for (const name of names) {
    store[name] = async (...args: unknown[]) => {
      assertOutsideTransaction(name);
      return gate.run('shared', () => withConnection((db) => (operations[name] as AnyOperation)(db, ...args)));
    };
  }
  return store as unknown as Store;
}
