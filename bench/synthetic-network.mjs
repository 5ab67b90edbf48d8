// A street-like test network: a jittered lattice (25 m between nodes, as OSM
// shape nodes along streets), about 10 % of links missing, and seeded outlet
// sets for 25 categories whose sizes vary like real formats (a few dozen to
// several thousand per million nodes).
import { buildWalkGraph } from '@lifecircle/engine';
import { seededRng } from '@lifecircle/shared';

export function syntheticNetwork(numNodes, seed = 1) {
  const rng = seededRng(seed);
  const side = Math.ceil(Math.sqrt(numNodes));
  const n = side * side;
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++) {
      const v = j * side + i;
      x[v] = i * 25 + (rng() - 0.5) * 8;
      y[v] = j * 25 + (rng() - 0.5) * 8;
      lng[v] = 121 + x[v] / 95_000;
      lat[v] = 31 + y[v] / 111_195;
    }
  const edgeU = [];
  const edgeV = [];
  const lengthM = [];
  const link = (a, b) => {
    edgeU.push(a);
    edgeV.push(b);
    lengthM.push(Math.hypot(x[a] - x[b], y[a] - y[b]));
  };
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++) {
      const v = j * side + i;
      // Keep rows and columns every 8 nodes intact (streets), drop some others (blocks, dead ends).
      if (i + 1 < side && (j % 8 === 0 || rng() < 0.88)) link(v, v + 1);
      if (j + 1 < side && (i % 8 === 0 || rng() < 0.88)) link(v, v + side);
    }
  const graph = buildWalkGraph({ nodeLng: lng, nodeLat: lat, edgeU, edgeV, edgeLengthM: lengthM });
  const categories = [];
  for (let c = 0; c < 25; c++) {
    const count = Math.max(3, Math.round((n / 1e6) * (30 + rng() * 4000)));
    const nodes = new Uint32Array(count);
    for (let k = 0; k < count; k++) nodes[k] = Math.floor(rng() * n);
    categories.push(nodes);
  }
  return { graph, categories };
}
