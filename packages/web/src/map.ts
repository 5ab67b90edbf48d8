import maplibregl, {
  type GeoJSONSource,
  type LayerSpecification,
  type Map as MapLibreMap,
  type SourceSpecification,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { boundsFromDisplay, featureCollectionToDisplay, fromDisplay, toDisplay, type DisplayCrs } from './core/display-crs.js';
import type { Basemap, Circle, LngLat, PublicOutlet } from './types.js';

/** The demo district's middle, used until the data says otherwise. */
export const DEFAULT_CENTER: LngLat = [121.399, 31.248];

/** Colours of the outlet formats people look for most; the rest are grey. */
export const CATEGORY_COLORS: Record<string, string> = {
  breakfast: '#e6550d',
  convenience_store: '#3182bd',
  wet_market: '#31a354',
  fresh_grocery: '#74c476',
  repair_point: '#756bb1',
  pharmacy: '#de2d26',
  community_canteen: '#fd8d3c',
  elderly_care: '#9e9ac8',
  community_health: '#a50f15',
  comprehensive_supermarket: '#08519c',
  postal_express: '#636363',
};

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The deployment's optional online basemap (GET /api/config), set once before any map is made. */
let basemap: Basemap | null = null;

/** Sets the basemap every map draws under our data; null: our own data only, and no request leaves the server. */
export function configureBasemap(config: Basemap | null): void {
  basemap = config;
}

/** The coordinate system maps are drawn in: the basemap's, WGS-84 without one. */
function displayCrs(): DisplayCrs {
  return basemap?.crs ?? 'wgs84';
}

/** Escapes text for MapLibre's attribution control, which inserts it as HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The basemap's raster source and layer (drawn above the background, under everything of ours). */
function basemapStyle(): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  if (basemap === null) return { sources: {}, layers: [] };
  return {
    sources: {
      basemap: {
        type: 'raster',
        tiles: basemap.tiles,
        tileSize: 256,
        maxzoom: basemap.maxZoom,
        attribution: escapeHtml(basemap.attribution),
      },
    },
    layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }],
  };
}

/**
 * A style with no external URL: a background and our own GeoJSON sources only. Names are shown in
 * HTML, never as symbol layers, because symbols need glyph files from a server (and Chinese ones are large).
 */
function builtInStyle(attribution: string): StyleSpecification {
  const online = basemapStyle();
  // Over a basemap, compounds are tinted lightly so its streets and labels show through.
  const compoundOpacity = basemap === null ? 1 : 0.45;
  return {
    version: 8,
    sources: {
      ...online.sources,
      circles: { type: 'geojson', data: EMPTY, attribution: escapeHtml(attribution) },
      network: { type: 'geojson', data: EMPTY },
      compounds: { type: 'geojson', data: EMPTY },
      outlets: { type: 'geojson', data: EMPTY },
      marks: { type: 'geojson', data: EMPTY },
      shortfalls: { type: 'geojson', data: EMPTY },
      proposed: { type: 'geojson', data: EMPTY },
      route: { type: 'geojson', data: EMPTY },
      surface: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
      ...online.layers,
      {
        id: 'compounds',
        type: 'fill',
        source: 'compounds',
        paint: { 'fill-color': '#ddd5c6', 'fill-outline-color': '#b8ab92', 'fill-opacity': compoundOpacity },
      },
      {
        id: 'network',
        type: 'line',
        source: 'network',
        minzoom: 13.5,
        paint: { 'line-color': '#8c8c8c', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 16, 2.5] },
      },
      {
        // Walking minutes of each compound to the nearest outlet of a format: green within 5, red beyond 15, grey unreachable.
        id: 'surface',
        type: 'fill',
        source: 'surface',
        paint: {
          'fill-color': [
            'case',
            ['==', ['get', 'minutes'], null],
            '#969696',
            ['step', ['get', 'minutes'], '#1a9850', 5, '#91cf60', 10, '#fee08b', 15, '#d73027'],
          ],
          'fill-opacity': 0.85,
          'fill-outline-color': '#4d4d4d',
        },
      },
      {
        id: 'circles-fill',
        type: 'fill',
        source: 'circles',
        paint: { 'fill-color': ['coalesce', ['get', 'color'], '#c6dbef'], 'fill-opacity': 0.35 },
      },
      { id: 'circles-line', type: 'line', source: 'circles', paint: { 'line-color': '#4a6fa5', 'line-width': 1.5 } },
      {
        id: 'shortfalls',
        type: 'fill',
        source: 'shortfalls',
        paint: { 'fill-color': '#b2182b', 'fill-opacity': 0.6, 'fill-outline-color': '#67001f' },
      },
      {
        id: 'proposed',
        type: 'line',
        source: 'proposed',
        paint: { 'line-color': '#6a3d9a', 'line-width': 2.5, 'line-dasharray': [3, 2] },
      },
      {
        id: 'route',
        type: 'line',
        source: 'route',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#08519c', 'line-width': 5, 'line-opacity': 0.85 },
      },
      {
        id: 'outlets',
        type: 'circle',
        source: 'outlets',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 3, 16, 7],
          'circle-color': ['coalesce', ['get', 'color'], '#888888'],
          // What-if outlets (added or moved) are ringed in purple; removed ones fade.
          'circle-stroke-color': ['match', ['get', 'state'], ['added', 'moved'], '#6a3d9a', '#ffffff'],
          'circle-stroke-width': ['match', ['get', 'state'], ['added', 'moved'], 3, 1],
          'circle-opacity': ['match', ['get', 'state'], 'removed', 0.5, 1],
        },
      },
      {
        id: 'marks',
        type: 'circle',
        source: 'marks',
        paint: {
          'circle-radius': 9,
          'circle-color': ['coalesce', ['get', 'color'], '#111111'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      },
    ],
  };
}

/**
 * Creates a map in a container; the drawing buffer is kept so tests (and screenshots) can read the pixels.
 * The container's `data-center` (lng,lat as drawn) and `data-zoom` follow the view, for tests that aim at a
 * position on screen.
 */
export function createMap(container: HTMLElement, attribution: string, zoom = 13): MapLibreMap {
  const map = new maplibregl.Map({
    container,
    style: builtInStyle(attribution),
    center: toDisplay(DEFAULT_CENTER, displayCrs()),
    zoom,
    attributionControl: { compact: false },
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  const recordView = () => {
    const center = map.getCenter();
    container.dataset.center = `${center.lng},${center.lat}`;
    container.dataset.zoom = String(map.getZoom());
  };
  map.on('moveend', recordView);
  map.once('load', () => {
    recordView();
    loadedMaps.add(map);
  });
  map.once('remove', () => loadedMaps.delete(map));
  return map;
}

/** Centres the map on a WGS-84 position (drawn where the basemap has it), zooming in to at least `minZoom`. */
export function centerOn(map: MapLibreMap, location: LngLat, minZoom?: number): void {
  map.easeTo({
    center: toDisplay(location, displayCrs()),
    ...(minZoom === undefined ? {} : { zoom: Math.max(map.getZoom(), minZoom) }),
  });
}

/** Where a WGS-84 position is drawn on the map (for HTML markers). */
export function displayPosition(location: LngLat): LngLat {
  return toDisplay(location, displayCrs());
}

/** The WGS-84 position of a point on the map (a tap, a drag's end), rounded to the API's precision. */
export function pickedLocation(lngLat: { lng: number; lat: number }): LngLat {
  const [lng, lat] = fromDisplay([lngLat.lng, lngLat.lat], displayCrs());
  return [roundCoordinate(lng), roundCoordinate(lat)];
}

/**
 * Keyboard picking on a map: its canvas is named `label` (how to use it), the arrow keys pan it (MapLibre), and
 * Enter picks the WGS-84 position at its middle, which the focused map marks with a crosshair (style.css).
 */
export function pickWithEnter(map: MapLibreMap, label: string, onPick: (location: LngLat) => void): void {
  const canvas = map.getCanvas();
  canvas.setAttribute('aria-label', label);
  canvas.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    onPick(pickedLocation(map.getCenter()));
  });
}

/** Maps whose first 'load' event has fired. */
const loadedMaps = new WeakSet<MapLibreMap>();

/**
 * Runs `callback` once the map has loaded (at once if it has). Not `isStyleLoaded()`: that is false again
 * while any GeoJSON source is updating, and 'load' fires only once, so a callback could wait forever.
 */
export function whenLoaded(map: MapLibreMap, callback: () => void): void {
  if (loadedMaps.has(map)) callback();
  else map.once('load', callback);
}

/** Sets the data of one of the built-in GeoJSON sources. */
export function setData(
  map: MapLibreMap,
  source: 'circles' | 'network' | 'compounds' | 'outlets' | 'marks' | 'shortfalls' | 'proposed' | 'route' | 'surface',
  data: GeoJSON.FeatureCollection,
): void {
  // Drawn in the basemap's coordinate system; the caller keeps its WGS-84 copy for the API.
  const drawn = featureCollectionToDisplay(data, displayCrs());
  // An answer may arrive after the page (and its map) has gone: then there is nothing to draw.
  whenLoaded(map, () => loadedMaps.has(map) && (map.getSource(source) as GeoJSONSource).setData(drawn));
}

/** Circles as polygons, with an optional colour per circle id. */
export function circlesToGeoJson(circles: Circle[], colorOf: (circle: Circle) => string | undefined = () => undefined) {
  const features: GeoJSON.Feature[] = [];
  for (const circle of circles) {
    if (circle.boundary === null) continue;
    features.push({
      type: 'Feature',
      id: circle.id,
      properties: { id: circle.id, name: circle.name, color: colorOf(circle) ?? null },
      geometry: circle.boundary as unknown as GeoJSON.Geometry,
    });
  }
  return { type: 'FeatureCollection', features } satisfies GeoJSON.FeatureCollection;
}

/** Outlets as points coloured by their first format. */
export function outletsToGeoJson(outlets: PublicOutlet[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: outlets.map((outlet) => ({
      type: 'Feature',
      id: outlet.id,
      properties: { id: outlet.id, color: CATEGORY_COLORS[outlet.categoryIds[0] ?? ''] ?? null },
      geometry: { type: 'Point', coordinates: outlet.location },
    })),
  };
}

/** One or more marked points (my location, a picked position). */
export function pointsToGeoJson(points: { location: LngLat; color?: string }[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((point) => ({
      type: 'Feature',
      properties: { color: point.color ?? null },
      geometry: { type: 'Point', coordinates: point.location },
    })),
  };
}

/** The bounds of a polygon or multipolygon, `[minLng, minLat, maxLng, maxLat]`. */
export function geometryBbox(geometry: { coordinates: unknown[] }): [number, number, number, number] {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as number[];
      bbox[0] = Math.min(bbox[0], lng!);
      bbox[1] = Math.min(bbox[1], lat!);
      bbox[2] = Math.max(bbox[2], lng!);
      bbox[3] = Math.max(bbox[3], lat!);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  visit(geometry.coordinates);
  return bbox;
}

/** The visible area as the API's `bbox` parameter (WGS-84, whatever the map is drawn in). */
export function bboxParam(map: MapLibreMap): string {
  const bounds = map.getBounds();
  return boundsFromDisplay([bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()], displayCrs())
    .map((value) => value.toFixed(5))
    .join(',');
}

/** Rounds a coordinate to 6 decimals (about 0.1 m), the precision the app sends to the API. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
