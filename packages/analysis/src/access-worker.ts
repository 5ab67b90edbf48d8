// A worker thread that computes categories of an access run (see run-access.ts).
import { parentPort } from 'node:worker_threads';
import { AccessContext, type AccessContextData } from './category-access.js';

type Message = { kind: 'init'; data: AccessContextData } | { kind: 'task'; categoryIndex: number; outletIndices: Uint32Array };

let context: AccessContext | null = null;
parentPort!.on('message', (message: Message) => {
  try {
    if (message.kind === 'init') {
      context = new AccessContext(message.data);
      parentPort!.postMessage({ kind: 'ready' });
      return;
    }
    const result = context!.compute(message.categoryIndex, message.outletIndices);
    const transfer = [result.distM.buffer as ArrayBuffer, ...(result.counts ? [result.counts.buffer as ArrayBuffer] : [])];
    parentPort!.postMessage({ kind: 'result', result }, transfer);
  } catch (error) {
    parentPort!.postMessage({ kind: 'error', message: (error as Error).stack ?? String(error) });
  }
});
