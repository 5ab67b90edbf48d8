import type { CategoryCoverage } from '@lifecircle/analysis';

/**
 * One category's figures over the compounds of one part of a run (the whole
 * store, or one district): the access job's, without the share (it follows
 * from the sums) and with "none reached" as null (JSON cannot hold NaN).
 */
export type PartCoverage = Omit<CategoryCoverage, 'share' | 'meanMinutes'> & { meanMinutes: number | null };

/** The figures of one part of an access run, enough to merge parts into the run's summary. */
export interface AccessPart {
  numCompounds: number;
  numOutlets: number;
  numOriginsOffNetwork: number;
  numOriginsBehindGates: number;
  coverage: PartCoverage[];
}

/** A part's coverage from the access job's figures (NaN means "none" and becomes null, as JSON cannot hold NaN). */
export function partCoverage(coverage: readonly CategoryCoverage[]): PartCoverage[] {
  return coverage.map((c) => ({
    categoryId: c.categoryId,
    targetMinutes: c.targetMinutes,
    numOutlets: c.numOutlets,
    coveredPopulation: c.coveredPopulation,
    totalPopulation: c.totalPopulation,
    reachedPopulation: c.reachedPopulation,
    meanMinutes: Number.isNaN(c.meanMinutes) ? null : c.meanMinutes,
  }));
}

/**
 * The stored summary of an access run from its parts: counts add up, each
 * category's share is covered over total residents of all parts, and its
 * mean minutes are weighted by the residents each part reached. Every part
 * of one run searched the same outlets, so outlet counts are taken once.
 */
export function accessRunSummary(parts: readonly AccessPart[], durationMs: number): Record<string, unknown> {
  const sum = (f: (part: AccessPart) => number) => parts.reduce((s, part) => s + f(part), 0);
  const first = parts[0];
  const coverage = (first?.coverage ?? []).map((category, c) => {
    let covered = 0;
    let total = 0;
    let reached = 0;
    let weightedMinutes = 0;
    for (const part of parts) {
      const figures = part.coverage[c];
      if (figures === undefined || figures.categoryId !== category.categoryId) {
        throw new RangeError(`expected every part to list category ${category.categoryId} at position ${c}`);
      }
      covered += figures.coveredPopulation;
      total += figures.totalPopulation;
      reached += figures.reachedPopulation;
      if (figures.meanMinutes !== null) weightedMinutes += figures.meanMinutes * figures.reachedPopulation;
    }
    return {
      categoryId: category.categoryId,
      targetMinutes: category.targetMinutes,
      numOutlets: category.numOutlets,
      share: total > 0 ? covered / total : null,
      meanMinutes: reached > 0 ? weightedMinutes / reached : null,
    };
  });
  return {
    durationMs: Math.round(durationMs),
    numCompounds: sum((part) => part.numCompounds),
    numOutlets: first?.numOutlets ?? 0,
    numOriginsOffNetwork: sum((part) => part.numOriginsOffNetwork),
    numOriginsBehindGates: sum((part) => part.numOriginsBehindGates),
    coverage,
  };
}
