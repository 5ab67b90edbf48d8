import type { PointSet } from '@lifecircle/engine';

/** Two point sets as one (b's points follow a's). Both must use the same compound numbering. */
export function concatPointSets(a: PointSet, b: PointSet): PointSet {
  const A = a.attachments;
  const B = b.attachments;
  const numA = A.edge.length;
  const start = new Uint32Array(A.numPoints + B.numPoints + 1);
  start.set(A.start.subarray(0, A.numPoints));
  for (let p = 0; p <= B.numPoints; p++) start[A.numPoints + p] = numA + B.start[p]!;
  const join = <T extends Float64Array | Int32Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const i32 = (n: number) => new Int32Array(n);
  return {
    attachments: {
      numPoints: A.numPoints + B.numPoints,
      start,
      edge: join(A.edge, B.edge, i32),
      t: join(A.t, B.t, f64),
      offsetM: join(A.offsetM, B.offsetM, f64),
    },
    lng: join(a.lng, b.lng, f64),
    lat: join(a.lat, b.lat, f64),
    compound:
      a.compound === undefined && b.compound === undefined
        ? undefined
        : join(a.compound ?? new Int32Array(A.numPoints).fill(-1), b.compound ?? new Int32Array(B.numPoints).fill(-1), i32),
  };
}
