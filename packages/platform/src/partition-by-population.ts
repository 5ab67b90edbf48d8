import type { Bbox } from '@lifecircle/shared';

/** A weighted point in any planar coordinates (degrees are fine at district scale). */
export interface WeightedPoint {
  x: number;
  y: number;
  weight: number;
}

/** One part of a partition: its rectangle and the indices of the points in it. */
export interface Part {
  bbox: Bbox;
  members: number[];
}

/**
 * Cuts `bbox` into `numParts` rectangles holding about equal weight, by
 * recursive bisection along the longer side at the weighted quantile that
 * splits the parts asked for on each side (k-d style). Every point lies in
 * exactly one part; the rectangles tile `bbox` without overlap. Used to draw
 * the demo district's streets, committees and circles around its residents.
 * O(n log n · log k).
 */
export function partitionByPopulation(points: readonly WeightedPoint[], bbox: Bbox, numParts: number): Part[] {
  if (!Number.isInteger(numParts) || numParts < 1)
    throw new RangeError(`expected a positive whole number of parts, got ${numParts}`);
  const parts: Part[] = [];
  const split = (box: Bbox, members: number[], k: number) => {
    if (k === 1) {
      parts.push({ bbox: box, members });
      return;
    }
    // With fewer points than parts, the split still runs: the extra parts are empty slivers of the box.
    const [minX, minY, maxX, maxY] = box;
    const alongX = maxX - minX >= maxY - minY;
    const key = (i: number) => (alongX ? points[i]!.x : points[i]!.y);
    const sorted = [...members].sort((a, b) => key(a) - key(b) || a - b);
    const kLow = Math.floor(k / 2);
    let total = 0;
    for (const i of sorted) total += points[i]!.weight;
    const target = (total * kLow) / k;
    let acc = 0;
    let cut = 0; // members sorted[0 .. cut-1] go low
    while (cut < sorted.length && acc + points[sorted[cut]!]!.weight / 2 <= target) acc += points[sorted[cut++]!]!.weight;
    // Cut midway between the two neighbouring points so no point sits on a border.
    const lo = alongX ? minX : minY;
    const hi = alongX ? maxX : maxY;
    let at: number;
    if (cut === 0) at = sorted.length > 0 ? (lo + key(sorted[0]!)) / 2 : (lo + hi) / 2;
    else if (cut === sorted.length) at = (key(sorted[cut - 1]!) + hi) / 2;
    else at = (key(sorted[cut - 1]!) + key(sorted[cut]!)) / 2;
    // Equal keys across the cut: move the whole run to the low side so the cut separates them.
    while (cut < sorted.length && cut > 0 && key(sorted[cut]!) === key(sorted[cut - 1]!)) cut++;
    if (cut > 0 && cut < sorted.length) at = (key(sorted[cut - 1]!) + key(sorted[cut]!)) / 2;
    const low: Bbox = alongX ? [minX, minY, at, maxY] : [minX, minY, maxX, at];
    const high: Bbox = alongX ? [at, minY, maxX, maxY] : [minX, at, maxX, maxY];
    split(low, sorted.slice(0, cut), kLow);
    split(high, sorted.slice(cut), k - kLow);
  };
  split(
    bbox,
    points.map((_, i) => i),
    numParts,
  );
  return parts;
}

/** The rectangle as a closed GeoJSON polygon ring, counter-clockwise. */
export function bboxPolygon([minX, minY, maxX, maxY]: Bbox): { type: 'Polygon'; coordinates: [number, number][][] } {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minX, minY],
        [maxX, minY],
        [maxX, maxY],
        [minX, maxY],
        [minX, minY],
      ],
    ],
  };
}
