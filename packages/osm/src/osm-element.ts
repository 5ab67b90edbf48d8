import type { Tags } from '@lifecircle/engine';

/** One node as a reader hands it over; `tags` is null for untagged nodes. */
export interface OsmNode {
  id: number;
  lng: number;
  lat: number;
  tags: Tags | null;
}

/** One way: node references in order and its tags. */
export interface OsmWay {
  id: number;
  refs: number[];
  tags: Tags;
}

/** A relation member. */
export interface OsmMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

export interface OsmRelation {
  id: number;
  members: OsmMember[];
  tags: Tags;
}

/** What a reader calls for each element, in file order (nodes, then ways, then relations). */
export interface OsmHandler {
  node(node: OsmNode): void;
  way(way: OsmWay): void;
  relation?(relation: OsmRelation): void;
}
