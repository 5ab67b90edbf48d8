// Worker: labels every node of the original walk graph with metres to the
// nearest outlet, one search on the contracted core graph per category it is
// given, then expansion to all nodes.
import { parentPort, workerData } from 'node:worker_threads';
import { expandChainDistances, SweepSearch, walkGraphFromBuffer } from '@lifecircle/engine';

const core = walkGraphFromBuffer(workerData.coreBuffer);
const contracted = { ...workerData.mapping, core };
const search = new SweepSearch(core);
const labels = new Float64Array(workerData.mapping.coreOfNode.length);
parentPort.on('message', ({ categories }) => {
  const times = [];
  let sink = 0;
  for (const { node, dist } of categories) {
    const started = performance.now();
    search.run(node, dist, node.length);
    expandChainDistances(contracted, search.distM, labels);
    times.push(performance.now() - started);
    sink += labels[sink % labels.length];
  }
  parentPort.postMessage({ times, sink });
});
