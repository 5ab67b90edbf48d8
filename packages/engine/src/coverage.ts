/**
 * Population-weighted share (0..1) of origins whose walking minutes are
 * within `targetMinutes`. Origins with no population weigh 1 each when
 * `population` is omitted. Returns NaN when the total weight is 0.
 */
export function coverageShare(minutes: ArrayLike<number>, targetMinutes: number, population?: ArrayLike<number>): number {
  let covered = 0;
  let total = 0;
  for (let p = 0; p < minutes.length; p++) {
    const weight = population ? population[p] : 1;
    total += weight;
    if (minutes[p] <= targetMinutes) covered += weight;
  }
  return total > 0 ? covered / total : NaN;
}
