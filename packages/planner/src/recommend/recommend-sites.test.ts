import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  attachPoints,
  BucketSearch,
  buildSegmentIndex,
  nearestOutletDistances,
  type PointSet,
  type WalkGraph,
} from '@lifecircle/engine';
import { randomNetwork, withShapeNodes } from '@lifecircle/engine/testing';
import { isLifecircleError, randomInt, seededRng } from '@lifecircle/shared';
import { buildCoverageInstance } from './coverage-instance.js';
import { recommendSites, type RecommendOptions } from './recommend-sites.js';
import { randomCoverageInstance } from './testing/random-coverage.js';
import { randomGates, randomPointSet, randomPoints, referenceWalkM } from './testing/random-district.js';

/** A random district: demands and existing outlets (some behind gates), candidate points, current distances by the engine. */
function randomDistrict(seed: number) {
  const rng = seededRng(seed);
  const graph = withShapeNodes(rng, randomNetwork(rng, randomInt(rng, 30, 70)));
  const gates = randomGates(rng);
  const numDemands = randomInt(rng, 5, 25);
  const demands = randomPointSet(rng, graph, numDemands, gates);
  const outlets = randomPointSet(rng, graph, randomInt(rng, 0, 3), gates);
  const candidateXY = randomPoints(rng, randomInt(rng, 3, 10));
  const candidates = Array.from(candidateXY.lng, (lng, j) => ({ lng, lat: candidateXY.lat[j]! }));
  const currentDistM = new Float64Array(numDemands);
  const all = Uint32Array.from({ length: outlets.lng.length }, (_, o) => o);
  nearestOutletDistances(new BucketSearch(graph), demands, outlets, all, Infinity, currentDistM);
  const residents = Float64Array.from({ length: numDemands }, () => randomInt(rng, 0, 40));
  const elderly = Float64Array.from(residents, (r) => randomInt(rng, 0, r));
  // Residents plus the elderly once more (λ = 1).
  const weights = Float64Array.from(residents, (r, i) => r + elderly[i]!);
  return { rng, graph, demands, outlets, candidates, currentDistM, residents, weights };
}

/** The chosen candidates as new outlets, snapped to the network as the instance snapped them. */
function chosenSites(graph: WalkGraph, candidates: readonly { lng: number; lat: number }[], chosen: readonly number[]): PointSet {
  const lng = Float64Array.from(chosen, (j) => candidates[j]!.lng);
  const lat = Float64Array.from(chosen, (j) => candidates[j]!.lat);
  return { attachments: attachPoints(graph, buildSegmentIndex(graph), lng, lat, { maxSnapM: 500 }), lng, lat };
}

describe('recommendSites', () => {
  for (const [method, swaps] of [
    ['greedy', false],
    ['greedy', true],
    ['exact', true],
    ['auto', true],
  ] as const) {
    it(`claims exactly the weight and residents that a textbook Dijkstra from all outlets, old and new, finds newly covered (${method}${swaps ? ' with swaps' : ''})`, async () => {
      let numGains = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const district = randomDistrict(seed);
        const { graph, demands, outlets, candidates, currentDistM, residents, weights } = district;
        const thresholdM = 250;
        const instance = buildCoverageInstance(graph, demands, candidates, {
          thresholdM,
          cutoffM: thresholdM,
          currentDistM,
          weights,
          residents,
        });
        const k = randomInt(district.rng, 1, 3);
        const result = await recommendSites(instance, { k, method, objective: 'coverage', swaps });
        assert.ok(result.sites.length <= k, `seed ${seed}`);
        const chosen = result.sites.map((s) => s.candidate);
        const sites = chosenSites(graph, candidates, chosen);
        let gainedWeight = 0;
        let gainedResidents = 0;
        for (let i = 0; i < demands.lng.length; i++) {
          let before = Infinity;
          for (let o = 0; o < outlets.lng.length; o++) before = Math.min(before, referenceWalkM(graph, demands, i, outlets, o));
          let after = before;
          for (let s = 0; s < chosen.length; s++) after = Math.min(after, referenceWalkM(graph, demands, i, sites, s));
          if (before > thresholdM && after <= thresholdM) {
            gainedWeight += weights[i]!;
            gainedResidents += residents[i]!;
          }
        }
        assert.equal(result.totalGain, gainedWeight, `seed ${seed}`);
        assert.equal(
          result.sites.reduce((sum, s) => sum + (s.gainResidents ?? 0), 0),
          gainedResidents,
          `seed ${seed}: residents`,
        );
        assert.equal(result.sites.at(-1)?.cumulative ?? 0, gainedWeight, `seed ${seed}: cumulative`);
        numGains += gainedWeight > 0 ? 1 : 0;
      }
      assert.ok(numGains >= 3, `only ${numGains} seeds gained anything: the check lost its power`);
    });
  }

  it('reports the greedy gap against the HiGHS optimum and returns the better sites', async () => {
    let numGaps = 0;
    for (let seed = 1; seed <= 15; seed++) {
      const instance = randomCoverageInstance(seededRng(700 + seed), 40, 120, 20);
      const options: RecommendOptions = { k: 4, method: 'auto', objective: 'coverage' };
      const auto = await recommendSites(instance, options);
      const greedy = await recommendSites(instance, { ...options, method: 'greedy', swaps: false });
      const swapped = await recommendSites(instance, { ...options, method: 'greedy', restarts: 0 });
      const grasp = await recommendSites(instance, { ...options, method: 'greedy' });
      assert.equal(auto.status, 'optimal', `seed ${seed}`);
      assert.equal(auto.greedyGain, greedy.totalGain, `seed ${seed}`);
      assert.equal(auto.swapsGain, swapped.totalGain, `seed ${seed}`);
      assert.ok(swapped.totalGain >= greedy.totalGain, `seed ${seed}: swaps lost coverage`);
      assert.ok(auto.optimum !== undefined && auto.optimum >= swapped.totalGain, `seed ${seed}`);
      assert.equal(auto.totalGain, auto.optimum, `seed ${seed}: returns the optimum's sites`);
      assert.equal(auto.gap, (auto.optimum - greedy.totalGain) / auto.optimum, `seed ${seed}: gap`);
      assert.equal(auto.swapsGap, (auto.optimum - swapped.totalGain) / auto.optimum, `seed ${seed}: gap after swaps`);
      // The restarts never lose to the greedy and its swaps, and never beat the optimum.
      assert.ok(
        grasp.totalGain >= swapped.totalGain && grasp.totalGain <= auto.optimum,
        `seed ${seed}: grasp ${grasp.totalGain}`,
      );
      assert.equal(auto.graspGain, grasp.graspGain, `seed ${seed}`);
      const best = Math.max(swapped.totalGain, grasp.totalGain);
      const expected =
        auto.optimum > best
          ? 'exact'
          : grasp.totalGain > swapped.totalGain
            ? 'grasp'
            : swapped.totalGain > greedy.totalGain
              ? 'greedy+swaps'
              : 'greedy';
      assert.equal(auto.method, expected, `seed ${seed}`);
      if (auto.gap! > 0) numGaps++;
    }
    assert.ok(numGaps > 0, 'the greedy was optimal on every instance: the gap check lost its power');
  });

  it('claims the p-median mean that the reference recomputes', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const district = randomDistrict(50 + seed);
      const { graph, demands, outlets, candidates, currentDistM, weights } = district;
      const cutoffM = 600;
      const instance = buildCoverageInstance(graph, demands, candidates, { thresholdM: 250, cutoffM, currentDistM, weights });
      const result = await recommendSites(instance, { k: 2, method: 'auto', objective: 'p-median' });
      const chosen = result.sites.map((s) => s.candidate);
      const sites = chosenSites(graph, candidates, chosen);
      let cost = 0;
      let weight = 0;
      for (let i = 0; i < demands.lng.length; i++) {
        let d = cutoffM;
        for (let o = 0; o < outlets.lng.length; o++) d = Math.min(d, referenceWalkM(graph, demands, i, outlets, o));
        for (let s = 0; s < chosen.length; s++) d = Math.min(d, referenceWalkM(graph, demands, i, sites, s));
        cost += weights[i]! * d;
        weight += weights[i]!;
      }
      if (weight === 0) continue;
      assert.ok(
        Math.abs(result.meanDistM! - cost / weight) < 1e-6,
        `seed ${seed}: claimed ${result.meanDistM}, reference ${cost / weight}`,
      );
      assert.equal(result.status, 'optimal', `seed ${seed}`);
    }
  });

  it('rejects misuse as VALIDATION errors naming the field', async () => {
    const instance = randomCoverageInstance(seededRng(1), 3, 3, 2);
    const cases: [RecommendOptions, string][] = [
      [{ method: 'greedy', objective: 'p-median' }, 'k'],
      [{ method: 'greedy', objective: 'coverage' }, 'k'],
      [{ k: 2.5, method: 'greedy', objective: 'coverage' }, 'k'],
      [{ coverageTarget: 0, method: 'auto', objective: 'coverage' }, 'coverageTarget'],
      [{ k: 2, coverageTarget: 0.5, method: 'greedy', objective: 'p-median' }, 'coverageTarget'],
      [{ k: 2, method: 'fast' as 'auto', objective: 'coverage' }, 'method'],
      [{ k: 2, method: 'exact', objective: 'coverage', timeLimitS: -1 }, 'timeLimitS'],
    ];
    for (const [options, field] of cases) {
      await assert.rejects(recommendSites(instance, options), (error) => {
        assert.ok(isLifecircleError(error, 'VALIDATION'), `${JSON.stringify(options)}: ${error}`);
        assert.equal(error.details.field, field);
        return true;
      });
    }
  });

  it('reaches a coverage target with the fewest sites HiGHS proves, and says how many more the greedy used', async () => {
    let numChecked = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const instance = randomCoverageInstance(seededRng(800 + seed), 25, 80, 12);
      // Seven tenths of the way from today's coverage to the most that all candidates reach.
      const all = await recommendSites(instance, { k: instance.numCandidates, method: 'greedy', objective: 'coverage' });
      const coverageTarget = (all.baseCoveredWeight! + 0.7 * all.totalGain) / all.totalWeight!;
      const result = await recommendSites(instance, { coverageTarget, method: 'auto', objective: 'coverage' });
      const greedy = await recommendSites(instance, { coverageTarget, method: 'greedy', objective: 'coverage' });
      if (!greedy.isTargetReached) {
        assert.equal(result.gap, undefined, `seed ${seed}`);
        continue;
      }
      assert.equal(result.status, 'optimal', `seed ${seed}`);
      assert.ok(result.isTargetReached, `seed ${seed}`);
      assert.equal(result.optimum, result.sites.length, `seed ${seed}`);
      assert.ok(result.sites.length <= greedy.sites.length, `seed ${seed}`);
      assert.equal(result.gap, (greedy.sites.length - result.sites.length) / result.sites.length, `seed ${seed}`);
      // A k the greedy did not need changes nothing: the fewest sites are still the question.
      const withK = await recommendSites(instance, {
        k: greedy.sites.length + 2,
        coverageTarget,
        method: 'auto',
        objective: 'coverage',
      });
      assert.equal(withK.sites.length, result.sites.length, `seed ${seed}: with k`);
      assert.equal(withK.optimum, result.optimum, `seed ${seed}: with k`);
      numChecked++;
    }
    assert.ok(numChecked >= 8, `the target was reachable on only ${numChecked} instances`);
  });
});
