/**
 * The walk network as compressed sparse rows in typed arrays, all views of
 * one versioned ArrayBuffer (or SharedArrayBuffer, so worker threads read the
 * same bytes without copying).
 *
 * Every undirected edge `e` joins `edgeU[e]` and `edgeV[e]` with length
 * `edgeLengthM[e]`; it appears as two arcs in the CSR rows, so a search reads
 * `arcTarget` / `arcLengthM` from `firstArc[v]` to `firstArc[v + 1]`.
 */
export interface WalkGraph {
  readonly numNodes: number;
  readonly numEdges: number;
  /** Node positions, WGS-84 degrees. */
  readonly nodeLng: Float64Array;
  readonly nodeLat: Float64Array;
  /** CSR row starts, length numNodes + 1. */
  readonly firstArc: Uint32Array;
  readonly arcTarget: Uint32Array;
  readonly arcLengthM: Float64Array;
  /** The undirected edges, for snapping and output. */
  readonly edgeU: Uint32Array;
  readonly edgeV: Uint32Array;
  readonly edgeLengthM: Float64Array;
  /** The bytes every array above views. */
  readonly buffer: ArrayBufferLike;
}

const MAGIC = 0x4c434757; // "LCGW"
const VERSION = 1;
const HEADER_BYTES = 16;

/** Byte offsets of each array in the buffer, 8-byte aligned. */
function layout(numNodes: number, numEdges: number) {
  const align8 = (n: number) => (n + 7) & ~7;
  let offset = HEADER_BYTES;
  const take = (bytes: number) => {
    const start = offset;
    offset = align8(offset + bytes);
    return start;
  };
  const numArcs = 2 * numEdges;
  const result = {
    nodeLng: take(8 * numNodes),
    nodeLat: take(8 * numNodes),
    arcLengthM: take(8 * numArcs),
    edgeLengthM: take(8 * numEdges),
    firstArc: take(4 * (numNodes + 1)),
    arcTarget: take(4 * numArcs),
    edgeU: take(4 * numEdges),
    edgeV: take(4 * numEdges),
    totalBytes: 0,
  };
  result.totalBytes = offset;
  return result;
}

function views(buffer: ArrayBufferLike, numNodes: number, numEdges: number): WalkGraph {
  const at = layout(numNodes, numEdges);
  const numArcs = 2 * numEdges;
  return {
    numNodes,
    numEdges,
    nodeLng: new Float64Array(buffer, at.nodeLng, numNodes),
    nodeLat: new Float64Array(buffer, at.nodeLat, numNodes),
    firstArc: new Uint32Array(buffer, at.firstArc, numNodes + 1),
    arcTarget: new Uint32Array(buffer, at.arcTarget, numArcs),
    arcLengthM: new Float64Array(buffer, at.arcLengthM, numArcs),
    edgeU: new Uint32Array(buffer, at.edgeU, numEdges),
    edgeV: new Uint32Array(buffer, at.edgeV, numEdges),
    edgeLengthM: new Float64Array(buffer, at.edgeLengthM, numEdges),
    buffer,
  };
}

export interface BuildWalkGraphInput {
  nodeLng: ArrayLike<number>;
  nodeLat: ArrayLike<number>;
  edgeU: ArrayLike<number>;
  edgeV: ArrayLike<number>;
  edgeLengthM: ArrayLike<number>;
  /** Put the result in a SharedArrayBuffer (for worker threads). Default true. */
  shared?: boolean;
}

/**
 * Builds the CSR graph from an undirected edge list. O(nodes + edges).
 * Throws on inconsistent input ("expected X, got Y").
 */
export function buildWalkGraph(input: BuildWalkGraphInput): WalkGraph {
  const numNodes = input.nodeLng.length;
  const numEdges = input.edgeU.length;
  if (input.nodeLat.length !== numNodes) {
    throw new RangeError(`expected nodeLat of length ${numNodes}, got ${input.nodeLat.length}`);
  }
  if (input.edgeV.length !== numEdges || input.edgeLengthM.length !== numEdges) {
    throw new RangeError(`expected edgeV and edgeLengthM of length ${numEdges}`);
  }
  const at = layout(numNodes, numEdges);
  const buffer = input.shared === false ? new ArrayBuffer(at.totalBytes) : new SharedArrayBuffer(at.totalBytes);
  new Uint32Array(buffer, 0, 4).set([MAGIC, VERSION, numNodes, numEdges]);
  const graph = views(buffer, numNodes, numEdges);
  graph.nodeLng.set(input.nodeLng);
  graph.nodeLat.set(input.nodeLat);
  const { firstArc, arcTarget, arcLengthM, edgeU, edgeV, edgeLengthM } = graph;
  for (let e = 0; e < numEdges; e++) {
    const u = input.edgeU[e];
    const v = input.edgeV[e];
    const lengthM = input.edgeLengthM[e];
    if (!(u >= 0 && u < numNodes && v >= 0 && v < numNodes)) {
      throw new RangeError(`expected edge ${e} to join nodes below ${numNodes}, got ${u}-${v}`);
    }
    if (!(lengthM >= 0 && lengthM < Infinity)) {
      throw new RangeError(`expected a finite non-negative length for edge ${e}, got ${lengthM}`);
    }
    edgeU[e] = u;
    edgeV[e] = v;
    edgeLengthM[e] = lengthM;
    firstArc[u + 1]++;
    firstArc[v + 1]++;
  }
  for (let v = 0; v < numNodes; v++) firstArc[v + 1] += firstArc[v];
  const cursor = firstArc.slice(0, numNodes);
  for (let e = 0; e < numEdges; e++) {
    const u = edgeU[e];
    const v = edgeV[e];
    const lengthM = edgeLengthM[e];
    let a = cursor[u]++;
    arcTarget[a] = v;
    arcLengthM[a] = lengthM;
    a = cursor[v]++;
    arcTarget[a] = u;
    arcLengthM[a] = lengthM;
  }
  return graph;
}

/** Re-creates a graph from the bytes of `graph.buffer` (a file, a database blob, a worker message). */
export function walkGraphFromBuffer(buffer: ArrayBufferLike): WalkGraph {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new RangeError(`expected a walk-graph buffer of at least ${HEADER_BYTES} bytes, got ${buffer.byteLength}`);
  }
  const [magic, version, numNodes, numEdges] = new Uint32Array(buffer, 0, 4) as unknown as [number, number, number, number];
  if (magic !== MAGIC) throw new RangeError('expected a lifecircle walk-graph buffer, got other bytes');
  if (version !== VERSION) throw new RangeError(`expected walk-graph version ${VERSION}, got ${version}`);
  const needed = layout(numNodes, numEdges).totalBytes;
  if (buffer.byteLength < needed) {
    throw new RangeError(`expected ${needed} bytes for ${numNodes} nodes and ${numEdges} edges, got ${buffer.byteLength}`);
  }
  return views(buffer, numNodes, numEdges);
}

/** The longest edge in metres (0 for an empty graph). */
export function maxEdgeLengthM(graph: WalkGraph): number {
  let max = 0;
  const lengths = graph.edgeLengthM;
  for (let e = 0; e < lengths.length; e++) if (lengths[e] > max) max = lengths[e];
  return max;
}
