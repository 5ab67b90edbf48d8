import type { Rng } from '@lifecircle/shared';

/**
 * A smooth random field over the district: a sum of Gaussian bumps, scaled to
 * [0, 1]. Neighbouring points get similar values, so supply and ages vary by
 * area rather than by block (some areas rich in shops, others short of them).
 */
export function smoothField(
  rng: Rng,
  widthM: number,
  heightM: number,
  numBumps: number,
  radiusM: [number, number],
): (x: number, y: number) => number {
  const cx: number[] = [];
  const cy: number[] = [];
  const r2: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < numBumps; i++) {
    cx.push(rng() * widthM);
    cy.push(rng() * heightM);
    const r = radiusM[0] + rng() * (radiusM[1] - radiusM[0]);
    r2.push(2 * r * r);
    w.push(rng() < 0.5 ? -1 : 1);
  }
  // Raw values lie in roughly [-k, k]; squash to [0, 1] with a logistic curve.
  return (x, y) => {
    let sum = 0;
    for (let i = 0; i < cx.length; i++) {
      const dx = x - cx[i]!;
      const dy = y - cy[i]!;
      sum += w[i]! * Math.exp(-(dx * dx + dy * dy) / r2[i]!);
    }
    return 1 / (1 + Math.exp(-2.5 * sum));
  };
}
