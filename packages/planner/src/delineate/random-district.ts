import { buildWalkGraph, type WalkGraph } from '@lifecircle/engine';
import { randomNetwork } from '@lifecircle/engine/testing';
import { haversineM, METRES_PER_DEGREE, randomInt, type LngLat, type Rng } from '@lifecircle/shared';
import type { PlannerCompound } from '../planner-input.js';

/**
 * A random district for tests: a random network from the engine's testing
 * helpers (about a square kilometre, with isolated parts) and compounds
 * beside random nodes of it, some with a small square outline and one or two gates
 * on it, with 100–1,500 residents each.
 */
export function randomDistrict(
  rng: Rng,
  numNodes: number,
  numCompounds: number,
): { graph: WalkGraph; compounds: PlannerCompound[] } {
  const graph = randomNetwork(rng, numNodes);
  const compounds: PlannerCompound[] = [];
  for (let i = 0; i < numCompounds; i++) {
    // Beside a random node (within about 20 m), as compounds line streets.
    const node = randomInt(rng, 0, graph.numNodes - 1);
    const lng = graph.nodeLng[node]! + (rng() - 0.5) * 0.0004;
    const lat = graph.nodeLat[node]! + (rng() - 0.5) * 0.0004;
    compounds.push(compound(i, lng, lat, rng));
  }
  return { graph, compounds };
}

/**
 * A jittered street grid (`side` × `side` nodes about 100 m apart, 15 % of
 * blocks' edges missing) cut by a north–south "river" crossed by two
 * bridges, with compounds beside random nodes: a district where circles of
 * several compounds exist, for delineation tests.
 */
export function randomGridDistrict(
  rng: Rng,
  side: number,
  numCompounds: number,
): { graph: WalkGraph; compounds: PlannerCompound[] } {
  const kx = METRES_PER_DEGREE * Math.cos((31.2 * Math.PI) / 180);
  const nodeLng: number[] = [];
  const nodeLat: number[] = [];
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      nodeLng.push(121.4 + (col * 100 + (rng() - 0.5) * 30) / kx);
      nodeLat.push(31.2 + (row * 100 + (rng() - 0.5) * 30) / METRES_PER_DEGREE);
    }
  }
  const river = Math.floor(side / 2);
  const bridges = new Set([randomInt(rng, 0, side - 1), randomInt(rng, 0, side - 1)]);
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const edgeLengthM: number[] = [];
  const link = (a: number, b: number) => {
    edgeU.push(a);
    edgeV.push(b);
    edgeLengthM.push(haversineM(nodeLng[a]!, nodeLat[a]!, nodeLng[b]!, nodeLat[b]!));
  };
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const v = row * side + col;
      if (col + 1 < side && (col + 1 !== river || bridges.has(row)) && rng() < 0.85) link(v, v + 1);
      if (row + 1 < side && rng() < 0.85) link(v, v + side);
    }
  }
  const graph = buildWalkGraph({ nodeLng, nodeLat, edgeU, edgeV, edgeLengthM });
  const compounds: PlannerCompound[] = [];
  for (let i = 0; i < numCompounds; i++) {
    const node = randomInt(rng, 0, graph.numNodes - 1);
    const lng = graph.nodeLng[node]! + (rng() - 0.5) * 0.0004;
    const lat = graph.nodeLat[node]! + (rng() - 0.5) * 0.0004;
    compounds.push(compound(i, lng, lat, rng));
  }
  return { graph, compounds };
}

/** A compound at (lng, lat), half the time with a 60 m square outline and one or two gates on its corners. */
function compound(i: number, lng: number, lat: number, rng: Rng): PlannerCompound {
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
  return {
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
  };
}
