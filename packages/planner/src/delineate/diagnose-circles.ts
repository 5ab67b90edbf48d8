import { walkMetres, type WalkGraph } from '@lifecircle/engine';
import type { AreaGeometry, LngLat } from '@lifecircle/shared';
import { chooseCore, circleWalks } from './circle-core.js';
import { buildCompoundGraph, connectedParts, DEFAULT_ADJACENCY_M, type CompoundGraph } from './compound-graph.js';
import type { DelineateCompound, Delineation } from './delineate-circles.js';
import { overlapAreaM2, ringAreaM2 } from './polygon-overlap.js';

export interface DiagnoseInput {
  graph: WalkGraph;
  /** Compounds with the existing circle they belong to (null: none). */
  compounds: readonly (DelineateCompound & { circleId: number | null })[];
  circles: readonly { id: number; name: string; boundary: AreaGeometry | null }[];
  /** A compound graph over these compounds (radius ≥ max(maxWalkM, adjacencyM)), e.g. a delineation's; built when absent. */
  compoundGraph?: CompoundGraph | undefined;
  /** A proposed delineation of the same compounds, for the comparison table. */
  proposed?: Delineation | undefined;
}

export interface DiagnoseOptions {
  /** Above this many residents a circle is too dense; below the other, too small (standards.md §9: 100,000 and 15,000). */
  tooDenseResidents: number;
  tooSmallResidents: number;
  /** Walking speed (m/s) and minutes: residents farther than this walk from the core are "beyond". */
  speedMps: number;
  walkMinutes: number;
  /** Metres, overriding speedMps × walkMinutes when set. */
  maxWalkM?: number | undefined;
  /**
   * Share of residents beyond the walk above which a circle is too large:
   * 0.1 — a circle is meant to serve all its residents within 15 minutes,
   * and a tenth left out is more than the rounding of compound points and
   * gates can explain.
   */
  maxShareBeyondWalk: number;
  adjacencyM: number;
  maxSnapM: number;
}

export const DEFAULT_DIAGNOSE_OPTIONS: DiagnoseOptions = {
  tooDenseResidents: 100_000,
  tooSmallResidents: 15_000,
  speedMps: 1.2,
  walkMinutes: 15,
  maxShareBeyondWalk: 0.1,
  adjacencyM: DEFAULT_ADJACENCY_M,
  maxSnapM: 500,
};

/**
 * Overlaps below one square metre are ignored: boundaries that share an edge
 * give slivers of float noise, not a shared territory.
 */
const OVERLAP_TOLERANCE_M2 = 1;

export interface CircleDiagnosis {
  circleId: number;
  name: string;
  numCompounds: number;
  residents: number;
  /**
   * The core: the member compound minimising the residents beyond the walk,
   * then the population-weighted walk (chooseCore) — the network point where
   * the circle's formats would best concentrate. Null with no compounds.
   */
  coreCompoundId: number | null;
  coreLocation: LngLat | null;
  residentsBeyondWalk: number;
  /** residentsBeyondWalk / residents (0 with no residents). */
  shareBeyondWalk: number;
  /** Walk from the core to the farthest member and the weighted mean, metres (Infinity beyond 4 × the walk). */
  maxWalkM: number;
  meanWalkM: number;
  /** Area of the boundary, m² (null without one). */
  areaM2: number | null;
  isTooLarge: boolean;
  isTooDense: boolean;
  isTooSmall: boolean;
  /** Other circles whose boundary overlaps this one, with the shared area. */
  overlaps: { circleId: number; areaM2: number }[];
  isOverlapping: boolean;
  /** Members by part of the adjacency graph; more than one part means split. */
  parts: { compoundIds: number[]; residents: number }[];
  isSplit: boolean;
}

/** One existing circle against the proposed delineation. */
export interface CircleComparison {
  circleId: number;
  residents: number;
  /** Proposed circles receiving its compounds, with the residents each receives, most first. */
  proposedCircles: { index: number; residents: number }[];
  /** Proposed circles receiving at least MAJOR_SHARE (10 %) of its residents: what it "becomes", slivers aside. */
  numMajorProposedCircles: number;
  /** Residents not in the proposed circle that receives most of them. */
  residentsMoved: number;
}

/** Share of an old circle's residents that makes a proposed circle one of its successors rather than a sliver. */
export const MAJOR_SHARE = 0.1;

export interface Diagnosis {
  circles: CircleDiagnosis[];
  /** Compounds in no existing circle (or one not in input.circles). */
  numUnassignedCompounds: number;
  unassignedResidents: number;
  comparison: CircleComparison[] | null;
  /** Sum of residentsMoved over the comparison (null without a proposal). */
  residentsMoved: number | null;
  maxWalkM: number;
  options: DiagnoseOptions;
}

/**
 * Diagnoses existing circles: residents, share beyond the walk from the core
 * (too large), too dense, too small, overlapping boundaries, split members
 * (not connected in the compound adjacency graph), and, given a proposal,
 * how many residents move and how many proposed circles each old one
 * becomes. O(circles² × boundary vertices + compounds × degree) after the
 * compound graph.
 */
export function diagnoseCircles(input: DiagnoseInput, options: Partial<DiagnoseOptions> = {}): Diagnosis {
  const opts: DiagnoseOptions = { ...DEFAULT_DIAGNOSE_OPTIONS, ...options };
  const maxWalkM = opts.maxWalkM ?? walkMetres(opts.walkMinutes, opts.speedMps);
  if (!(maxWalkM > 0 && maxWalkM < Infinity)) throw new RangeError(`expected a positive finite walk limit, got ${maxWalkM} m`);
  const { compounds, circles } = input;
  const radiusM = Math.max(maxWalkM, opts.adjacencyM);
  const cg = input.compoundGraph ?? buildCompoundGraph(input.graph, compounds, radiusM, opts.maxSnapM);
  if (cg.numCompounds !== compounds.length || cg.radiusM < radiusM) {
    throw new RangeError(
      `expected a compound graph of ${compounds.length} compounds and radius >= ${radiusM}, got ${cg.numCompounds} and ${cg.radiusM}`,
    );
  }
  const residents = Float64Array.from(compounds, (c) => c.residents);
  const membersOf = new Map<number, number[]>(circles.map((c) => [c.id, []]));
  let numUnassigned = 0;
  let unassignedResidents = 0;
  compounds.forEach((c, i) => {
    const list = c.circleId === null ? undefined : membersOf.get(c.circleId);
    if (list) list.push(i);
    else {
      numUnassigned++;
      unassignedResidents += c.residents;
    }
  });

  const overlaps = circles.map(() => [] as { circleId: number; areaM2: number }[]);
  for (let i = 0; i < circles.length; i++) {
    for (let j = i + 1; j < circles.length; j++) {
      const a = circles[i]!.boundary;
      const b = circles[j]!.boundary;
      if (!a || !b) continue;
      const areaM2 = overlapAreaM2(a, b);
      if (areaM2 <= OVERLAP_TOLERANCE_M2) continue;
      overlaps[i]!.push({ circleId: circles[j]!.id, areaM2 });
      overlaps[j]!.push({ circleId: circles[i]!.id, areaM2 });
    }
  }

  const diagnoses = circles.map((circle, i): CircleDiagnosis => {
    const members = membersOf.get(circle.id)!;
    let total = 0;
    for (const c of members) total += residents[c]!;
    const core = members.length > 0 ? chooseCore(cg, members, residents, maxWalkM) : -1;
    const walks = core >= 0 ? circleWalks(cg, core, members, residents, maxWalkM, 4 * maxWalkM) : null;
    const share = walks && total > 0 ? walks.residentsBeyond / total : 0;
    const parts = connectedParts(cg, members, opts.adjacencyM).map((part) => ({
      compoundIds: part.map((c) => compounds[c]!.id),
      residents: part.reduce((s, c) => s + residents[c]!, 0),
    }));
    return {
      circleId: circle.id,
      name: circle.name,
      numCompounds: members.length,
      residents: total,
      coreCompoundId: core >= 0 ? compounds[core]!.id : null,
      coreLocation: core >= 0 ? compounds[core]!.location : null,
      residentsBeyondWalk: walks?.residentsBeyond ?? 0,
      shareBeyondWalk: share,
      maxWalkM: walks?.maxWalkM ?? 0,
      meanWalkM: walks?.meanWalkM ?? NaN,
      areaM2: circle.boundary ? boundaryAreaM2(circle.boundary) : null,
      isTooLarge: share > opts.maxShareBeyondWalk,
      isTooDense: total > opts.tooDenseResidents,
      isTooSmall: total < opts.tooSmallResidents,
      overlaps: overlaps[i]!,
      isOverlapping: overlaps[i]!.length > 0,
      parts,
      isSplit: parts.length > 1,
    };
  });

  let comparison: CircleComparison[] | null = null;
  let moved: number | null = null;
  if (input.proposed) {
    const { circleOfCompound } = input.proposed;
    if (circleOfCompound.length !== compounds.length) {
      throw new RangeError(`expected a proposal over ${compounds.length} compounds, got ${circleOfCompound.length}`);
    }
    moved = 0;
    comparison = circles.map((circle) => {
      const shared = new Map<number, number>();
      let total = 0;
      for (const c of membersOf.get(circle.id)!) {
        const p = circleOfCompound[c]!;
        shared.set(p, (shared.get(p) ?? 0) + residents[c]!);
        total += residents[c]!;
      }
      const proposedCircles = [...shared]
        .map(([index, r]) => ({ index, residents: r }))
        .sort((a, b) => b.residents - a.residents || a.index - b.index);
      const residentsMoved = total - (proposedCircles[0]?.residents ?? 0);
      moved! += residentsMoved;
      const numMajorProposedCircles = proposedCircles.filter((p) => p.residents >= MAJOR_SHARE * total).length;
      return { circleId: circle.id, residents: total, proposedCircles, numMajorProposedCircles, residentsMoved };
    });
  }
  return {
    circles: diagnoses,
    numUnassignedCompounds: numUnassigned,
    unassignedResidents,
    comparison,
    residentsMoved: moved,
    maxWalkM,
    options: opts,
  };
}

function boundaryAreaM2(boundary: AreaGeometry): number {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  let total = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, k) => {
      // The first ring is the outline, the others holes.
      total += (k === 0 ? 1 : -1) * ringAreaM2(ring);
    });
  }
  return total;
}
