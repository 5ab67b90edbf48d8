import type { Attachments } from './attachments.js';

/**
 * Points (origins or outlets) as the searches see them: their attachments to
 * the network and, for points inside gated compounds, the compound and the
 * position, because two points of one compound reach each other directly
 * (a straight walk inside the compound, not out through a gate and back).
 */
export interface PointSet {
  attachments: Attachments;
  lng: Float64Array;
  lat: Float64Array;
  /** Compound index per point or -1; omit when gates are ignored. */
  compound?: Int32Array | undefined;
}
