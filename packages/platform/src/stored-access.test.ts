import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { walkMetres, walkSubgraph } from '@lifecircle/engine';
import { openSqliteStore, type Store } from '@lifecircle/store';
import { accessRunParams, computeStoredAccess, reachBox, runCategories } from './run-stored-analysis.js';
import { seedDemoDistrict } from './seed-demo.js';
import { requireLatestGraph } from './stored-network.js';

// The district preset (7.4 km across): one street's reach at a 10-minute cutoff is a fraction of it.
describe('computeStoredAccess for part of a store', () => {
  const taxonomy = defaultTaxonomy();
  let dataDir: string;
  let store: Store;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifecircle-stored-access-'));
    store = await openSqliteStore(':memory:');
    await seedDemoDistrict(store, { dataDir, taxonomy, hashPassword: async (p) => `plain$${p}`, preset: 'district', seed: 2 });
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("searches only the network within a street's reach and gives its compounds the rows of the whole store", async () => {
    const { graph } = await requireLatestGraph(store);
    const compounds = await store.listCompounds();
    const outlets = await store.listOutlets({ status: ['active'] });
    const params = accessRunParams(taxonomy);
    const input = {
      graph,
      categories: runCategories(taxonomy, params.categories),
      compounds,
      outlets,
      speedMps: 1.2,
      cutoffMinutes: 10,
      workers: 0,
    };
    const whole = await computeStoredAccess(input, 1);

    for (const street of (await store.listStreets()).slice(0, 3)) {
      const origins = compounds.filter((c) => c.streetId === street.id);
      const reachable = walkSubgraph(graph, reachBox(origins, walkMetres(10, 1.2))).graph.numNodes;
      assert.ok(reachable < graph.numNodes * 0.8, `street ${street.id}: ${reachable} of ${graph.numNodes} nodes searched`);
      const part = await computeStoredAccess({ ...input, origins }, 1);
      const ids = new Set(origins.map((c) => c.id));
      assert.deepEqual(
        part.rows,
        whole.rows.filter((row) => ids.has(row.compoundId)),
      );
      assert.equal(part.part.numOutlets, outlets.length);
      assert.deepEqual(
        part.part.coverage.map((c) => c.numOutlets),
        whole.part.coverage.map((c) => c.numOutlets),
      );
      assert.ok(
        part.rows.some((row) => row.walkM !== null) && part.rows.some((row) => row.walkM === null),
        'some within the cutoff, some not',
      );
    }
  });
});
