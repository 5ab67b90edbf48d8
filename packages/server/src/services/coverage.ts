import type { AccessResult, Category } from '@lifecircle/shared';

/** Planning speed of the coverage figures: an adult's 1.2 m/s. */
export const COVERAGE_SPEED_MPS = 1.2;

/**
 * Population-weighted share (0..1) of the residents of `compounds` who reach
 * each category within its `defaultWalkMinutes` at 1.2 m/s, from the walking
 * distances of one analysis run. A compound without a result (or unreachable)
 * counts as not covered. Categories without a target are left out; the value
 * is null when the compounds have no residents.
 */
export function circleCoverage(
  compounds: readonly { id: number; residents: number }[],
  results: readonly AccessResult[],
  categories: readonly Category[],
): Record<string, number | null> {
  const walkByKey = new Map<string, number | null>();
  for (const result of results) walkByKey.set(`${result.compoundId}|${result.categoryId}`, result.walkM);
  const totalResidents = compounds.reduce((sum, compound) => sum + compound.residents, 0);
  const coverage: Record<string, number | null> = {};
  for (const category of categories) {
    if (category.defaultWalkMinutes === null) continue;
    if (totalResidents <= 0) {
      coverage[category.id] = null;
      continue;
    }
    const limitM = category.defaultWalkMinutes * 60 * COVERAGE_SPEED_MPS;
    let covered = 0;
    for (const compound of compounds) {
      const walkM = walkByKey.get(`${compound.id}|${category.id}`);
      if (walkM !== undefined && walkM !== null && walkM <= limitM) covered += compound.residents;
    }
    coverage[category.id] = covered / totalResidents;
  }
  return coverage;
}
