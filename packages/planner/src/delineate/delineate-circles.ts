import { walkMetres, type WalkGraph } from '@lifecircle/engine';
import { seededRng, type AreaGeometry, type LngLat, type Rng } from '@lifecircle/shared';
import { chooseCore, circleWalks, hullBoundary } from './circle-core.js';
import { buildCompoundGraph, compoundWalkM, connectedParts, DEFAULT_ADJACENCY_M, type CompoundGraph } from './compound-graph.js';
import { hopDistances } from './hop-distances.js';

/** What delineation needs of a compound (PlannerCompound has all of it). */
export interface DelineateCompound {
  id: number;
  location: LngLat;
  ring: readonly LngLat[] | null;
  gates: readonly LngLat[];
  residents: number;
}

export interface DelineateInput {
  graph: WalkGraph;
  compounds: readonly DelineateCompound[];
  /** A compound graph already built over these compounds (radius ≥ max(maxWalkM, adjacencyM)); built when absent. */
  compoundGraph?: CompoundGraph | undefined;
}

export interface DelineateOptions {
  /** Residents bounds of a circle: standards.md §9 suggests 30,000–70,000. */
  minResidents: number;
  maxResidents: number;
  /** Walking speed (m/s) and minutes that set maxWalkM: every compound within this walk of its core. */
  speedMps: number;
  walkMinutes: number;
  /** Metres, overriding speedMps × walkMinutes when set. */
  maxWalkM?: number | undefined;
  /** Walk under which two compounds are neighbours (DEFAULT_ADJACENCY_M explains 400 m). */
  adjacencyM: number;
  /** Seeds the choice of initial cores; the same seed gives the same circles. */
  seed: number;
  /** Compounds farther than this from every walkable segment are off the network. */
  maxSnapM: number;
}

/** 30,000–70,000 residents, 15 minutes at 1.2 m/s (1,080 m), neighbours within 400 m. */
export const DEFAULT_DELINEATE_OPTIONS: DelineateOptions = {
  minResidents: 30_000,
  maxResidents: 70_000,
  speedMps: 1.2,
  walkMinutes: 15,
  adjacencyM: DEFAULT_ADJACENCY_M,
  seed: 1,
  maxSnapM: 500,
};

/**
 * Why a proposed circle misses a constraint:
 * - island-below-min: its compounds have no neighbour outside it within adjacencyM and hold fewer than minResidents;
 * - off-network: its only compound is farther than maxSnapM from the network;
 * - below-min: joining any adjacent circle would pass maxResidents;
 * - compound-above-max: one compound alone holds more than maxResidents;
 * - beyond-walk: some compounds are farther than maxWalkM from the core (listed): either fewer than
 *   minResidents live within maxWalkM of the core (density too low for both rules) or no adjacent
 *   circle can take them within its bounds.
 */
export type CircleIssueKind = 'island-below-min' | 'off-network' | 'below-min' | 'compound-above-max' | 'beyond-walk';

export interface CircleIssue {
  kind: CircleIssueKind;
  /** A sentence for the planner (English; the UI translates by kind). */
  reason: string;
  /** The compounds concerned (store ids), when not the whole circle. */
  compoundIds?: number[];
}

export interface ProposedCircle {
  /** Store ids of the member compounds, ascending by index in the input. */
  compoundIds: number[];
  /** The same members as indices into input.compounds. */
  compoundIndices: number[];
  /** The core compound (see chooseCore): its id, index and point. */
  coreCompoundId: number;
  coreCompoundIndex: number;
  coreLocation: LngLat;
  residents: number;
  /** Walk from the core to the farthest member and the population-weighted mean, metres (Infinity beyond 4 × maxWalkM). */
  maxWalkM: number;
  meanWalkM: number;
  /** Residents of members beyond maxWalkM from the core. */
  residentsBeyondWalk: number;
  /** Convex hull of the members' outlines (hullBoundary). */
  boundary: AreaGeometry;
  issues: CircleIssue[];
}

export interface Delineation {
  circles: ProposedCircle[];
  /** Circle index of each compound (every compound belongs to exactly one). */
  circleOfCompound: Int32Array;
  /** Parts of the district with no compound pair within adjacencyM between them. */
  numComponents: number;
  options: DelineateOptions;
  maxWalkM: number;
  compoundGraph: CompoundGraph;
}

/**
 * Numbers of circles tried per component, spread evenly from residents / max
 * to residents / min: on the demo district the best k for the walk lies
 * well inside that range, and six runs cost about a second.
 */
const K_CANDIDATES = 6;

/** Lloyd iterations of the network k-medoids; they settle in 3–6 on the demo district. */
const MAX_LLOYD_ITERATIONS = 10;

/**
 * Proposes circles built from residential compounds.
 *
 * 1. Compounds are split into components of the adjacency graph (pairs
 *    within adjacencyM walk): circles never cross a gap wider than that.
 *    A component below minResidents becomes one circle, reported.
 * 2. In each component, for up to six numbers k of circles between
 *    residents / max and residents / min (steps 2–3 are run for each and
 *    the result with the fewest residents outside the bounds, then beyond
 *    the walk, is kept), k cores are seeded (the densest compound first, then k-means++ sampling weighted
 *    by residents × squared distance, from the seeded rng) and improved by
 *    Lloyd iterations of network k-medoids: each compound joins the nearest
 *    core by multi-source Dijkstra over the adjacency graph — so every cell
 *    is a shortest-path subtree and contiguous by construction — and each
 *    cell's core moves to its chooseCore.
 * 3. Repairs, each keeping contiguity: cells above maxResidents are split
 *    by 2-medoids along the adjacency graph, balanced by residents
 *    (splitInTwo; recursively); cells holding
 *    residents beyond maxWalkM are split the same way when both halves stay
 *    within the bounds; cells below minResidents merge with the adjacent
 *    cell giving the smallest valid sum; compounds still beyond maxWalkM
 *    move to an adjacent cell whose core they reach, when both cells stay
 *    within bounds and the donor stays contiguous.
 *
 * Residents outside the bounds are minimised before residents beyond the
 * walk: where density is too low for both (fewer than minResidents within
 * maxWalkM of any core), the bounds win and the walk is reported.
 *
 * k-medoids over the walk network rather than free region growing because
 * the Voronoi step keeps cells compact around a walkable core (the
 * 15-minute test) and contiguous at once; the bounds are then enforced
 * locally. Deterministic for a seed. Cost: one bounded search per compound
 * for the graph, then O(k × component × log) per Lloyd iteration, six
 * times over.
 */
export function delineateCircles(input: DelineateInput, options: Partial<DelineateOptions> = {}): Delineation {
  const opts: DelineateOptions = { ...DEFAULT_DELINEATE_OPTIONS, ...options };
  const { minResidents, maxResidents, adjacencyM } = opts;
  if (!(minResidents >= 0 && maxResidents >= minResidents)) {
    throw new RangeError(`expected 0 <= minResidents <= maxResidents, got ${minResidents} and ${maxResidents}`);
  }
  if (!(opts.speedMps > 0 && opts.walkMinutes > 0 && adjacencyM > 0)) {
    throw new RangeError(
      `expected positive speed, minutes and adjacency, got ${opts.speedMps}, ${opts.walkMinutes}, ${adjacencyM}`,
    );
  }
  const maxWalkM = opts.maxWalkM ?? walkMetres(opts.walkMinutes, opts.speedMps);
  if (!(maxWalkM > 0 && maxWalkM < Infinity)) throw new RangeError(`expected a positive finite walk limit, got ${maxWalkM} m`);
  const { compounds } = input;
  const n = compounds.length;
  const radiusM = Math.max(maxWalkM, adjacencyM);
  const cg = input.compoundGraph ?? buildCompoundGraph(input.graph, compounds, radiusM, opts.maxSnapM);
  if (cg.numCompounds !== n || cg.radiusM < radiusM) {
    throw new RangeError(
      `expected a compound graph of ${n} compounds and radius >= ${radiusM}, got ${cg.numCompounds} and ${cg.radiusM}`,
    );
  }
  const residents = Float64Array.from(compounds, (c) => c.residents);
  const rng = seededRng(opts.seed);
  const sum = (members: readonly number[]) => members.reduce((s, c) => s + residents[c]!, 0);
  const ctx: Context = { cg, residents, adjacencyM, maxWalkM, minResidents, maxResidents };

  const components = connectedParts(
    cg,
    Array.from({ length: n }, (_, i) => i),
    adjacencyM,
  );
  const cells: Cell[] = [];
  for (const component of components) {
    const total = sum(component);
    if (total < minResidents) {
      cells.push({ members: component, isIsland: true });
      continue;
    }
    // Every k the bounds allow gives valid sizes; the walk decides: try a few, keep the fewest residents beyond it.
    const kLow = Math.max(1, Math.ceil(total / maxResidents));
    const kHigh = Math.max(kLow, Math.min(component.length, minResidents > 0 ? Math.floor(total / minResidents) : kLow));
    const ks = new Set<number>();
    for (let t = 0; t < K_CANDIDATES; t++) ks.add(Math.round(kLow + ((kHigh - kLow) * t) / Math.max(1, K_CANDIDATES - 1)));
    let best: { cells: Cell[]; score: number[] } | null = null;
    for (const k of ks) {
      const candidate = kMedoids(ctx, component, Math.min(k, component.length), rng).map((members) => ({
        members,
        isIsland: false,
      }));
      splitCells(ctx, candidate);
      mergeCells(ctx, candidate);
      moveStragglers(ctx, candidate);
      const score = scoreCells(ctx, candidate);
      if (!best || score[0]! < best.score[0]! || (score[0] === best.score[0] && score[1]! < best.score[1]!))
        best = { cells: candidate, score };
    }
    cells.push(...best!.cells);
  }

  cells.sort((a, b) => a.members[0]! - b.members[0]!);
  const circleOfCompound = new Int32Array(n).fill(-1);
  const circles = cells.map((cell, index): ProposedCircle => {
    const members = cell.members;
    for (const c of members) circleOfCompound[c] = index;
    const core = chooseCore(cg, members, residents, maxWalkM);
    const walks = circleWalks(cg, core, members, residents, maxWalkM, 4 * maxWalkM);
    const total = sum(members);
    const issues: CircleIssue[] = [];
    const ids = members.map((c) => compounds[c]!.id);
    if (members.length === 1 && cg.network.isOffNetwork[members[0]!]) {
      issues.push({ kind: 'off-network', reason: `the compound is farther than ${opts.maxSnapM} m from every walkable way` });
    } else if (cell.isIsland) {
      issues.push({
        kind: 'island-below-min',
        reason: `its ${members.length} compounds (${total} residents) have no other compound within ${adjacencyM} m walk, and hold fewer than ${minResidents}`,
      });
    } else if (total < minResidents) {
      issues.push({ kind: 'below-min', reason: `joining any adjacent circle would pass ${maxResidents} residents` });
    }
    if (total > maxResidents && members.length === 1) {
      issues.push({ kind: 'compound-above-max', reason: `one compound holds ${total} residents, more than ${maxResidents}` });
    }
    if (walks.residentsBeyond > 0) {
      const far = members.filter((_, i) => walks.walkM[i]! > maxWalkM).map((c) => compounds[c]!.id);
      issues.push({
        kind: 'beyond-walk',
        reason:
          total - walks.residentsBeyond < minResidents
            ? `${far.length} compounds (${walks.residentsBeyond} residents) are farther than ${Math.round(maxWalkM)} m from the core: only ${total - walks.residentsBeyond} residents live within it, fewer than ${minResidents}, so the bounds need them`
            : `${far.length} compounds (${walks.residentsBeyond} residents) are farther than ${Math.round(maxWalkM)} m from the core and no adjacent circle can take them within its bounds`,
        compoundIds: far,
      });
    }
    return {
      compoundIds: ids,
      compoundIndices: members,
      coreCompoundId: compounds[core]!.id,
      coreCompoundIndex: core,
      coreLocation: compounds[core]!.location,
      residents: total,
      maxWalkM: walks.maxWalkM,
      meanWalkM: walks.meanWalkM,
      residentsBeyondWalk: walks.residentsBeyond,
      boundary: hullBoundary(members.map((c) => compounds[c]!)),
      issues,
    };
  });
  return { circles, circleOfCompound, numComponents: components.length, options: opts, maxWalkM, compoundGraph: cg };
}

interface Context {
  cg: CompoundGraph;
  residents: Float64Array;
  adjacencyM: number;
  maxWalkM: number;
  minResidents: number;
  maxResidents: number;
}

interface Cell {
  /** Compound indices, ascending. */
  members: number[];
  /** A whole component below minResidents. */
  isIsland: boolean;
}

/** Network k-medoids inside one component; returns k contiguous cells (members ascending). */
function kMedoids(ctx: Context, component: number[], k: number, rng: Rng): number[][] {
  const { cg, residents, adjacencyM, maxWalkM } = ctx;
  // Density: residents within half the walk limit; the densest compound is the first core.
  let first = component[0]!;
  let bestDensity = -1;
  for (const c of component) {
    let density = residents[c]!;
    for (let e = cg.neighbourStart[c]!; e < cg.neighbourStart[c + 1]!; e++) {
      if (cg.neighbourM[e]! <= maxWalkM / 2) density += residents[cg.neighbour[e]!]!;
    }
    if (density > bestDensity) {
      bestDensity = density;
      first = c;
    }
  }
  const cores = [first];
  while (cores.length < k) {
    const { distM } = hopDistances(cg, component, cores, adjacencyM);
    let total = 0;
    for (const c of component) total += residents[c]! * distM[c]! ** 2;
    let pick = -1;
    if (total > 0) {
      let x = rng() * total;
      for (const c of component) {
        x -= residents[c]! * distM[c]! ** 2;
        if (x < 0 && distM[c]! > 0) {
          pick = c;
          break;
        }
      }
    }
    // Rounding (or residents all zero) can leave nothing drawn: take the farthest non-core compound.
    if (pick < 0) for (const c of component) if (!cores.includes(c) && (pick < 0 || distM[c]! > distM[pick]!)) pick = c;
    cores.push(pick);
  }
  let cells: number[][] = [];
  for (let iteration = 0; iteration < MAX_LLOYD_ITERATIONS; iteration++) {
    cells = voronoi(ctx, component, cores);
    let moved = false;
    cells.forEach((members, i) => {
      const core = chooseCore(cg, members, residents, maxWalkM);
      if (core !== cores[i]) {
        cores[i] = core;
        moved = true;
      }
    });
    if (!moved) break;
  }
  return cells;
}

/** Cells of the nearest core over the adjacency graph, in core order, members ascending. */
function voronoi(ctx: Context, members: readonly number[], cores: readonly number[]): number[][] {
  const { label } = hopDistances(ctx.cg, members, cores, ctx.adjacencyM);
  const cells: number[][] = cores.map(() => []);
  for (const c of [...members].sort((a, b) => a - b)) cells[label[c]!]!.push(c);
  return cells;
}

/** Bisection steps when balancing a split: the head start is found to within span / 2^24. */
const BALANCE_STEPS = 24;

/**
 * Splits a cell in two by 2-medoids along the adjacency graph, then balances
 * residents: the second medoid gets a head start (positive or negative) in
 * the two-source Dijkstra, found by bisection so that the parts hold as
 * nearly half each as the compounds allow. A head start keeps each part a
 * shortest-path subtree, so both stay contiguous; only splits with both
 * parts non-empty are taken (the plain 2-medoid split always is: each
 * medoid keeps itself).
 */
function splitInTwo(ctx: Context, members: number[]): [number[], number[]] {
  const { cg, residents, adjacencyM, maxWalkM } = ctx;
  const core = chooseCore(cg, members, residents, maxWalkM);
  const farthest = (from: number) => {
    const { distM } = hopDistances(cg, members, [from], adjacencyM);
    let far = members[0]!;
    for (const c of members) if (distM[c]! > distM[far]! || far === from) far = c;
    return { far, spanM: distM[far]! };
  };
  const a = farthest(core).far;
  const { far: b, spanM } = farthest(a);
  const cores = [a, b];
  let parts = voronoi(ctx, members, cores);
  for (let iteration = 0; iteration < 5; iteration++) {
    const next = parts.map((part) => chooseCore(cg, part, residents, maxWalkM));
    if ((next[0] === cores[0] && next[1] === cores[1]) || next[0] === next[1]) break;
    cores[0] = next[0]!;
    cores[1] = next[1]!;
    parts = voronoi(ctx, members, cores);
  }
  const half = residentsOf(ctx, members) / 2;
  const partsWith = (headStartM: number) => {
    const { label } = hopDistances(cg, members, cores, adjacencyM, [0, -headStartM]);
    const split: [number[], number[]] = [[], []];
    for (const c of [...members].sort((x, y) => x - y)) split[label[c] === 0 ? 0 : 1].push(c);
    return split;
  };
  // The first part shrinks as the second's head start grows; head starts beyond ±span change nothing.
  let lo = -spanM;
  let hi = spanM;
  let best = parts;
  let bestGap = Math.abs(residentsOf(ctx, parts[0]!) - half);
  for (let step = 0; step < BALANCE_STEPS && bestGap > 0; step++) {
    const mid = (lo + hi) / 2;
    const split = partsWith(mid);
    const first = residentsOf(ctx, split[0]);
    if (split[0].length > 0 && split[1].length > 0 && Math.abs(first - half) < bestGap) {
      best = split;
      bestGap = Math.abs(first - half);
    }
    if (first > half) lo = mid;
    else hi = mid;
  }
  return [best[0]!, best[1]!];
}

/** [residents outside [min, max], residents beyond the walk from their cell's core]: lower is better, in that order. */
function scoreCells(ctx: Context, cells: readonly Cell[]): number[] {
  let outside = 0;
  let beyond = 0;
  for (const cell of cells) {
    const total = residentsOf(ctx, cell.members);
    if (total < ctx.minResidents || total > ctx.maxResidents) outside += total;
    beyond += residentsBeyond(ctx, cell.members);
  }
  return [outside, beyond];
}

function residentsOf(ctx: Context, members: readonly number[]): number {
  let total = 0;
  for (const c of members) total += ctx.residents[c]!;
  return total;
}

function residentsBeyond(ctx: Context, members: number[]): number {
  const core = chooseCore(ctx.cg, members, ctx.residents, ctx.maxWalkM);
  let beyond = 0;
  const isMember = new Set(members);
  let within = ctx.residents[core]!;
  for (let e = ctx.cg.neighbourStart[core]!; e < ctx.cg.neighbourStart[core + 1]!; e++) {
    const c = ctx.cg.neighbour[e]!;
    if (isMember.has(c) && ctx.cg.neighbourM[e]! <= ctx.maxWalkM) within += ctx.residents[c]!;
  }
  beyond = residentsOf(ctx, members) - within;
  return beyond;
}

/** Splits cells above maxResidents, and cells with residents beyond the walk when both halves fit the bounds. */
function splitCells(ctx: Context, cells: Cell[]): void {
  const queue = cells.splice(0, cells.length);
  while (queue.length > 0) {
    const cell = queue.pop()!;
    const total = residentsOf(ctx, cell.members);
    if (cell.isIsland || cell.members.length < 2) {
      cells.push(cell);
      continue;
    }
    if (total > ctx.maxResidents) {
      for (const part of splitInTwo(ctx, cell.members)) queue.push({ members: part, isIsland: false });
      continue;
    }
    if (residentsBeyond(ctx, cell.members) > 0) {
      const parts = splitInTwo(ctx, cell.members);
      const fits = parts.every((p) => {
        const r = residentsOf(ctx, p);
        return r >= ctx.minResidents && r <= ctx.maxResidents;
      });
      if (fits) {
        for (const part of parts) queue.push({ members: part, isIsland: false });
        continue;
      }
    }
    cells.push(cell);
  }
}

/** Cell index of each compound (-1 for none). */
function cellIndex(ctx: Context, cells: readonly Cell[]): Int32Array {
  const of = new Int32Array(ctx.cg.numCompounds).fill(-1);
  cells.forEach((cell, i) => cell.members.forEach((c) => (of[c] = i)));
  return of;
}

/** Cells sharing an adjacency edge with `cell`, ascending. */
function adjacentCells(ctx: Context, of: Int32Array, cell: number, members: readonly number[]): number[] {
  const found = new Set<number>();
  for (const c of members) {
    for (let e = ctx.cg.neighbourStart[c]!; e < ctx.cg.neighbourStart[c + 1]!; e++) {
      const other = of[ctx.cg.neighbour[e]!]!;
      if (other >= 0 && other !== cell && ctx.cg.neighbourM[e]! <= ctx.adjacencyM) found.add(other);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Merges each cell below minResidents into the adjacent cell giving the fewest residents beyond the walk, then the smallest sum ≤ max. */
function mergeCells(ctx: Context, cells: Cell[]): void {
  for (let changed = true; changed;) {
    changed = false;
    const of = cellIndex(ctx, cells);
    const order = cells
      .map((cell, i) => ({ i, total: residentsOf(ctx, cell.members) }))
      .filter(({ i, total }) => total < ctx.minResidents && !cells[i]!.isIsland)
      .sort((a, b) => a.total - b.total || a.i - b.i);
    for (const { i, total } of order) {
      let best = -1;
      let bestKey = [Infinity, Infinity];
      for (const j of adjacentCells(ctx, of, i, cells[i]!.members)) {
        const merged = total + residentsOf(ctx, cells[j]!.members);
        if (merged > ctx.maxResidents) continue;
        const beyond = residentsBeyond(ctx, [...cells[i]!.members, ...cells[j]!.members]);
        if (beyond < bestKey[0]! || (beyond === bestKey[0] && merged < bestKey[1]!)) {
          best = j;
          bestKey = [beyond, merged];
        }
      }
      if (best < 0) continue;
      cells[best]!.members = [...cells[best]!.members, ...cells[i]!.members].sort((a, b) => a - b);
      cells.splice(i, 1);
      changed = true;
      break; // indices moved: recompute
    }
  }
}

/** Moves compounds beyond the walk from their core to an adjacent cell whose core they reach, keeping bounds and contiguity. */
function moveStragglers(ctx: Context, cells: Cell[]): void {
  const { cg, residents, maxWalkM, adjacencyM } = ctx;
  for (let pass = 0; pass < 3; pass++) {
    let moved = false;
    const of = cellIndex(ctx, cells);
    const cores = cells.map((cell) => chooseCore(cg, cell.members, residents, maxWalkM));
    const totals = cells.map((cell) => residentsOf(ctx, cell.members));
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.isIsland) continue;
      for (const c of [...cell.members]) {
        if (c === cores[i] || compoundWalkM(cg, c, cores[i]!) <= maxWalkM) continue;
        if (totals[i]! - residents[c]! < ctx.minResidents) continue;
        const remaining = cell.members.filter((m) => m !== c);
        for (const j of adjacentCells(ctx, of, i, [c])) {
          if (compoundWalkM(cg, c, cores[j]!) > maxWalkM || totals[j]! + residents[c]! > ctx.maxResidents) continue;
          if (connectedParts(cg, remaining, adjacencyM).length !== 1) break;
          cell.members = remaining;
          cells[j]!.members = [...cells[j]!.members, c].sort((a, b) => a - b);
          of[c] = j;
          totals[i]! -= residents[c]!;
          totals[j]! += residents[c]!;
          moved = true;
          break;
        }
      }
    }
    if (!moved) break;
  }
}
