import type { Attachments } from './attachments.js';
import { hilbertOrder } from './hilbert-order.js';
import { buildWalkGraph, type WalkGraph } from './walk-graph.js';

/**
 * A walk graph with its chains of degree-2 nodes (the shape nodes that make
 * up most of a mapped street) contracted into single edges. Searches run on
 * the smaller `core` graph; a point on an original edge becomes a point on
 * its chain, and every original node's distance follows from its chain's two
 * ends, so results are exactly those of the full graph.
 */
export interface ContractedGraph {
  /** Nodes of degree other than 2 (plus one anchor per ring of degree-2 nodes); edges are chains. */
  core: WalkGraph;
  /** The core node of each original node, or -1 for chain interiors. */
  coreOfNode: Int32Array;
  /** Chain (core edge) of each original node that lies inside one, else -1. */
  chainOfNode: Int32Array;
  /** Metres from the chain's first core node to an interior node. */
  offsetOfNodeM: Float64Array;
  /** Chain of each original edge. */
  chainOfEdge: Uint32Array;
  /** Metres from the chain's first core node to the original edge's `edgeU` end... */
  edgeUOffsetM: Float64Array;
  /** ...and +1 when edgeV lies farther along the chain than edgeU, -1 when nearer. */
  edgeDirection: Int8Array;
}

/** Contracts chains of degree-2 nodes. O(V + E). */
export function contractChains(graph: WalkGraph): ContractedGraph {
  const { numNodes, numEdges, edgeU, edgeV, edgeLengthM } = graph;
  // Incident edges per node (the CSR rows hold targets, not edge ids).
  const incidentStart = new Uint32Array(numNodes + 1);
  for (let e = 0; e < numEdges; e++) {
    incidentStart[edgeU[e] + 1]++;
    incidentStart[edgeV[e] + 1]++;
  }
  for (let v = 0; v < numNodes; v++) incidentStart[v + 1] += incidentStart[v];
  const incident = new Uint32Array(2 * numEdges);
  const cursor = incidentStart.slice(0, numNodes);
  for (let e = 0; e < numEdges; e++) {
    incident[cursor[edgeU[e]]++] = e;
    incident[cursor[edgeV[e]]++] = e;
  }
  const isCore = new Uint8Array(numNodes);
  for (let v = 0; v < numNodes; v++) if (incidentStart[v + 1] - incidentStart[v] !== 2) isCore[v] = 1;

  const chainOfNode = new Int32Array(numNodes).fill(-1);
  const offsetOfNodeM = new Float64Array(numNodes);
  const chainOfEdge = new Uint32Array(numEdges);
  const edgeUOffsetM = new Float64Array(numEdges);
  const edgeDirection = new Int8Array(numEdges);
  const isEdgeDone = new Uint8Array(numEdges);
  const chainFrom: number[] = [];
  const chainTo: number[] = [];
  const chainLengthM: number[] = [];

  // Walks from core node `start` along edge `first` until the next core node.
  const walk = (start: number, first: number) => {
    const chain = chainFrom.length;
    let node = start;
    let edge = first;
    let offset = 0;
    for (;;) {
      isEdgeDone[edge] = 1;
      chainOfEdge[edge] = chain;
      const forward = edgeU[edge] === node;
      const next = forward ? edgeV[edge] : edgeU[edge];
      edgeDirection[edge] = forward ? 1 : -1;
      edgeUOffsetM[edge] = forward ? offset : offset + edgeLengthM[edge];
      offset += edgeLengthM[edge];
      if (isCore[next]) {
        chainFrom.push(start);
        chainTo.push(next);
        chainLengthM.push(offset);
        return;
      }
      chainOfNode[next] = chain;
      offsetOfNodeM[next] = offset;
      // An interior node has exactly two incident edges: leave by the other one.
      const a = incident[incidentStart[next]];
      const b = incident[incidentStart[next] + 1];
      edge = a === edge ? b : a;
      node = next;
    }
  };
  for (let v = 0; v < numNodes; v++) {
    if (!isCore[v]) continue;
    for (let k = incidentStart[v]; k < incidentStart[v + 1]; k++) if (!isEdgeDone[incident[k]]) walk(v, incident[k]);
  }
  // Rings made only of degree-2 nodes: one node of each becomes a core anchor.
  for (let e = 0; e < numEdges; e++) {
    if (isEdgeDone[e]) continue;
    const anchor = edgeU[e];
    isCore[anchor] = 1;
    chainOfNode[anchor] = -1;
    walk(anchor, e);
  }

  // Core nodes are numbered along a Hilbert curve, so searches touch memory in spatial order.
  const coreNodes: number[] = [];
  for (let v = 0; v < numNodes; v++) if (isCore[v]) coreNodes.push(v);
  const order = hilbertOrder(
    coreNodes.map((v) => graph.nodeLng[v]),
    coreNodes.map((v) => graph.nodeLat[v]),
  );
  const coreOfNode = new Int32Array(numNodes).fill(-1);
  const coreLng = new Float64Array(coreNodes.length);
  const coreLat = new Float64Array(coreNodes.length);
  for (let rank = 0; rank < order.length; rank++) {
    const v = coreNodes[order[rank]];
    coreOfNode[v] = rank;
    coreLng[rank] = graph.nodeLng[v];
    coreLat[rank] = graph.nodeLat[v];
  }
  const core = buildWalkGraph({
    nodeLng: coreLng,
    nodeLat: coreLat,
    edgeU: chainFrom.map((v) => coreOfNode[v]),
    edgeV: chainTo.map((v) => coreOfNode[v]),
    edgeLengthM: chainLengthM,
  });
  return { core, coreOfNode, chainOfNode, offsetOfNodeM, chainOfEdge, edgeUOffsetM, edgeDirection };
}

/**
 * Re-expresses attachments to original edges as attachments to chains of the
 * core graph (the same points, the same offsets).
 */
export function attachmentsOnChains(contracted: ContractedGraph, graph: WalkGraph, attachments: Attachments): Attachments {
  const { chainOfEdge, edgeUOffsetM, edgeDirection, core } = contracted;
  const count = attachments.edge.length;
  const edge = new Int32Array(count);
  const t = new Float64Array(count);
  for (let a = 0; a < count; a++) {
    const e = attachments.edge[a];
    const chain = chainOfEdge[e];
    const alongM = edgeUOffsetM[e] + edgeDirection[e] * attachments.t[a] * graph.edgeLengthM[e];
    const chainM = core.edgeLengthM[chain];
    edge[a] = chain;
    t[a] = chainM > 0 ? Math.min(1, Math.max(0, alongM / chainM)) : 0;
  }
  return { numPoints: attachments.numPoints, start: attachments.start, edge, t, offsetM: attachments.offsetM };
}

/**
 * Distances of every original node from distances of the core nodes:
 * a chain interior at offset s is min(d[from] + s, d[to] + length − s).
 * Writes `outDistM` (length = original numNodes).
 */
export function expandChainDistances(contracted: ContractedGraph, coreDistM: Float64Array, outDistM: Float64Array): void {
  const { coreOfNode, chainOfNode, offsetOfNodeM, core } = contracted;
  for (let v = 0; v < coreOfNode.length; v++) {
    const c = coreOfNode[v];
    if (c >= 0) {
      outDistM[v] = coreDistM[c];
      continue;
    }
    const chain = chainOfNode[v];
    const s = offsetOfNodeM[v];
    const viaFrom = coreDistM[core.edgeU[chain]] + s;
    const viaTo = coreDistM[core.edgeV[chain]] + core.edgeLengthM[chain] - s;
    outDistM[v] = viaFrom < viaTo ? viaFrom : viaTo;
  }
}
