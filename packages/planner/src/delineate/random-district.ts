import { randomNetwork } from '@lifecircle/engine/testing';
import { randomInt, type LngLat, type Rng } from '@lifecircle/shared';
import type { WalkGraph } from '@lifecircle/engine';
import type { PlannerCompound } from '../planner-input.js';

/**
 * A random district for tests: a random network from the engine's testing
 * helpers (about a square kilometre, with isolated parts) and compounds
 * scattered over it, some with a small square outline and one or two gates
 * on it, with 100–1,500 residents each.
 */
export function randomDistrict(rng: Rng, numNodes: number, numCompounds: number): { graph: WalkGraph; compounds: PlannerCompound[] } {
  const graph = randomNetwork(rng, numNodes);
  const compounds: PlannerCompound[] = [];
  for (let i = 0; i < numCompounds; i++) {
    const lng = 121.4 + rng() * 0.01;
    const lat = 31.2 + rng() * 0.009;
    let ring: LngLat[] | null = null;
    const gates: LngLat[] = [];
    if (rng() < 0.5) {
      const h = 0.0003; // about 30 m
      ring = [
        [lng - h, lat - h],
        [lng + h, lat - h],
        [lng + h, lat + h],
        [lng - h, lat + h],
        [lng - h, lat - h],
      ];
      const numGates = randomInt(rng, 1, 2);
      for (let g = 0; g < numGates; g++) gates.push(ring[randomInt(rng, 0, 3)]!);
    }
    compounds.push({
      id: 1000 + i,
      name: `compound ${i}`,
      location: [lng, lat],
      ring,
      gates,
      residents: randomInt(rng, 100, 1500),
      households: 0,
      age60plus: 0,
      age0to14: 0,
      circleId: null,
      streetId: null,
    });
  }
  return { graph, compounds };
}
