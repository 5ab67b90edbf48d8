import type { Map as MapLibreMap } from 'maplibre-gl';
import { api } from './api.js';
import { bboxParam, setData } from './map.js';

/**
 * Draws the walkable streets from `/api/map/network` when the server has that endpoint; the map works
 * without it (circles and outlets only), so a missing endpoint is not an error here.
 */
export async function loadNetwork(map: MapLibreMap): Promise<void> {
  try {
    const collection = await api<GeoJSON.FeatureCollection>('GET', `/api/map/network?bbox=${bboxParam(map)}`);
    setData(map, 'network', collection);
  } catch {
    // The endpoint is not there yet (404): streets stay undrawn.
    return;
  }
}
