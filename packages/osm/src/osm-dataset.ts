import type { Tags } from '@lifecircle/engine';
import { TagClassifier } from '@lifecircle/engine';
import type { Taxonomy } from '@lifecircle/shared';
import { NodeStore } from './node-store.js';
import type { OsmWay } from './osm-element.js';
import { readOsmFile, type OsmFileFormat } from './read-osm.js';
import { isWalkable } from './walk-filter.js';

/** A tagged node kept for features (outlets, gates, population points). */
export interface TaggedNode {
  index: number;
  tags: Tags;
}

/**
 * What lifecircle keeps of an OSM file: every node's position, the tagged
 * nodes that may matter, and the ways that may matter (walkable, buildings,
 * residential compounds, outlets). Everything else is dropped while reading.
 */
export interface OsmDataset {
  file: string;
  format: OsmFileFormat;
  nodes: NodeStore;
  taggedNodes: TaggedNode[];
  walkWays: OsmWay[];
  buildingWays: OsmWay[];
  compoundWays: OsmWay[];
  outletWays: OsmWay[];
  counts: { nodes: number; ways: number; relations: number };
}

/** True for nodes that mark a gate or entrance (on a compound's outline they become its gates). */
export function isGateNode(tags: Tags): boolean {
  return tags.entrance !== undefined || tags.barrier === 'gate';
}

/**
 * Reads an OSM file into an OsmDataset, keeping what the taxonomy and the
 * network need (and building ways unless `keepBuildings` is false).
 */
export async function loadOsmDataset(file: string, taxonomy: Taxonomy, options = { keepBuildings: true }): Promise<OsmDataset> {
  const classifier = new TagClassifier(taxonomy.categories);
  const nodes = new NodeStore();
  const dataset: Omit<OsmDataset, 'format'> = {
    file,
    nodes,
    taggedNodes: [],
    walkWays: [],
    buildingWays: [],
    compoundWays: [],
    outletWays: [],
    counts: { nodes: 0, ways: 0, relations: 0 },
  };
  const format = await readOsmFile(file, {
    node(node) {
      dataset.counts.nodes++;
      const index = nodes.add(node.id, node.lng, node.lat);
      const tags = node.tags;
      if (tags && (classifier.mayMatch(tags) || isGateNode(tags) || tags.population !== undefined)) {
        dataset.taggedNodes.push({ index, tags });
      }
    },
    way(way) {
      dataset.counts.ways++;
      const tags = way.tags;
      if (isWalkable(tags)) dataset.walkWays.push(way);
      if (options.keepBuildings && tags.building !== undefined && tags.building !== 'no') dataset.buildingWays.push(way);
      if (tags.landuse === 'residential') dataset.compoundWays.push(way);
      if (tags.highway === undefined && classifier.mayMatch(tags)) dataset.outletWays.push(way);
    },
    relation() {
      dataset.counts.relations++;
    },
  });
  return { ...dataset, format };
}
