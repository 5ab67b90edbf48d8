/**
 * What the report renderers draw: plain data, filled by the caller (the
 * platform, from the planner's evaluation). Nothing here is computed by the
 * renderers except presentation (colours, percentages, tier means), so the
 * same numbers appear in the XLSX and the PDF.
 *
 * Coordinates are `[lng, lat]` in WGS-84 degrees; shares are fractions in
 * 0..1; labels are Chinese, as the commission reads them.
 */

/** A position as `[lng, lat]` in WGS-84 degrees. */
export type ReportLngLat = readonly [lng: number, lat: number];

/** 基本保障类 (basic) or 品质提升类 (quality), as in the taxonomy. */
export type ReportTier = 'basic' | 'quality';

/** The whole district report: the district's figures and one section per circle. */
export interface DistrictReport {
  /** Title printed on the cover and the summary sheet, e.g. "XX区一刻钟便民生活圈评估报告". */
  title: string;
  districtName: string;
  /** When the evaluation was made (ISO 8601); printed as given. */
  generatedAt: string;
  /** The population profile the coverage refers to, e.g. "全体居民" or "老年人（步速 0.9 m/s）". */
  profileLabel: string;
  /** The time the outlets were taken as open, e.g. "工作日 08:00". */
  timeLabel: string;
  /** Attribution lines of the map and outlet data, e.g. "© OpenStreetMap contributors"; shown on every page and on the sources sheet. */
  attribution: string[];
  /**
   * The coverage share each tier should reach: the dashed target line of the
   * charts, and the green band of the colour scale (amber is up to
   * AMBER_BAND below it, red below that). Defaults to DEFAULT_TARGETS.
   */
  targets?: CoverageTargets;
  district: AreaSummary;
  circles: CircleReport[];
}

/** Coverage share (0..1) a format of each tier should reach. */
export interface CoverageTargets {
  basic: number;
  quality: number;
}

/** Used when a report gives no targets: every resident within reach of basic formats, most of quality ones. */
export const DEFAULT_TARGETS: CoverageTargets = { basic: 0.9, quality: 0.7 };

/** How far (in share) below the target a coverage is amber rather than red. */
export const AMBER_BAND = 0.2;

/** One business format's (业态) figures in an area. */
export interface CategoryFigures {
  /** Taxonomy id, e.g. "convenience_store". */
  id: string;
  /** Chinese name, e.g. "便利店". */
  nameZh: string;
  tier: ReportTier;
  /** Target walking minutes of the format (5, 10 or 15), or null when not judged by walking time. */
  targetMinutes: number | null;
  /** Share (0..1) of the area's residents within the target walk, or null when not evaluated. */
  coverageShare: number | null;
  /** Share (0..1) of the area's residents aged 60+ within the target walk, or null. */
  elderlyCoverageShare: number | null;
  /** Outlets per 10 000 residents. */
  outletsPer10k: number;
  numOutlets: number;
}

/** The portrait (画像) of an area: a district or one circle. */
export interface AreaSummary {
  name: string;
  residents: number;
  households: number;
  /** Share (0..1) of residents aged 60 or more. */
  share60plus: number;
  /** Share (0..1) of residents aged 0–14. */
  share0to14: number;
  /** 基础型 / 提升型 / 品质型, or null when not graded. */
  grade: string | null;
  /** Why the area has its grade (or misses the next one), one sentence each. */
  gradeReasons: string[];
  /** Formats in taxonomy order; the renderers keep this order within each tier. */
  categories: CategoryFigures[];
}

/** A format an area lacks: who is beyond the target walk. */
export interface Shortfall {
  categoryId: string;
  nameZh: string;
  uncoveredResidents: number;
  uncoveredElderly: number;
  /** Names of the compounds (小区) most affected, most residents first. */
  compounds: string[];
}

/** A residential compound (小区) on the map, coloured by its coverage. */
export interface MapCompound {
  name: string;
  /** Outer ring, closed or not; null draws a small square at `point`. */
  ring: ReportLngLat[] | null;
  point: ReportLngLat;
  /** 0..1: the share of formats (or residents) covered, coloured red → green. */
  coverage: number;
}

/** An outlet (网点) on the map. */
export interface MapOutlet {
  point: ReportLngLat;
  categoryId: string;
  name: string;
}

/** What the circle's map shows. */
export interface CircleMap {
  /** Boundary rings of the circle (outer rings of its polygons), or null when it has none. */
  boundary: ReportLngLat[][] | null;
  compounds: MapCompound[];
  outlets: MapOutlet[];
  /** Street centre lines as polylines, drawn thin and grey for orientation. */
  streets?: ReportLngLat[][];
}

/** The circle's type by its population, as the planner labels it. */
export type CircleType = '老年型' | '青少年型' | '均衡型';

/** One living circle's section. */
export interface CircleReport extends AreaSummary {
  /** The store's id of the circle (compared as text). */
  id: string | number;
  type: CircleType;
  /** Chinese names of the best-covered formats. */
  strongest: string[];
  /** Chinese names of the worst-covered formats. */
  weakest: string[];
  shortfalls: Shortfall[];
  map: CircleMap;
}
