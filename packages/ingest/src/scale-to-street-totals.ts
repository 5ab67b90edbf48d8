import type { AgeBands } from '@lifecircle/shared';

/** What scaling reads and writes of a compound. */
export interface ScalableCompound extends AgeBands {
  streetId: number | null;
  residents: number;
  isEstimated: boolean;
}

/**
 * Scales the residents of estimated compounds so that each street's total
 * equals a census figure, keeping tabled (non-estimated) compounds as given:
 * the estimated ones of a street share `total − tabled sum` in proportion to
 * their estimates, rounded to whole persons by largest remainder (ties: file
 * order) so the sum is exact. Their age-band counts scale by the same factor.
 * Streets absent from `totals`, or without estimated compounds, are left
 * alone; when the tabled compounds alone exceed the census figure, estimated
 * ones get 0 and the street's sum stays above it. Returns new objects; the
 * input is not changed. O(n log n).
 */
export function scaleToStreetTotals<T extends ScalableCompound>(
  compounds: readonly T[],
  totals: ReadonlyMap<number, number>,
): T[] {
  const result = compounds.map((compound) => ({ ...compound }));
  const indicesByStreet = new Map<number, number[]>();
  const tabledByStreet = new Map<number, number>();
  compounds.forEach((compound, index) => {
    if (compound.streetId === null || !totals.has(compound.streetId)) return;
    if (compound.isEstimated) {
      const list = indicesByStreet.get(compound.streetId) ?? [];
      list.push(index);
      indicesByStreet.set(compound.streetId, list);
    } else {
      tabledByStreet.set(compound.streetId, (tabledByStreet.get(compound.streetId) ?? 0) + compound.residents);
    }
  });
  for (const [streetId, indices] of indicesByStreet) {
    const target = Math.max(0, Math.round(totals.get(streetId)! - (tabledByStreet.get(streetId) ?? 0)));
    const estimateSum = indices.reduce((sum, index) => sum + compounds[index]!.residents, 0);
    // With all estimates zero, share the target equally.
    const weights = indices.map((index) => (estimateSum > 0 ? compounds[index]!.residents / estimateSum : 1 / indices.length));
    const raw = weights.map((weight) => weight * target);
    const floors = raw.map(Math.floor);
    let remaining = target - floors.reduce((sum, value) => sum + value, 0);
    const order = raw.map((value, k) => k).sort((a, b) => raw[b]! - floors[b]! - (raw[a]! - floors[a]!) || a - b);
    for (const k of order) {
      if (remaining <= 0) break;
      floors[k]!++;
      remaining--;
    }
    indices.forEach((index, k) => {
      const before = compounds[index]!;
      const after = result[index]!;
      after.residents = floors[k]!;
      const factor = before.residents > 0 ? after.residents / before.residents : 0;
      after.age0to14 = before.age0to14 === null ? null : Math.round(before.age0to14 * factor);
      after.age15to59 = before.age15to59 === null ? null : Math.round(before.age15to59 * factor);
      after.age60plus = before.age60plus === null ? null : Math.round(before.age60plus * factor);
    });
  }
  return result;
}
