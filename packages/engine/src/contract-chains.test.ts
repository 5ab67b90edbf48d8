import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { attachPoints } from './attachments.js';
import { BucketSearch } from './bucket-search.js';
import { attachmentsOnChains, contractChains, expandChainDistances } from './contract-chains.js';
import { nearestOutletDistances } from './nearest-outlet.js';
import { buildOriginIndex, countOutletsWithin } from './outlets-within.js';
import type { PointSet } from './point-set.js';
import { buildSegmentIndex } from './segment-index.js';
import { randomNetwork, withShapeNodes } from './testing/random-network.js';

function close(a: number, b: number) {
  return (a === Infinity && b === Infinity) || Math.abs(a - b) < 1e-6;
}

describe('contractChains', () => {
  it('keeps only nodes of degree other than 2, plus one anchor per ring', () => {
    const graph = withShapeNodes(seededRng(1), randomNetwork(seededRng(1), 200));
    const contracted = contractChains(graph);
    let rings = 0;
    for (let v = 0; v < graph.numNodes; v++) {
      const degree = graph.firstArc[v + 1] - graph.firstArc[v];
      if (contracted.coreOfNode[v] < 0) assert.equal(degree, 2, `interior node ${v} has degree 2`);
      else if (degree === 2) rings++;
    }
    assert.ok(rings >= 1, 'the ring has an anchor');
    assert.ok(contracted.core.numNodes < graph.numNodes / 2);
    // Chains partition the edges: their lengths add up to the original total.
    const total = (g: typeof graph) => g.edgeLengthM.reduce((s, x) => s + x, 0);
    assert.ok(Math.abs(total(contracted.core) - total(graph)) < 1e-6);
  });

  it('gives every original node the distance a search on the full graph gives', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const rng = seededRng(seed);
      const graph = withShapeNodes(rng, randomNetwork(rng, randomInt(rng, 5, 150)));
      const contracted = contractChains(graph);
      const coreSeeds = Array.from({ length: randomInt(rng, 1, 4) }, () => randomInt(rng, 0, contracted.core.numNodes - 1));
      const originalSeeds = coreSeeds.map((c) => contracted.coreOfNode.indexOf(c));
      const full = new BucketSearch(graph);
      full.run(originalSeeds, new Float64Array(originalSeeds.length), originalSeeds.length);
      const core = new BucketSearch(contracted.core);
      core.run(coreSeeds, new Float64Array(coreSeeds.length), coreSeeds.length);
      const expanded = new Float64Array(graph.numNodes);
      expandChainDistances(contracted, core.distM, expanded);
      for (let v = 0; v < graph.numNodes; v++) assert.ok(close(expanded[v], full.distM[v]), `seed ${seed} node ${v}`);
    }
  });

  it('leaves nearest-outlet minutes and outlet counts unchanged for points on chains', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const rng = seededRng(seed * 13);
      const graph = withShapeNodes(rng, randomNetwork(rng, randomInt(rng, 10, 120)));
      const index = buildSegmentIndex(graph);
      const points = (count: number) => {
        const lng = Float64Array.from({ length: count }, () => 121.4 + rng() * 0.01);
        const lat = Float64Array.from({ length: count }, () => 31.2 + rng() * 0.009);
        return { lng, lat, attachments: attachPoints(graph, index, lng, lat, { maxSnapM: 200 }) };
      };
      const origins: PointSet = points(randomInt(rng, 1, 30));
      const outlets: PointSet = points(randomInt(rng, 1, 8));
      const contracted = contractChains(graph);
      const onChains = (p: PointSet): PointSet => ({ ...p, attachments: attachmentsOnChains(contracted, graph, p.attachments) });
      const all = Uint32Array.from({ length: outlets.lng.length }, (_, i) => i);
      const want = new Float64Array(origins.lng.length);
      const got = new Float64Array(origins.lng.length);
      nearestOutletDistances(new BucketSearch(graph), origins, outlets, all, Infinity, want);
      nearestOutletDistances(new BucketSearch(contracted.core), onChains(origins), onChains(outlets), all, Infinity, got);
      for (let p = 0; p < want.length; p++)
        assert.ok(close(got[p], want[p]), `seed ${seed * 13} origin ${p}: ${got[p]} vs ${want[p]}`);
      const thresholds = [150, 400];
      const countsWant = new Uint16Array(origins.lng.length * 2);
      const countsGot = new Uint16Array(origins.lng.length * 2);
      countOutletsWithin(
        new BucketSearch(graph),
        origins,
        buildOriginIndex(graph, origins),
        outlets,
        all,
        thresholds,
        countsWant,
      );
      const chainOrigins = onChains(origins);
      countOutletsWithin(
        new BucketSearch(contracted.core),
        chainOrigins,
        buildOriginIndex(contracted.core, chainOrigins),
        onChains(outlets),
        all,
        thresholds,
        countsGot,
      );
      assert.deepEqual([...countsGot], [...countsWant], `seed ${seed * 13}`);
    }
  });
});
