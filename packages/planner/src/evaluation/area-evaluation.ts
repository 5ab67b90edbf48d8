import type { Grade } from './grading-rules.js';

/** One category's coverage in one area (district, street or circle). */
export interface CategoryCoverage {
  categoryId: string;
  /** Target walking minutes used (default, or strict when asked and stated). */
  targetMinutes: number;
  coveredResidents: number;
  uncoveredResidents: number;
  /** coveredResidents / residents; NaN with no residents. */
  share: number;
  coveredElderly: number;
  uncoveredElderly: number;
  /** Share of the 60+ residents covered; NaN with none. */
  elderlyShare: number;
  /** Outlets of the category located in the area (the whole stock, whatever the time of day). */
  numOutletsInside: number;
  /** numOutletsInside per 10,000 residents; NaN with no residents. */
  outletsPer10k: number;
  /** share ≥ rules.presenceShare (for formats whose walk is not evaluated: an outlet inside). */
  isPresent: boolean;
}

/** Why an area did not reach the next grade: the gate that failed. */
export interface GradeReason {
  grade: Exclude<Grade, '未达标'>;
  gate: 'basicShare' | 'qualityShare' | 'group' | 'mustHave';
  /** The group or category that is missing, or the share reached. */
  detail: string;
}

/** Everything evaluate() says about one area. */
export interface AreaEvaluation {
  kind: 'district' | 'street' | 'circle';
  /** Store id of the street or circle; null for the district. */
  id: number | null;
  name: string;
  residents: number;
  households: number;
  /** Residents aged 60+ and 0–14. */
  elderly: number;
  youth: number;
  /** Walk-evaluated categories, in taxonomy order. */
  categories: CategoryCoverage[];
  /** Category ids present (every category, walk-evaluated or not). */
  formatsPresent: string[];
  /** Shares (0–1) of walk-evaluated basic and quality formats present. */
  basicShare: number;
  qualityShare: number;
  groupsMet: string[];
  grade: Grade;
  /** Gates of the first grade not reached (empty when the top grade is reached). */
  gradeReasons: GradeReason[];
  /** Distinct categories with an outlet in the area. */
  numFormats: number;
  /** Shannon index −Σ p ln p over outlet counts by category inside the area (0 with one or no format). */
  diversity: number;
}
