import { boundsOf, METRES_PER_DEGREE, type AreaGeometry, type LngLat } from '@lifecircle/shared';

type Point = [x: number, y: number];

/** Grid points per side when neither ring is convex and the overlap is estimated by sampling. */
const SAMPLES_PER_SIDE = 200;

/**
 * Area in square metres where two areas overlap, comparing outer rings only
 * (holes are ignored: circle boundaries have none). Exact (Sutherland &
 * Hodgman 1974 clipping, then the shoelace formula) when one ring of each
 * pair is convex — the demo's rectangles and the proposed circles' convex
 * hulls; estimated on a 200 × 200 grid over the two rings' common bounding
 * box otherwise (error about one cell per boundary crossing). Rings are
 * projected to metres around their mean latitude. Parts of a MultiPolygon
 * are taken as disjoint.
 */
export function overlapAreaM2(a: AreaGeometry, b: AreaGeometry): number {
  let total = 0;
  for (const ringA of outerRings(a)) {
    for (const ringB of outerRings(b)) total += ringOverlapM2(ringA, ringB);
  }
  return total;
}

/** Area of a ring in square metres (absolute shoelace in a local projection). */
export function ringAreaM2(ring: readonly LngLat[]): number {
  const [points] = project([ring]);
  return Math.abs(signedArea(points!));
}

function outerRings(geometry: AreaGeometry): LngLat[][] {
  if (geometry.type === 'Polygon') return geometry.coordinates[0] ? [geometry.coordinates[0]] : [];
  return geometry.coordinates.flatMap((polygon) => (polygon[0] ? [polygon[0]] : []));
}

function ringOverlapM2(ringA: readonly LngLat[], ringB: readonly LngLat[]): number {
  const [a, b] = project([ringA, ringB]) as [Point[], Point[]];
  if (a.length < 3 || b.length < 3) return 0;
  const boxA = boundsOf(a);
  const boxB = boundsOf(b);
  const box = [
    Math.max(boxA[0], boxB[0]),
    Math.max(boxA[1], boxB[1]),
    Math.min(boxA[2], boxB[2]),
    Math.min(boxA[3], boxB[3]),
  ] as const;
  if (box[0] >= box[2] || box[1] >= box[3]) return 0;
  if (isConvex(b)) return Math.abs(signedArea(clipByConvex(a, b)));
  if (isConvex(a)) return Math.abs(signedArea(clipByConvex(b, a)));
  const stepX = (box[2] - box[0]) / SAMPLES_PER_SIDE;
  const stepY = (box[3] - box[1]) / SAMPLES_PER_SIDE;
  let inside = 0;
  for (let i = 0; i < SAMPLES_PER_SIDE; i++) {
    for (let j = 0; j < SAMPLES_PER_SIDE; j++) {
      const p: Point = [box[0] + (i + 0.5) * stepX, box[1] + (j + 0.5) * stepY];
      if (contains(a, p) && contains(b, p)) inside++;
    }
  }
  return inside * stepX * stepY;
}

/** Rings in metres around their common mean latitude, without the closing point. */
function project(rings: readonly (readonly LngLat[])[]): Point[][] {
  let sum = 0;
  let count = 0;
  for (const ring of rings) {
    for (const p of ring) {
      sum += p[1];
      count++;
    }
  }
  const kx = METRES_PER_DEGREE * Math.cos(((count > 0 ? sum / count : 0) * Math.PI) / 180);
  return rings.map((ring) => {
    const points = ring.map((p): Point => [p[0] * kx, p[1] * METRES_PER_DEGREE]);
    const first = points[0];
    const last = points[points.length - 1];
    if (first && last && points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
    return points;
  });
}

function signedArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    twice += (points[j]![0] - points[i]![0]) * (points[j]![1] + points[i]![1]);
  }
  return twice / 2;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True when every turn goes the same way (collinear vertices allowed). */
function isConvex(points: readonly Point[]): boolean {
  let sign = 0;
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const turn = cross(points[i]!, points[(i + 1) % n]!, points[(i + 2) % n]!);
    if (turn === 0) continue;
    const s = Math.sign(turn);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** Sutherland–Hodgman: the part of `subject` (any simple ring) inside the convex ring `clip`. */
function clipByConvex(subject: readonly Point[], clip: readonly Point[]): Point[] {
  // The inside of each clip edge is its left side on a counter-clockwise ring.
  const ccw = signedArea(clip) < 0 ? [...clip].reverse() : clip;
  let output: Point[] = [...subject];
  for (let i = 0; i < ccw.length && output.length > 0; i++) {
    const a = ccw[i]!;
    const b = ccw[(i + 1) % ccw.length]!;
    const input = output;
    output = [];
    for (let k = 0; k < input.length; k++) {
      const p = input[k]!;
      const q = input[(k + 1) % input.length]!;
      const sideP = cross(a, b, p);
      const sideQ = cross(a, b, q);
      if (sideP >= 0) output.push(p);
      if (sideP >= 0 !== sideQ >= 0) {
        const t = sideP / (sideP - sideQ);
        output.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return output;
}

/** Even–odd point-in-ring test. */
function contains(points: readonly Point[], p: Point): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
