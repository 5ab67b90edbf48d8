import {
  DEFAULT_POPULATION_RULES,
  extractFeatures,
  extractWalkNetwork,
  loadOsmDataset,
  type Features,
  type PopulationRules,
  type WalkNetwork,
} from '@lifecircle/osm';
import type { Taxonomy } from '@lifecircle/shared';
import type { Origins } from './read-origins-csv.js';

/** A district as read from one OSM file: its walk network and its features. */
export interface District {
  file: string;
  network: WalkNetwork;
  features: Features;
  counts: { nodes: number; ways: number; relations: number };
  readMs: number;
}

/**
 * Reads an OSM file and extracts the network, outlets, compounds and
 * buildings. `withBuildings: false` skips the buildings (when origins come
 * from elsewhere), which saves their memory and time on large files.
 */
export async function loadDistrict(
  file: string,
  taxonomy: Taxonomy,
  rules: PopulationRules = DEFAULT_POPULATION_RULES,
  options: { withBuildings: boolean } = { withBuildings: true },
): Promise<District> {
  const started = performance.now();
  const dataset = await loadOsmDataset(file, taxonomy, { keepBuildings: options.withBuildings });
  const network = extractWalkNetwork(dataset);
  const features = extractFeatures(dataset, taxonomy, rules);
  return { file, network, features, counts: dataset.counts, readMs: performance.now() - started };
}

/** The residential buildings of a district as origins (`w<way id>`), weighted by residents. */
export function buildingOrigins(features: Features): Origins {
  const { buildings } = features;
  return {
    id: buildings.map((b) => `w${b.osmId}`),
    lng: Float64Array.from(buildings, (b) => b.lng),
    lat: Float64Array.from(buildings, (b) => b.lat),
    population: Float64Array.from(buildings, (b) => b.population),
  };
}
