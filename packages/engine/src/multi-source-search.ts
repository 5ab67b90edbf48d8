import type { WalkGraph } from './walk-graph.js';

/**
 * What BucketSearch and SweepSearch share: label nodes with metres from the
 * nearest of several seeds. Callers pick the one that suits the search's size.
 */
export interface MultiSourceSearch {
  readonly graph: WalkGraph;
  readonly distM: Float64Array;
  readonly reached: Uint32Array;
  readonly numReached: number;
  run(seedNode: ArrayLike<number>, seedDistM: ArrayLike<number>, numSeeds: number, cutoffM?: number): void;
}
