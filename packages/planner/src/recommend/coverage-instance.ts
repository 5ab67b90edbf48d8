import {
  attachPoints,
  attachmentsOnChains,
  BucketSearch,
  buildSegmentIndex,
  contractChains,
  type Attachments,
  type GateAccess,
  type PointSet,
  type WalkGraph,
} from '@lifecircle/engine';
import { haversineM } from '@lifecircle/shared';

/**
 * A site-recommendation problem as typed arrays: demands (residential
 * compounds) with weights and their current walking metres to the category,
 * candidate sites, and in compressed sparse rows the demands each candidate
 * would bring closer. Existing outlets stay: a candidate matters to a demand
 * only where it beats the current distance.
 */
export interface CoverageInstance {
  readonly numDemands: number;
  readonly numCandidates: number;
  /** Weight of each demand (residents, or residents + λ·elderly), ≥ 0. */
  readonly weight: Float64Array;
  /** Residents of each demand when they differ from the weights, for reporting. */
  readonly residents?: Float64Array | undefined;
  /** Current best walking metres from each demand to the category; Infinity when none. */
  readonly currentDistM: Float64Array;
  /** A demand is covered when its walking metres are ≤ thresholdM. */
  readonly thresholdM: number;
  /** Pairs farther than this are not stored (≥ thresholdM). */
  readonly cutoffM: number;
  /** Pairs of candidate j are pairStart[j] .. pairStart[j + 1] - 1, demands in increasing order. */
  readonly pairStart: Uint32Array;
  readonly pairDemand: Uint32Array;
  /** Walking metres d_ij from the demand to the candidate; always ≤ cutoffM and < currentDistM. */
  readonly pairDistM: Float64Array;
  /** Where each candidate stands, WGS-84 [lng, lat]. */
  readonly candidateLng: Float64Array;
  readonly candidateLat: Float64Array;
}

/** Candidate sites: points (vacant shop units, ground floors; snapped to the network) or network nodes. */
export type CandidateSites = readonly { lng: number; lat: number }[] | { nodes: Uint32Array };

export interface BuildCoverageOptions {
  /** Covering distance, metres (the category's target minutes at the walking speed). */
  thresholdM: number;
  /** Longest pair kept, metres (≥ thresholdM; larger only matters for p-median). */
  cutoffM: number;
  /** Current best metres per demand (from the existing outlets; Infinity when none). */
  currentDistM: Float64Array;
  /** Weight per demand. */
  weights: Float64Array;
  /** Residents per demand, when the weights are not residents (e.g. elderly weighted). */
  residents?: Float64Array;
  /** Candidate points farther than this from every edge reach nothing. Default 500 m. */
  maxSnapM?: number;
  /**
   * Search the graph with its chains of shape nodes contracted (same metres, fewer nodes). Default
   * true; pass false when `graph` is already a contracted core and the demands are attached to it.
   */
  contract?: boolean;
  /**
   * For point candidates inside gated compounds (ground floors within a compound): the compounds'
   * gates, with `pointCompound` per candidate in the same compound numbering as
   * `demandPoints.compound`. Such a candidate reaches the network through the gates, and the
   * compound's own residents walk to it straight. Omit for sites that face the street.
   */
  candidateGates?: GateAccess;
}

/**
 * Builds the instance: one bounded BucketSearch per candidate (seeded at both
 * ends of its edge, or at its node) out to cutoffM, then every demand takes
 * the best over its attachments, as nearestOutletDistances does (gated
 * compounds reach the network through their gates; candidates too, given
 * candidateGates). O(candidates × nodes within cutoff + pairs).
 */
export function buildCoverageInstance(
  graph: WalkGraph,
  demandPoints: PointSet,
  candidates: CandidateSites,
  options: BuildCoverageOptions,
): CoverageInstance {
  const { thresholdM, cutoffM, currentDistM, weights } = options;
  const numDemands = demandPoints.attachments.numPoints;
  if (!(thresholdM > 0)) throw new RangeError(`expected a positive thresholdM, got ${thresholdM}`);
  if (!(cutoffM >= thresholdM)) throw new RangeError(`expected cutoffM ≥ thresholdM (${thresholdM}), got ${cutoffM}`);
  if (currentDistM.length !== numDemands) {
    throw new RangeError(`expected ${numDemands} current distances, got ${currentDistM.length}`);
  }
  if (weights.length !== numDemands) throw new RangeError(`expected ${numDemands} weights, got ${weights.length}`);
  if (options.residents && options.residents.length !== numDemands) {
    throw new RangeError(`expected ${numDemands} residents, got ${options.residents.length}`);
  }
  for (let i = 0; i < numDemands; i++) {
    if (!(weights[i]! >= 0)) throw new RangeError(`expected weights ≥ 0, got ${weights[i]} for demand ${i}`);
  }

  const sites = candidateSeeds(graph, candidates, options.maxSnapM ?? 500, options.candidateGates);
  const contracted = options.contract === false ? null : contractChains(graph);
  const searchGraph = contracted ? contracted.core : graph;
  let demandAttachments = demandPoints.attachments;
  let siteAttachments = sites.attachments;
  if (contracted) {
    demandAttachments = attachmentsOnChains(contracted, graph, demandAttachments);
    siteAttachments = attachmentsOnChains(contracted, graph, siteAttachments);
  }
  const byNode = demandsByNode(searchGraph, demandAttachments);
  const byEdge = demandsByEdge(searchGraph, demandAttachments);

  const search = new BucketSearch(searchGraph);
  const { edgeU, edgeV, edgeLengthM } = searchGraph;
  const bestM = new Float64Array(numDemands).fill(Infinity);
  const touched = new Uint32Array(numDemands);
  let seedNode = new Uint32Array(8);
  let seedDistM = new Float64Array(8);
  const pairStart = new Uint32Array(sites.numCandidates + 1);
  let pairDemand: Uint32Array = new Uint32Array(1024);
  let pairDistM: Float64Array = new Float64Array(1024);
  let numPairs = 0;
  const demandsInCompound = sites.compound && demandPoints.compound ? demandsByCompound(demandPoints.compound) : null;

  for (let j = 0; j < sites.numCandidates; j++) {
    pairStart[j] = numPairs;
    let numTouched = 0;
    const consider = (i: number, d: number) => {
      if (d > cutoffM || !(d < currentDistM[i]!)) return;
      if (bestM[i] === Infinity) touched[numTouched++] = i;
      if (d < bestM[i]!) bestM[i] = d;
    };
    // One search from every attachment of the candidate (one snap; a node is a zero-length
    // attachment; a site in a gated compound has one per gate).
    const first = siteAttachments.start[j]!;
    const numSeeds = 2 * (siteAttachments.start[j + 1]! - first);
    if (seedNode.length < numSeeds) {
      seedNode = new Uint32Array(numSeeds);
      seedDistM = new Float64Array(numSeeds);
    }
    for (let a = first; a < siteAttachments.start[j + 1]!; a++) {
      const e = siteAttachments.edge[a]!;
      const t = siteAttachments.t[a]!;
      const offsetM = siteAttachments.offsetM[a]!;
      const lengthM = edgeLengthM[e]!;
      const s = 2 * (a - first);
      seedNode[s] = edgeU[e]!;
      seedDistM[s] = offsetM + t * lengthM;
      seedNode[s + 1] = edgeV[e]!;
      seedDistM[s + 1] = offsetM + (1 - t) * lengthM;
      // Demands on the same edge walk along it directly.
      for (let k = byEdge.start[e]!; k < byEdge.start[e + 1]!; k++) {
        const b = byEdge.attachment[k]!;
        consider(byEdge.demand[k]!, offsetM + demandAttachments.offsetM[b]! + Math.abs(t - demandAttachments.t[b]!) * lengthM);
      }
    }
    if (numSeeds > 0) {
      search.run(seedNode, seedDistM, numSeeds, cutoffM);
      const dist = search.distM;
      for (let r = 0; r < search.numReached; r++) {
        const v = search.reached[r]!;
        const dv = dist[v]!;
        if (dv > cutoffM) continue;
        for (let k = byNode.start[v]!; k < byNode.start[v + 1]!; k++) consider(byNode.demand[k]!, dv + byNode.extraM[k]!);
      }
    }
    // Residents of the candidate's own gated compound walk to it straight, inside.
    const c = sites.compound ? sites.compound[j]! : -1;
    if (c >= 0 && demandsInCompound) {
      for (const i of demandsInCompound.get(c) ?? []) {
        consider(i, haversineM(demandPoints.lng[i]!, demandPoints.lat[i]!, sites.lng[j]!, sites.lat[j]!));
      }
    }
    const list = touched.subarray(0, numTouched).sort();
    if (numPairs + numTouched > pairDemand.length) {
      const capacity = Math.max(2 * pairDemand.length, numPairs + numTouched);
      pairDemand = growUint32(pairDemand, capacity);
      pairDistM = growFloat64(pairDistM, capacity);
    }
    for (let k = 0; k < numTouched; k++) {
      const i = list[k]!;
      pairDemand[numPairs] = i;
      pairDistM[numPairs++] = bestM[i]!;
      bestM[i] = Infinity;
    }
  }
  pairStart[sites.numCandidates] = numPairs;
  return {
    numDemands,
    numCandidates: sites.numCandidates,
    weight: weights,
    residents: options.residents,
    currentDistM,
    thresholdM,
    cutoffM,
    pairStart,
    pairDemand: pairDemand.slice(0, numPairs),
    pairDistM: pairDistM.slice(0, numPairs),
    candidateLng: sites.lng,
    candidateLat: sites.lat,
  };
}

/** Candidates as attachments to the (uncontracted) graph: a point's snap, or a node as the start of one of its edges. */
function candidateSeeds(graph: WalkGraph, candidates: CandidateSites, maxSnapM: number, gates: GateAccess | undefined) {
  if ('nodes' in candidates) {
    const { nodes } = candidates;
    const numCandidates = nodes.length;
    const start = new Uint32Array(numCandidates + 1);
    const edge: number[] = [];
    const t: number[] = [];
    const lng = new Float64Array(numCandidates);
    const lat = new Float64Array(numCandidates);
    const edgeAtNode = firstEdgeAtNode(graph);
    for (let j = 0; j < numCandidates; j++) {
      const v = nodes[j]!;
      if (!(v < graph.numNodes)) throw new RangeError(`expected candidate nodes below ${graph.numNodes}, got ${v}`);
      lng[j] = graph.nodeLng[v]!;
      lat[j] = graph.nodeLat[v]!;
      start[j] = edge.length;
      const e = edgeAtNode[v]!;
      if (e >= 0) {
        edge.push(e);
        t.push(graph.edgeU[e] === v ? 0 : 1);
      }
    }
    start[numCandidates] = edge.length;
    const attachments: Attachments = {
      numPoints: numCandidates,
      start,
      edge: Int32Array.from(edge),
      t: Float64Array.from(t),
      offsetM: new Float64Array(edge.length),
    };
    return { numCandidates, attachments, lng, lat, compound: undefined };
  }
  const lng = Float64Array.from(candidates, (c) => c.lng);
  const lat = Float64Array.from(candidates, (c) => c.lat);
  if (gates && gates.pointCompound.length !== candidates.length) {
    throw new RangeError(`expected candidateGates for ${candidates.length} candidates, got ${gates.pointCompound.length}`);
  }
  const attachments = attachPoints(graph, buildSegmentIndex(graph), lng, lat, { maxSnapM, gates });
  return { numCandidates: candidates.length, attachments, lng, lat, compound: gates?.pointCompound };
}

/** Demand indices per gated compound. */
function demandsByCompound(compound: Int32Array): Map<number, number[]> {
  const result = new Map<number, number[]>();
  compound.forEach((c, i) => {
    if (c < 0) return;
    const list = result.get(c);
    if (list) list.push(i);
    else result.set(c, [i]);
  });
  return result;
}

/** One incident edge per node, or -1 for an isolated node. */
function firstEdgeAtNode(graph: WalkGraph): Int32Array {
  const result = new Int32Array(graph.numNodes).fill(-1);
  for (let e = graph.numEdges - 1; e >= 0; e--) {
    result[graph.edgeU[e]!] = e;
    result[graph.edgeV[e]!] = e;
  }
  return result;
}

/**
 * For each node, the demands whose attachments lie on an incident edge, with
 * the metres from the node to the demand (along the edge plus the offset).
 */
function demandsByNode(graph: WalkGraph, attachments: Attachments) {
  const count = attachments.edge.length;
  const start = new Uint32Array(graph.numNodes + 1);
  for (let a = 0; a < count; a++) {
    const e = attachments.edge[a]!;
    increment(start, graph.edgeU[e]! + 1);
    increment(start, graph.edgeV[e]! + 1);
  }
  for (let v = 0; v < graph.numNodes; v++) start[v + 1] = start[v + 1]! + start[v]!;
  const cursor = start.slice(0, graph.numNodes);
  const demand = new Uint32Array(2 * count);
  const extraM = new Float64Array(2 * count);
  for (let p = 0; p < attachments.numPoints; p++) {
    for (let a = attachments.start[p]!; a < attachments.start[p + 1]!; a++) {
      const e = attachments.edge[a]!;
      const lengthM = graph.edgeLengthM[e]!;
      const offsetM = attachments.offsetM[a]!;
      let k = increment(cursor, graph.edgeU[e]!);
      demand[k] = p;
      extraM[k] = offsetM + attachments.t[a]! * lengthM;
      k = increment(cursor, graph.edgeV[e]!);
      demand[k] = p;
      extraM[k] = offsetM + (1 - attachments.t[a]!) * lengthM;
    }
  }
  return { start, demand, extraM };
}

/** For each edge, the demand attachments on it. */
function demandsByEdge(graph: WalkGraph, attachments: Attachments) {
  const count = attachments.edge.length;
  const start = new Uint32Array(graph.numEdges + 1);
  for (let a = 0; a < count; a++) increment(start, attachments.edge[a]! + 1);
  for (let e = 0; e < graph.numEdges; e++) start[e + 1] = start[e + 1]! + start[e]!;
  const cursor = start.slice(0, graph.numEdges);
  const attachment = new Uint32Array(count);
  const demand = new Uint32Array(count);
  for (let p = 0; p < attachments.numPoints; p++) {
    for (let a = attachments.start[p]!; a < attachments.start[p + 1]!; a++) {
      const k = increment(cursor, attachments.edge[a]!);
      attachment[k] = a;
      demand[k] = p;
    }
  }
  return { start, attachment, demand };
}

/** array[index]++, returning the old value. */
function increment(array: Uint32Array, index: number): number {
  const value = array[index]!;
  array[index] = value + 1;
  return value;
}

function growUint32(from: Uint32Array, capacity: number): Uint32Array {
  const to = new Uint32Array(capacity);
  to.set(from);
  return to;
}

function growFloat64(from: Float64Array, capacity: number): Float64Array {
  const to = new Float64Array(capacity);
  to.set(from);
  return to;
}

/** Total weight of all demands. */
export function totalWeight(instance: CoverageInstance): number {
  let total = 0;
  for (let i = 0; i < instance.numDemands; i++) total += instance.weight[i]!;
  return total;
}

/** Weight of the demands already within thresholdM. */
export function coveredWeight(instance: CoverageInstance): number {
  let covered = 0;
  for (let i = 0; i < instance.numDemands; i++)
    if (instance.currentDistM[i]! <= instance.thresholdM) covered += instance.weight[i]!;
  return covered;
}

/**
 * The covering sets: candidate j newly covers demand i when i is not covered
 * now (currentDistM > thresholdM) and d_ij ≤ thresholdM. Same CSR shape as the
 * pairs, demands in increasing order.
 */
export interface CoveringSets {
  readonly start: Uint32Array;
  readonly demand: Uint32Array;
}

/** Extracts the covering sets from the pairs. O(pairs). */
export function coveringSets(instance: CoverageInstance): CoveringSets {
  const { numCandidates, pairStart, pairDemand, pairDistM, currentDistM, thresholdM } = instance;
  const start = new Uint32Array(numCandidates + 1);
  const demand: number[] = [];
  for (let j = 0; j < numCandidates; j++) {
    start[j] = demand.length;
    for (let k = pairStart[j]!; k < pairStart[j + 1]!; k++) {
      const i = pairDemand[k]!;
      if (pairDistM[k]! <= thresholdM && currentDistM[i]! > thresholdM) demand.push(i);
    }
  }
  start[numCandidates] = demand.length;
  return { start, demand: Uint32Array.from(demand) };
}
