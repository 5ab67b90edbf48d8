import type { Tags } from '@lifecircle/engine';

/**
 * OSMnx's "walk" network filter (osmnx/_overpass.py, network_type="walk"):
 * `["highway"]["area"!~"yes"]["highway"!~"abandoned|bus_guideway|construction|
 * cycleway|motor|planned|platform|proposed|raceway|razed"]["foot"!~"no"]
 * ["service"!~"private"]` plus `["access"!~"private"]`. Overpass's `!~` is a
 * regular-expression search, so values are tested for containment exactly as
 * OSMnx does (highway=motorway_link is excluded by "motor").
 */
const EXCLUDED_HIGHWAY = /abandoned|bus_guideway|construction|cycleway|motor|planned|platform|proposed|raceway|razed/;

/** True when a way with these tags belongs to the walk network. */
export function isWalkable(tags: Tags): boolean {
  const highway = tags.highway;
  if (highway === undefined) return false;
  if (EXCLUDED_HIGHWAY.test(highway)) return false;
  if (tags.area !== undefined && tags.area.includes('yes')) return false;
  if (tags.access !== undefined && tags.access.includes('private')) return false;
  if (tags.foot !== undefined && tags.foot.includes('no')) return false;
  if (tags.service !== undefined && tags.service.includes('private')) return false;
  return true;
}
