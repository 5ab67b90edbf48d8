import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLifecircleError, seededRng } from '@lifecircle/shared';
import type { StoreTx } from '../store.js';
import type { MakeStore } from './fixtures.js';
import { adminFixture, minimalOutlet, randomBuildings, randomCompounds, withStore } from './fixtures.js';
import { snapshot, writeEverything } from './everything.js';

const isCode = (code: Parameters<typeof isLifecircleError>[1]) => (error: unknown) => isLifecircleError(error, code);

/** Commit, rollback, waiting, nesting and bulk atomicity. */
export function describeTransactions(makeStore: MakeStore): void {
  describe('transactions', () => {
    it('commits what the callback wrote and returns its value', () =>
      withStore(makeStore, async (store) => {
        const result = await store.transaction(async (tx) => {
          await writeEverything(tx, 1);
          return 'done';
        });
        assert.equal(result, 'done');
        const after = (await snapshot(store)) as { outlets: unknown[]; audit: unknown[]; settings: unknown[] };
        assert.equal(after.outlets.length, 1);
        assert.equal(after.audit.length, 1);
        assert.deepEqual(after.settings, ['written 1', null]);
      }));

    it('rolls back every table when the callback throws, and re-throws the same error', () =>
      withStore(makeStore, async (store) => {
        await store.transaction((tx) => writeEverything(tx, 1));
        const before = await snapshot(store);
        const boom = new Error('boom');
        await assert.rejects(
          store.transaction(async (tx) => {
            await writeEverything(tx, 2);
            await tx.updateOutlet(1, { name: '改名' });
            await tx.setSetting('b', 'x');
            throw boom;
          }),
          (error) => error === boom,
        );
        assert.deepEqual(await snapshot(store), before);
        // The store still works after a rollback.
        await store.setSetting('b', 'after');
        assert.equal(await store.getSetting('b'), 'after');
      }));

    it('rolls back when a store error ends the callback, and keeps that error code', () =>
      withStore(makeStore, async (store) => {
        const before = await snapshot(store);
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insertOutlets([minimalOutlet()]);
            await tx.updateOutlet(9999, { name: 'x' });
          }),
          isCode('NOT_FOUND'),
        );
        assert.deepEqual(await snapshot(store), before);
      }));

    it('makes a store call wait while a transaction is pending, then see the committed state', () =>
      withStore(makeStore, async (store) => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const pending = store.transaction(async (tx) => {
          await tx.setSetting('a', 'first');
          entered();
          await gate;
          await tx.setSetting('a', 'committed');
          return 'ok';
        });
        await inside;
        let read: string | null | undefined;
        const reading = store.getSetting('a').then((value) => (read = value));
        await new Promise((resolve) => setTimeout(resolve, 30));
        assert.equal(read, undefined, 'the read must wait for the transaction');
        release();
        assert.equal(await pending, 'ok');
        await reading;
        assert.equal(read, 'committed');
      }));

    it('runs queued transactions one after another', () =>
      withStore(makeStore, async (store) => {
        const order: string[] = [];
        const run = (name: string) =>
          store.transaction(async (tx) => {
            order.push(`${name} start`);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.setSetting('a', name);
            order.push(`${name} end`);
          });
        await Promise.all([run('x'), run('y')]);
        assert.deepEqual(order, ['x start', 'x end', 'y start', 'y end']);
        assert.equal(await store.getSetting('a'), 'y');
      }));

    it('refuses a nested transaction with INTERNAL instead of waiting forever, and rolls back', () =>
      withStore(makeStore, async (store) => {
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.setSetting('a', 'inner');
            return store.transaction(async () => 1);
          }),
          isCode('INTERNAL'),
        );
        assert.equal(await store.getSetting('a'), null);
      }));

    it('refreshes statistics after a bulk load without changing a row, outside transactions only', () =>
      withStore(makeStore, async (store) => {
        const refs = await adminFixture(store);
        await store.insertOutlets(
          Array.from({ length: 1200 }, (_, i) => minimalOutlet({ name: `店${i}`, streetId: refs.streetIds[i % 2]! })),
        );
        await store.transaction((tx) => writeEverything(tx, 2));
        const before = await snapshot(store);
        assert.equal(await store.refreshStatistics(), true);
        assert.deepEqual(await snapshot(store), before);
        assert.equal((await store.listOutlets({ keyword: '店119', status: ['active'] })).length, 11);
        await assert.rejects(
          store.transaction(() => store.refreshStatistics()),
          isCode('INTERNAL'),
        );
        assert.deepEqual(await snapshot(store), before);
      }));

    it('makes a bulk insert on the store atomic: a bad row in the middle leaves nothing', () =>
      withStore(makeStore, async (store) => {
        const rng = seededRng(41);
        const refs = await adminFixture(store);
        const outlets = Array.from({ length: 50 }, (_, i) => minimalOutlet({ name: `店${i}` }));
        outlets[25] = minimalOutlet({ merchantId: 987654 });
        await assert.rejects(store.insertOutlets(outlets), isCode('VALIDATION'));
        assert.equal(await store.countOutlets(), 0);

        const compounds = randomCompounds(rng, 30, refs);
        compounds[15] = { ...compounds[15]!, streetId: 987654 };
        await assert.rejects(store.insertCompounds(compounds), isCode('VALIDATION'));
        assert.deepEqual(await store.listCompounds(), []);

        const compoundIds = await store.insertCompounds(randomCompounds(rng, 3, refs));
        const buildings = randomBuildings(rng, 30, compoundIds, refs.streetIds);
        buildings[29] = { ...buildings[29]!, compoundId: 987654 };
        await assert.rejects(store.insertBuildings(buildings), isCode('VALIDATION'));
        assert.deepEqual(await store.listBuildings(), []);

        const run = await store.insertAnalysisRun({
          kind: 'access',
          status: 'done',
          networkId: null,
          params: {},
          summary: null,
          error: null,
          startedAt: '2026-11-27T00:00:00.000Z',
          finishedAt: null,
        });
        const results = compoundIds.map((compoundId) => ({
          runId: run.id,
          compoundId,
          categoryId: 'breakfast',
          walkM: 10,
          numWithin15: 1,
        }));
        await assert.rejects(store.insertAccessResults([...results, results[0]!]), isCode('CONFLICT'));
        assert.deepEqual(await store.listAccessResults({ runId: run.id }), []);
      }));

    it('refuses calls on a tx after its transaction has ended', () =>
      withStore(makeStore, async (store) => {
        let leaked: StoreTx | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        await assert.rejects(leaked!.setSetting('a', 'late'), isCode('INTERNAL'));
        assert.equal(await store.getSetting('a'), null);
      }));
  });
}
