import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from 'better-sqlite3';
import { LifecircleError } from '@lifecircle/shared';
import type { Store, StoreTx } from '../store.js';
import { adminRows } from './admin-rows.js';
import { analysisRows } from './analysis-rows.js';
import { auditRows } from './audit-rows.js';
import { evaluationPhotoRows } from './evaluation-photo-rows.js';
import { feedbackRows } from './feedback-rows.js';
import { outletRows } from './outlet-rows.js';
import { placeRows } from './place-rows.js';
import { scenarioRows } from './scenario-rows.js';
import type { RowContext, SyncTx } from './sync-tx.js';
import { translateSqliteError } from './translate-error.js';
import { userRows } from './user-rows.js';

/** Marks the async context of one transaction's callback. */
interface TransactionScope {
  isOpen: boolean;
}

type AnyOperation = (...args: unknown[]) => unknown;

/**
 * A Store over one better-sqlite3 connection. The driver is synchronous, so
 * an async transaction would let other callers' statements slip into it
 * while its callback awaits. A FIFO mutex prevents that: every call on the
 * store, and every transaction as a whole, runs alone; calls on `tx` run
 * directly because their transaction already holds the mutex.
 */
export function createSqliteStore(db: Database): Store {
  const context: RowContext = { db, now: () => new Date().toISOString() };
  const operations: SyncTx = {
    ...auditRows(context),
    ...adminRows(context),
    ...placeRows(context),
    ...outletRows(context),
    ...userRows(context),
    ...feedbackRows(context),
    ...analysisRows(context),
    ...scenarioRows(context),
    ...evaluationPhotoRows(context),
  };
  const names = Object.keys(operations) as (keyof SyncTx)[];
  const scopes = new AsyncLocalStorage<TransactionScope>();
  let tail: Promise<unknown> = Promise.resolve();
  let isClosed = false;

  /** Runs `fn` after everything queued before it, alone. */
  const exclusive = <T>(fn: () => T | Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  /** Refuses a store call made from inside one of its own transactions: it would wait for itself forever. */
  const assertOutsideTransaction = (what: string): void => {
    if (scopes.getStore()?.isOpen) {
      throw new LifecircleError('INTERNAL', {
        reason: `${what} called inside a transaction of the same store: use the transaction's tx (transactions do not nest)`,
      });
    }
  };

  const run = (name: keyof SyncTx, args: unknown[]): unknown => {
    if (isClosed) throw new LifecircleError('STORE_UNAVAILABLE', { reason: 'the store is closed' });
    try {
      return (operations[name] as AnyOperation)(...args);
    } catch (error) {
      throw translateSqliteError(error);
    }
  };

  /** The tx handed to one transaction's callback; it refuses calls once the transaction has ended. */
  const makeTx = (scope: TransactionScope): StoreTx => {
    const tx: Record<string, AnyOperation> = {};
    for (const name of names) {
      tx[name] = async (...args) => {
        if (!scope.isOpen) throw new LifecircleError('INTERNAL', { reason: `${name} called on a transaction that has ended` });
        return run(name, args);
      };
    }
    return tx as unknown as StoreTx;
  };

  const store: Record<string, unknown> = {
    kind: 'sqlite',
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      assertOutsideTransaction('transaction');
      return exclusive(async () => {
        if (isClosed) throw new LifecircleError('STORE_UNAVAILABLE', { reason: 'the store is closed' });
        const scope: TransactionScope = { isOpen: true };
        try {
          db.exec('BEGIN IMMEDIATE');
        } catch (error) {
          throw translateSqliteError(error);
        }
        try {
          const result = await scopes.run(scope, () => fn(makeTx(scope)));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw translateSqliteError(error);
        } finally {
          scope.isOpen = false;
        }
      });
    },
    async refreshStatistics() {
      assertOutsideTransaction('refreshStatistics');
      if (isClosed) throw new LifecircleError('STORE_UNAVAILABLE', { reason: 'the store is closed' });
      return true;
    },
    async close() {
      assertOutsideTransaction('close');
      await exclusive(() => {
        if (isClosed) return;
        isClosed = true;
        db.close();
      });
    },
  };
  for (const name of names) {
    store[name] = async (...args: unknown[]) => {
      assertOutsideTransaction(name);
      return exclusive(() => run(name, args));
    };
  }
  return store as unknown as Store;
}
