import Flatbush from 'flatbush';
import { TagClassifier, type Tags } from '@lifecircle/engine';
import { parseDecimal, type Taxonomy } from '@lifecircle/shared';
import { isGateNode, type OsmDataset } from './osm-dataset.js';
import type { OsmWay } from './osm-element.js';
import { pointInRing, ringAreaCentroid } from './ring-geometry.js';

/** An outlet of one or more taxonomy categories. */
export interface Outlet {
  osmType: 'node' | 'way';
  osmId: number;
  lng: number;
  lat: number;
  name: string;
  /** Ids of the taxonomy categories it belongs to. */
  categoryIds: string[];
  openingHours: string | null;
  /** `phone` or `contact:phone`. */
  phone: string | null;
  /** `addr:full`, or `addr:street` with `addr:housenumber`. */
  address: string | null;
  /** Services offered, from `service:*=yes` tags, in Chinese where known (see SERVICE_NAMES). */
  services: string[];
}

/** Chinese names of the `service:*` keys small-repair and convenience outlets carry. */
export const SERVICE_NAMES: Readonly<Record<string, string>> = {
  key_cutting: '配钥匙',
  shoe_repair: '修鞋',
  umbrella_repair: '修伞',
  knife_sharpening: '磨刀',
  clothes_alteration: '改衣',
  watch_repair: '修表',
  parcel_pickup: '代收代发',
  copy: '打印复印',
  phone_repair: '手机维修',
  bicycle_repair: '修自行车',
};

function outletDetails(tags: Tags): Pick<Outlet, 'openingHours' | 'phone' | 'address' | 'services'> {
  const services: string[] = [];
  for (const key in tags) {
    if (!key.startsWith('service:') || tags[key] !== 'yes') continue;
    const service = key.slice('service:'.length);
    services.push(SERVICE_NAMES[service] ?? service);
  }
  const street = tags['addr:street'];
  const address = tags['addr:full'] ?? (street ? `${street}${tags['addr:housenumber'] ?? ''}` : null);
  return { openingHours: tags.opening_hours ?? null, phone: tags.phone ?? tags['contact:phone'] ?? null, address, services };
}

/** A residential compound (小区): a landuse=residential outline and the gates on it. */
export interface Compound {
  osmId: number;
  name: string;
  ringLng: Float64Array;
  ringLat: Float64Array;
  areaM2: number;
  gateOsmIds: number[];
  gateLng: number[];
  gateLat: number[];
}

/** Residents by age band, from `population:age_*` tags (see docs/osm-tags.md). */
export interface AgeBands {
  age0to14: number;
  age15to59: number;
  age60plus: number;
}

/** A residential building, the default origin of an access run. */
export interface Building {
  osmId: number;
  lng: number;
  lat: number;
  footprintM2: number;
  levels: number;
  population: number;
  /** True when population was estimated from footprint × levels, not tagged. */
  isEstimated: boolean;
  ages: AgeBands | null;
  households: number | null;
  /** Index into compounds, or -1. */
  compound: number;
}

/** How residents are estimated for buildings without a population tag. */
export interface PopulationRules {
  /** Residents per square metre of floor area (footprint × levels). Default 0.025 (40 m² a person). */
  personsPerM2: number;
  /** Levels assumed when `building:levels` is missing. */
  defaultLevels: number;
}

export const DEFAULT_POPULATION_RULES: PopulationRules = { personsPerM2: 0.025, defaultLevels: 3 };

const RESIDENTIAL_BUILDINGS = new Set([
  'residential',
  'apartments',
  'house',
  'detached',
  'semidetached_house',
  'terrace',
  'dormitory',
  'bungalow',
  'flats',
]);
/** Building values that count as residential when inside a residential compound. */
const GENERIC_BUILDINGS = new Set(['yes']);

export interface Features {
  outlets: Outlet[];
  compounds: Compound[];
  buildings: Building[];
}

/** Extracts outlets, compounds with their gates, and residential buildings. */
export function extractFeatures(
  dataset: OsmDataset,
  taxonomy: Taxonomy,
  rules: PopulationRules = DEFAULT_POPULATION_RULES,
): Features {
  const { nodes } = dataset;
  const classifier = new TagClassifier(taxonomy.categories);
  const matched: number[] = [];
  const outlets: Outlet[] = [];
  const name = (tags: Tags) => tags['name:zh'] ?? tags.name ?? '';
  for (const { index, tags } of dataset.taggedNodes) {
    if (classifier.classify(tags, matched) === 0) continue;
    outlets.push({
      osmType: 'node',
      osmId: nodes.id(index),
      lng: nodes.lng(index),
      lat: nodes.lat(index),
      name: name(tags),
      categoryIds: matched.map((c) => taxonomy.categories[c]!.id),
      ...outletDetails(tags),
    });
  }
  for (const way of dataset.outletWays) {
    if (classifier.classify(way.tags, matched) === 0) continue;
    const ring = wayCoordinates(dataset, way);
    if (!ring) continue;
    const centre = ringAreaCentroid(ring.lng, ring.lat);
    outlets.push({
      osmType: 'way',
      osmId: way.id,
      lng: centre.lng,
      lat: centre.lat,
      name: name(way.tags),
      categoryIds: matched.map((c) => taxonomy.categories[c]!.id),
      ...outletDetails(way.tags),
    });
  }

  const gateById = new Map<number, number>();
  for (const { index, tags } of dataset.taggedNodes) if (isGateNode(tags)) gateById.set(nodes.id(index), index);
  const compounds: Compound[] = [];
  for (const way of dataset.compoundWays) {
    const ring = wayCoordinates(dataset, way);
    if (!ring || ring.lng.length < 3 || way.refs[0] !== way.refs[way.refs.length - 1]) continue;
    const gateOsmIds: number[] = [];
    const gateLng: number[] = [];
    const gateLat: number[] = [];
    for (const ref of new Set(way.refs)) {
      const gate = gateById.get(ref);
      if (gate === undefined) continue;
      gateOsmIds.push(ref);
      gateLng.push(nodes.lng(gate));
      gateLat.push(nodes.lat(gate));
    }
    compounds.push({
      osmId: way.id,
      name: name(way.tags),
      ringLng: ring.lng,
      ringLat: ring.lat,
      areaM2: ringAreaCentroid(ring.lng, ring.lat).areaM2,
      gateOsmIds,
      gateLng,
      gateLat,
    });
  }
  const locator = new CompoundLocator(compounds);

  const buildings: Building[] = [];
  for (const way of dataset.buildingWays) {
    const tags = way.tags;
    const ring = wayCoordinates(dataset, way);
    if (!ring) continue;
    const shape = ringAreaCentroid(ring.lng, ring.lat);
    const compound = locator.locate(shape.lng, shape.lat);
    const taggedPopulation = parseCount(tags.population);
    const isResidential =
      RESIDENTIAL_BUILDINGS.has(tags.building!) ||
      taggedPopulation !== null ||
      (GENERIC_BUILDINGS.has(tags.building!) && compound >= 0);
    if (!isResidential) continue;
    const levels = parsePositive(tags['building:levels'], MAX_LEVELS) ?? rules.defaultLevels;
    const estimated = Math.round(shape.areaM2 * levels * rules.personsPerM2);
    const ages = parseAges(tags);
    buildings.push({
      osmId: way.id,
      lng: shape.lng,
      lat: shape.lat,
      footprintM2: shape.areaM2,
      levels,
      population: taggedPopulation ?? estimated,
      isEstimated: taggedPopulation === null,
      ages,
      households: parseCount(tags['lifecircle:households']),
      compound,
    });
  }
  return { outlets, compounds, buildings };
}

/** Finds the compound containing a point (the smallest, where outlines nest). */
export class CompoundLocator {
  private readonly tree: Flatbush | null;
  private readonly compounds: readonly Compound[];

  constructor(compounds: readonly Compound[]) {
    this.compounds = compounds;
    if (compounds.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(compounds.length);
    for (const c of compounds) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let i = 0; i < c.ringLng.length; i++) {
        minX = Math.min(minX, c.ringLng[i]!);
        maxX = Math.max(maxX, c.ringLng[i]!);
        minY = Math.min(minY, c.ringLat[i]!);
        maxY = Math.max(maxY, c.ringLat[i]!);
      }
      this.tree.add(minX, minY, maxX, maxY);
    }
    this.tree.finish();
  }

  locate(lng: number, lat: number): number {
    if (!this.tree) return -1;
    let best = -1;
    for (const c of this.tree.search(lng, lat, lng, lat)) {
      const compound = this.compounds[c]!;
      if (!pointInRing(lng, lat, compound.ringLng, compound.ringLat)) continue;
      if (best < 0 || compound.areaM2 < this.compounds[best]!.areaM2) best = c;
    }
    return best;
  }
}

function wayCoordinates(dataset: OsmDataset, way: OsmWay): { lng: Float64Array; lat: Float64Array } | null {
  const lng: number[] = [];
  const lat: number[] = [];
  for (const ref of way.refs) {
    const index = dataset.nodes.indexOf(ref);
    if (index < 0) continue; // clipped: use what the file holds
    lng.push(dataset.nodes.lng(index));
    lat.push(dataset.nodes.lat(index));
  }
  if (lng.length === 0) return null;
  // Drop the closing vertex of a closed ring: ringAreaCentroid closes rings itself.
  if (lng.length > 1 && lng[0] === lng[lng.length - 1] && lat[0] === lat[lat.length - 1]) {
    lng.pop();
    lat.pop();
  }
  return { lng: Float64Array.from(lng), lat: Float64Array.from(lat) };
}

/**
 * Tag values past these are noise, ignored like unreadable ones: the tallest
 * buildings have about 160 levels, and no building houses a million people.
 * Unchecked, `building:levels=1e308` made a compound of Infinity residents.
 */
const MAX_LEVELS = 200;
const MAX_TAGGED_COUNT = 1_000_000;

function parsePositive(value: string | undefined, max: number): number | null {
  if (value === undefined) return null;
  const n = parseDecimal(value);
  return Number.isFinite(n) && n > 0 && n <= max ? n : null;
}

function parseCount(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = parseDecimal(value.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 && n <= MAX_TAGGED_COUNT ? Math.round(n) : null;
}

function parseAges(tags: Tags): AgeBands | null {
  const young = parseCount(tags['population:age_0_14']);
  const middle = parseCount(tags['population:age_15_59']);
  const old = parseCount(tags['population:age_60_plus']);
  if (young === null && middle === null && old === null) return null;
  return { age0to14: young ?? 0, age15to59: middle ?? 0, age60plus: old ?? 0 };
}
