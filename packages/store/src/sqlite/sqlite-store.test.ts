import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStore } from '../testing/describe-store.js';
import { openSqliteStore } from './open-sqlite-store.js';

describeStore('sqlite in memory', () => openSqliteStore(':memory:'));

let fileNumber = 0;
const dir = mkdtempSync(join(tmpdir(), 'lifecircle-store-'));
describeStore('sqlite file', () => openSqliteStore(join(dir, `store-${fileNumber++}.sqlite`)));

describe('openSqliteStore', () => {
  it('opens a store of kind sqlite', async () => {
    const store = await openSqliteStore(':memory:');
    assert.equal(store.kind, 'sqlite');
    await store.close();
  });
});
