import {
  BucketSearch,
  SweepSearch,
  buildOriginIndex,
  countOutletsWithin,
  nearestOutletDistances,
  walkGraphFromBuffer,
  type Attachments,
  type OriginIndex,
  type PointSet,
} from '@lifecircle/engine';

/** Everything a thread needs to compute categories: plain typed arrays, so it crosses to a worker intact. */
export interface AccessContextData {
  graphBuffer: ArrayBufferLike;
  origins: PointSetData;
  outlets: PointSetData;
  cutoffM: number;
  /** Walking metres of the count thresholds (5, 10, 15 minutes), or empty for no counts. */
  countThresholdsM: number[];
}

export interface PointSetData {
  start: Uint32Array;
  edge: Int32Array;
  t: Float64Array;
  offsetM: Float64Array;
  lng: Float64Array;
  lat: Float64Array;
  compound: Int32Array | null;
}

export function pointSetData(points: PointSet): PointSetData {
  const a = points.attachments;
  return {
    start: a.start,
    edge: a.edge,
    t: a.t,
    offsetM: a.offsetM,
    lng: points.lng,
    lat: points.lat,
    compound: points.compound ?? null,
  };
}

function pointSet(data: PointSetData): PointSet {
  const attachments: Attachments = {
    numPoints: data.start.length - 1,
    start: data.start,
    edge: data.edge,
    t: data.t,
    offsetM: data.offsetM,
  };
  return { attachments, lng: data.lng, lat: data.lat, compound: data.compound ?? undefined };
}

/** One category's answer: metres to the nearest outlet per origin, and counts within the thresholds. */
export interface CategoryResult {
  categoryIndex: number;
  distM: Float64Array;
  counts: Uint16Array | null;
}

/** A thread's reusable state: the graph views, one search's scratch arrays, the origin index. */
export class AccessContext {
  /** Labels the whole graph per category (nearest outlet). */
  private readonly sweep: SweepSearch;
  /** Small bounded searches, one per outlet (the 5/10/15-minute counts); made when first needed. */
  private bucket: BucketSearch | null = null;
  private readonly origins: PointSet;
  private readonly outlets: PointSet;
  private originIndex: OriginIndex | null = null;

  constructor(private readonly data: AccessContextData) {
    const graph = walkGraphFromBuffer(data.graphBuffer);
    this.sweep = new SweepSearch(graph);
    this.origins = pointSet(data.origins);
    this.outlets = pointSet(data.outlets);
  }

  compute(categoryIndex: number, outletIndices: Uint32Array): CategoryResult {
    const numOrigins = this.origins.attachments.numPoints;
    const distM = new Float64Array(numOrigins);
    nearestOutletDistances(this.sweep, this.origins, this.outlets, outletIndices, this.data.cutoffM, distM);
    let counts: Uint16Array | null = null;
    const thresholds = this.data.countThresholdsM;
    if (thresholds.length > 0) {
      this.bucket ??= new BucketSearch(this.sweep.graph);
      this.originIndex ??= buildOriginIndex(this.sweep.graph, this.origins);
      counts = new Uint16Array(numOrigins * thresholds.length);
      countOutletsWithin(this.bucket, this.origins, this.originIndex, this.outlets, outletIndices, thresholds, counts);
    }
    return { categoryIndex, distM, counts };
  }
}
