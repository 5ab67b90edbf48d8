import {
  attachmentsOnChains,
  attachPoints,
  BucketSearch,
  buildOriginIndex,
  buildSegmentIndex,
  contractChains,
  type Attachments,
  type GateAccess,
  type OriginIndex,
  type WalkGraph,
} from '@lifecircle/engine';
import type { LngLat } from '@lifecircle/shared';

/** What the delineation needs of a compound to place it on the network. */
export interface NetworkCompound {
  /** Representative point, `[lng, lat]`. */
  location: LngLat;
  /** Gates on the outline: residents leave through them when there are any. */
  gates: readonly LngLat[];
}

/**
 * Compounds joined to the walk network as run-access joins origins: a
 * compound with gates reaches the network only through them (the straight
 * line from its point to a gate, then the gate's snap), one without gates
 * through the snap of its point. Searches run on the graph with its chains of
 * shape nodes contracted (same distances, a fraction of the nodes).
 *
 * One instance owns its scratch arrays; `walkFrom` overwrites the previous
 * answer. Not safe to share between threads.
 */
export class CompoundNetwork {
  readonly numCompounds: number;
  /** Attachments of each compound to the contracted graph's chains. */
  readonly attachments: Attachments;
  /** Compounds with no attachment within maxSnapM of the network (1) or on it (0). */
  readonly isOffNetwork: Uint8Array;
  /** After walkFrom: compounds reached are touched[0 .. numTouched - 1] with metres in distM. */
  readonly touched: Uint32Array;
  numTouched = 0;
  /** Metres from the last source; valid only for touched compounds. */
  readonly distM: Float64Array;

  private readonly core: WalkGraph;
  private readonly index: OriginIndex;
  private readonly search: BucketSearch;
  private readonly stamp: Int32Array;
  private seedNode = new Uint32Array(16);
  private seedDistM = new Float64Array(16);
  private calls = 0;

  /** O(E log E) for the segment index plus one snap per compound or gate. */
  constructor(graph: WalkGraph, compounds: readonly NetworkCompound[], maxSnapM = 500) {
    const n = compounds.length;
    this.numCompounds = n;
    const lng = Float64Array.from(compounds, (c) => c.location[0]);
    const lat = Float64Array.from(compounds, (c) => c.location[1]);
    const pointCompound = new Int32Array(n).fill(-1);
    const compoundGateStart = new Uint32Array(n + 1);
    compounds.forEach((c, i) => {
      // Each compound is its own gated "compound" of one point.
      if (c.gates.length > 0) pointCompound[i] = i;
      compoundGateStart[i + 1] = compoundGateStart[i]! + c.gates.length;
    });
    const gates: GateAccess = {
      pointCompound,
      compoundGateStart,
      gateLng: Float64Array.from(compounds.flatMap((c) => c.gates.map((g) => g[0]))),
      gateLat: Float64Array.from(compounds.flatMap((c) => c.gates.map((g) => g[1]))),
    };
    const attached = attachPoints(graph, buildSegmentIndex(graph), lng, lat, { maxSnapM, gates });
    const contracted = contractChains(graph);
    this.core = contracted.core;
    this.attachments = attachmentsOnChains(contracted, graph, attached);
    this.index = buildOriginIndex(this.core, { attachments: this.attachments, lng, lat });
    this.search = new BucketSearch(this.core, 5);
    this.isOffNetwork = new Uint8Array(n);
    for (let c = 0; c < n; c++) if (attached.start[c + 1] === attached.start[c]) this.isOffNetwork[c] = 1;
    this.touched = new Uint32Array(n);
    this.distM = new Float64Array(n);
    this.stamp = new Int32Array(n).fill(-1);
  }

  /**
   * Walking metres from compound `source` to every compound within
   * `cutoffM` (the source itself at 0). O(nodes within the cutoff).
   * Results are in touched / distM until the next call; entries above the
   * cutoff may appear and must be ignored by the caller.
   */
  walkFrom(source: number, cutoffM: number): void {
    if (!(source >= 0 && source < this.numCompounds)) {
      throw new RangeError(`expected a compound index below ${this.numCompounds}, got ${source}`);
    }
    const call = ++this.calls;
    const { attachments: at, index, core, stamp, touched, distM } = this;
    let numTouched = 0;
    const offer = (c: number, d: number) => {
      if (stamp[c] !== call) {
        stamp[c] = call;
        distM[c] = d;
        touched[numTouched++] = c;
      } else if (d < distM[c]!) distM[c] = d;
    };
    offer(source, 0);
    const first = at.start[source]!;
    const end = at.start[source + 1]!;
    const numSeeds = 2 * (end - first);
    if (numSeeds > this.seedNode.length) {
      this.seedNode = new Uint32Array(numSeeds);
      this.seedDistM = new Float64Array(numSeeds);
    }
    for (let a = first, s = 0; a < end; a++) {
      const e = at.edge[a]!;
      const lengthM = core.edgeLengthM[e]!;
      this.seedNode[s] = core.edgeU[e]!;
      this.seedDistM[s++] = at.offsetM[a]! + at.t[a]! * lengthM;
      this.seedNode[s] = core.edgeV[e]!;
      this.seedDistM[s++] = at.offsetM[a]! + (1 - at.t[a]!) * lengthM;
    }
    this.search.run(this.seedNode, this.seedDistM, numSeeds, cutoffM);
    const { distM: nodeM, reached } = this.search;
    for (let r = 0; r < this.search.numReached; r++) {
      const v = reached[r]!;
      const d = nodeM[v]!;
      if (d > cutoffM) continue;
      for (let k = index.nodeStart[v]!; k < index.nodeStart[v + 1]!; k++) offer(index.nodeOrigin[k]!, d + index.nodeExtraM[k]!);
    }
    // Two compounds on one chain also reach each other along it, without passing a node.
    for (let a = first; a < end; a++) {
      const e = at.edge[a]!;
      for (let k = index.edgeStart[e]!; k < index.edgeStart[e + 1]!; k++) {
        const b = index.edgeAttachment[k]!;
        offer(index.attachmentOrigin[b]!, at.offsetM[a]! + at.offsetM[b]! + Math.abs(at.t[a]! - at.t[b]!) * core.edgeLengthM[e]!);
      }
    }
    this.numTouched = numTouched;
  }
}
