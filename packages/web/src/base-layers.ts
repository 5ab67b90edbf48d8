import type { Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, api } from './api.js';
import { bboxParam, setData } from './map.js';

/** The API answers at most 0.2° on a side; beyond that (zoomed far out) the base layers stay as they are. */
const MAX_SIDE_DEG = 0.2;
/**
 * Zoom from which streets are fetched: a whole district view holds ~15,000 street edges (2 MB), too much for a
 * phone to parse on every move, and at that scale the compounds show the street grid anyway.
 */
const NETWORK_MIN_ZOOM = 14;

async function load(map: MapLibreMap, path: 'network' | 'compounds'): Promise<void> {
  try {
    const collection = await api<GeoJSON.FeatureCollection>('GET', `/api/map/${path}?bbox=${bboxParam(map)}`);
    setData(map, path, collection);
  } catch (error) {
    // An older server without the map endpoints (404): the map works without streets and compounds.
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}

/**
 * Draws walkable streets and compound outlines from `/api/map/network` and `/api/map/compounds` for the
 * visible area, and again after each move.
 */
export function followBaseLayers(map: MapLibreMap): void {
  const refresh = () => {
    const bounds = map.getBounds();
    if (bounds.getEast() - bounds.getWest() > MAX_SIDE_DEG || bounds.getNorth() - bounds.getSouth() > MAX_SIDE_DEG) return;
    void load(map, 'compounds');
    if (map.getZoom() >= NETWORK_MIN_ZOOM) void load(map, 'network');
  };
  refresh();
  map.on('moveend', refresh);
}
