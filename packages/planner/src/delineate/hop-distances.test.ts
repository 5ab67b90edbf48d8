import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, seededRng } from '@lifecircle/shared';
import { buildCompoundGraph, compoundWalkM } from './compound-graph.js';
import { hopDistances } from './hop-distances.js';
import { randomGridDistrict } from './random-district.js';

describe('hopDistances', () => {
  it('matches Bellman–Ford over member pairs within the adjacency, with head starts, and labels contiguous cells', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = seededRng(seed);
      const { graph, compounds } = randomGridDistrict(rng, 7, 30);
      const adjacencyM = 300;
      const cg = buildCompoundGraph(graph, compounds, adjacencyM);
      const members = compounds.map((_, i) => i).filter(() => rng() < 0.8);
      const sources = [members[0]!, members[members.length - 1]!, members[randomInt(rng, 0, members.length - 1)]!];
      const offsets = sources.map(() => (rng() - 0.5) * 400);
      const { distM, label } = hopDistances(cg, members, sources, adjacencyM, offsets);
      // Reference: Bellman–Ford relaxing every member pair until nothing changes.
      const want = new Map<number, number>(members.map((c) => [c, Infinity]));
      sources.forEach((s, i) => want.set(s, Math.min(want.get(s)!, offsets[i]!)));
      for (let changed = true; changed;) {
        changed = false;
        for (const a of members) {
          for (const b of members) {
            const w = compoundWalkM(cg, a, b);
            if (w <= adjacencyM && want.get(a)! + w < want.get(b)! - 1e-9) {
              want.set(b, want.get(a)! + w);
              changed = true;
            }
          }
        }
      }
      for (const c of members) {
        const expected = want.get(c)!;
        if (expected === Infinity) assert.equal(label[c], -1, `seed ${seed}`);
        else assert.ok(Math.abs(distM[c]! - expected) < 1e-6, `seed ${seed} compound ${c}: got ${distM[c]}, want ${expected}`);
        // Each labelled member other than its own source has a same-label neighbour on a shortest path.
        if (label[c]! >= 0 && sources[label[c]!] !== c) {
          const hasParent = members.some(
            (p) =>
              label[p] === label[c] &&
              compoundWalkM(cg, p, c) <= adjacencyM &&
              Math.abs(distM[p]! + compoundWalkM(cg, p, c) - distM[c]!) < 1e-6,
          );
          assert.ok(hasParent, `seed ${seed} compound ${c}`);
        }
      }
    }
  });
});
