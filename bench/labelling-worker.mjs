// Worker: labels every node with metres to the nearest outlet, one search per category it is given.
import { parentPort, workerData } from 'node:worker_threads';
import { BucketSearch, walkGraphFromBuffer } from '@lifecircle/engine';

const graph = walkGraphFromBuffer(workerData.buffer);
const search = new BucketSearch(graph);
parentPort.on('message', ({ categories }) => {
  const times = [];
  let sink = 0;
  for (const nodes of categories) {
    const started = performance.now();
    search.run(nodes, new Float64Array(nodes.length), nodes.length);
    times.push(performance.now() - started);
    sink += search.numReached;
  }
  parentPort.postMessage({ times, sink });
});
