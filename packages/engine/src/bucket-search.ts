import type { WalkGraph } from './walk-graph.js';
import { maxEdgeLengthM } from './walk-graph.js';

/**
 * Multi-source shortest paths over walking metres with a bucket queue
 * (Dial 1969, with approximate buckets as in Cherkassky, Goldberg & Radzik
 * 1996): buckets `bucketWidthM` wide held in a ring of linked lists. An arc
 * shorter than a bucket can improve a node of the current bucket; that node
 * is pushed again and rescanned before the bucket closes, so distances are
 * exact (the same as Dijkstra's, in float arithmetic), not rounded.
 *
 * One instance owns its scratch arrays and is reused for many searches on
 * the same graph; it is not safe to share between threads.
 */
export class BucketSearch {
  readonly graph: WalkGraph;
  readonly bucketWidthM: number;
  /** Metres from the nearest seed after run(); Infinity where not reached. */
  readonly distM: Float64Array;
  /** Nodes whose distM is finite after run() are reached[0 .. numReached - 1]. */
  readonly reached: Uint32Array;
  numReached = 0;

  private readonly scanned: Uint8Array;
  private readonly maxArcM: number;
  private entryNode: Int32Array;
  private entryNext: Int32Array;
  private bucketHead: Int32Array = new Int32Array(0);

  constructor(graph: WalkGraph, bucketWidthM = 1) {
    if (!(bucketWidthM > 0)) throw new RangeError(`expected a positive bucket width, got ${bucketWidthM}`);
    this.graph = graph;
    this.bucketWidthM = bucketWidthM;
    this.distM = new Float64Array(graph.numNodes).fill(Infinity);
    this.reached = new Uint32Array(graph.numNodes);
    this.scanned = new Uint8Array(graph.numNodes);
    this.maxArcM = maxEdgeLengthM(graph);
    const capacity = 2 * graph.numEdges + 64;
    this.entryNode = new Int32Array(capacity);
    this.entryNext = new Int32Array(capacity);
  }

  /**
   * Labels every node within `cutoffM` of the nearest seed. Seed i starts at
   * node seedNode[i] with seedDistM[i] metres already walked. Nodes farther
   * than the cutoff may keep an upper bound above cutoffM or Infinity:
   * compare results with cutoffM, never trust values beyond it.
   */
  run(seedNode: ArrayLike<number>, seedDistM: ArrayLike<number>, numSeeds: number, cutoffM = Infinity): void {
    const dist = this.distM;
    const scanned = this.scanned;
    const reached = this.reached;
    for (let i = 0; i < this.numReached; i++) {
      const v = reached[i];
      dist[v] = Infinity;
      scanned[v] = 0;
    }
    this.numReached = 0;
    if (numSeeds === 0) return;

    let minSeed = Infinity;
    let maxSeed = -Infinity;
    for (let i = 0; i < numSeeds; i++) {
      const d = seedDistM[i];
      if (!(d >= 0)) throw new RangeError(`expected seed distances >= 0, got ${d}`);
      if (d < minSeed) minSeed = d;
      if (d > maxSeed) maxSeed = d;
    }
    const inv = 1 / this.bucketWidthM;
    // Pending entries always lie within max(longest arc, seed spread) of the current bucket.
    const numSlots = Math.ceil(Math.max(this.maxArcM, maxSeed - minSeed) * inv) + 2;
    if (this.bucketHead.length < numSlots) this.bucketHead = new Int32Array(numSlots);
    const head = this.bucketHead;
    head.fill(-1, 0, numSlots);
    let entryNode = this.entryNode;
    let entryNext = this.entryNext;
    let numEntries = 0;
    let pending = 0;
    let numReached = 0;

    for (let i = 0; i < numSeeds; i++) {
      const v = seedNode[i];
      const d = seedDistM[i];
      if (d > cutoffM || !(d < dist[v])) continue;
      if (dist[v] === Infinity) reached[numReached++] = v;
      dist[v] = d;
      if (numEntries === entryNode.length) [entryNode, entryNext] = this.growEntries();
      const slot = ((d * inv) | 0) % numSlots;
      entryNode[numEntries] = v;
      entryNext[numEntries] = head[slot];
      head[slot] = numEntries++;
      pending++;
    }

    const { firstArc, arcTarget, arcLengthM } = this.graph;
    for (let bucket = (minSeed * inv) | 0; pending > 0 && bucket * this.bucketWidthM <= cutoffM; bucket++) {
      const slot = bucket % numSlots;
      let k = head[slot];
      while (k !== -1) {
        head[slot] = entryNext[k];
        pending--;
        const v = entryNode[k];
        const d = dist[v];
        if (scanned[v] === 0 && ((d * inv) | 0) === bucket) {
          scanned[v] = 1;
          const end = firstArc[v + 1];
          for (let a = firstArc[v]; a < end; a++) {
            const w = arcTarget[a];
            const nd = d + arcLengthM[a];
            if (nd < dist[w]) {
              if (dist[w] === Infinity) reached[numReached++] = w;
              dist[w] = nd;
              scanned[w] = 0;
              if (nd <= cutoffM) {
                if (numEntries === entryNode.length) [entryNode, entryNext] = this.growEntries();
                const target = ((nd * inv) | 0) % numSlots;
                entryNode[numEntries] = w;
                entryNext[numEntries] = head[target];
                head[target] = numEntries++;
                pending++;
              }
            }
          }
        }
        k = head[slot];
      }
    }
    this.numReached = numReached;
  }

  private growEntries(): [Int32Array, Int32Array] {
    const capacity = this.entryNode.length * 2;
    const node = new Int32Array(capacity);
    const next = new Int32Array(capacity);
    node.set(this.entryNode);
    next.set(this.entryNext);
    this.entryNode = node;
    this.entryNext = next;
    return [node, next];
  }
}
