// Reads an OSM file through lifecircle's streaming reader and counts its
// elements, keeping nothing: what it costs in memory is the reader's own.
// Used by bench/city.mjs.
import { readOsmFile } from '@lifecircle/osm';

const file = process.argv[2];
const counts = { nodes: 0, ways: 0, relations: 0 };
const started = performance.now();
await readOsmFile(file, {
  node: () => counts.nodes++,
  way: () => counts.ways++,
  relation: () => counts.relations++,
});
console.error(
  `elements: ${counts.nodes} nodes, ${counts.ways} ways, ${counts.relations} relations in ${Math.round(performance.now() - started)} ms`,
);
