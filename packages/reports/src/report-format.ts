import { AMBER_BAND, DEFAULT_TARGETS, type AreaSummary, type DistrictReport, type ReportTier } from './report-data.js';

/** Chinese names of the tiers, as the national guideline words them. */
export const TIER_LABELS: Record<ReportTier, string> = { basic: '基本保障类', quality: '品质提升类' };

/** Printed for a missing value (no grade, not evaluated). */
export const MISSING = '—';

/** A share 0..1 as a percentage with one decimal ("83.4%"), or MISSING for null. */
export function formatPercent(share: number | null): string {
  return share === null || !Number.isFinite(share) ? MISSING : `${(share * 100).toFixed(1)}%`;
}

/** An integer count with thousands separators ("12,345"), or MISSING when not finite. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : MISSING;
}

/** The traffic-light band of a coverage share against its tier's target. */
export type CoverageBand = 'red' | 'amber' | 'green';

// Shares are compared with a tolerance far below a printed 0.1 %, so 0.9 − 0.2 still admits 0.7.
const BAND_TOLERANCE = 1e-9;

/** Green at or above the target, amber up to AMBER_BAND below it (inclusive), red below that. */
export function coverageBand(share: number, target: number): CoverageBand {
  if (share >= target - BAND_TOLERANCE) return 'green';
  return share >= target - AMBER_BAND - BAND_TOLERANCE ? 'amber' : 'red';
}

/** Fill colours of the bands (ColorBrewer RdYlGn), as `RRGGBB`. */
export const BAND_COLOURS: Record<CoverageBand, string> = { red: 'F4A582', amber: 'FEE08B', green: 'A6D96A' };

/** The report's targets, or the defaults. */
export function reportTargets(report: DistrictReport): { basic: number; quality: number } {
  return report.targets ?? DEFAULT_TARGETS;
}

/**
 * Unweighted mean coverage share over the tier's evaluated formats, or null
 * when none is evaluated. Each format counts once, so a single well-covered
 * format cannot hide several missing ones.
 */
export function tierMeanCoverage(area: AreaSummary, tier: ReportTier): number | null {
  let sum = 0;
  let count = 0;
  for (const category of area.categories) {
    if (category.tier !== tier || category.coverageShare === null) continue;
    sum += category.coverageShare;
    count++;
  }
  return count === 0 ? null : sum / count;
}

// Three stops of ColorBrewer RdYlGn (red, yellow, green), interpolated in sRGB.
const SCALE_STOPS: readonly (readonly [number, number, number])[] = [
  [215, 48, 39],
  [254, 224, 139],
  [26, 152, 80],
];

/**
 * The map's colour of a coverage 0..1 on a continuous red → yellow → green
 * scale, as `#rrggbb`. Values outside 0..1 (or NaN) are clamped (NaN to 0).
 */
export function coverageColour(coverage: number): string {
  const t = Number.isFinite(coverage) ? Math.min(1, Math.max(0, coverage)) : 0;
  const segment = t < 0.5 ? 0 : 1;
  const local = (t - segment * 0.5) * 2;
  const from = SCALE_STOPS[segment]!;
  const to = SCALE_STOPS[segment + 1]!;
  let hex = '#';
  for (let i = 0; i < 3; i++) {
    const value = Math.round(from[i]! + (to[i]! - from[i]!) * local);
    hex += value.toString(16).padStart(2, '0');
  }
  return hex;
}
