import assert from 'node:assert/strict';
import { isLifecircleError } from '@lifecircle/shared';
import type { Store } from '../store.js';
import { minimalOutlet } from './fixtures.js';

/**
 * Checks a store opened on a read-only database whose setting `k` is `v`:
 * reads work, every kind of write (a single row, a bulk insert, a
 * transaction) is STORE_READ_ONLY, and nothing changed. Closes the store.
 */
export async function assertReadOnly(reader: Store): Promise<void> {
  const unavailable = (error: unknown) => isLifecircleError(error, 'STORE_READ_ONLY');
  assert.equal(await reader.getSetting('k'), 'v');
  await assert.rejects(reader.setSetting('k', 'w'), unavailable);
  await assert.rejects(reader.insertOutlets([minimalOutlet()]), unavailable);
  await assert.rejects(
    reader.transaction(async (tx) => tx.setSetting('k', 'w')),
    unavailable,
  );
  assert.equal(await reader.getSetting('k'), 'v');
  await reader.close();
}
