import maplibregl, { type Map as MapLibreMap, type Marker } from 'maplibre-gl';
import { followBaseLayers } from './base-layers.js';
import { field, h } from './dom.js';
import { t } from './i18n.js';
import { centerOn, createMap, displayPosition, pickedLocation, pickWithEnter, whenLoaded } from './map.js';
import type { LngLat } from './types.js';

/** Zoom the picker shows a listing's position at: a metre is about two pixels, so a drag can be exact. */
const EDIT_ZOOM = 17;
/** Pixels an arrow key moves the focused marker (Shift: fine steps). */
const KEY_STEP_PX = 5;
const FINE_STEP_PX = 1;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** A form's outlet position: a map with a draggable marker, and the WGS-84 coordinates as fields. */
export interface LocationPicker {
  /** The hint, the map and the coordinate fields. */
  element: HTMLElement;
  /** Draws the map: call once the element is in the document (MapLibre measures its container). */
  mount(): void;
  /** The position chosen (typed or picked), or null while there is none. */
  value(): LngLat | null;
  /** Puts the marker on a position and shows it closely (a listing being edited); null clears the pick. */
  set(location: LngLat | null): void;
  dispose(): void;
}

/**
 * The position picker of the merchant's form. A tap on the map puts the marker there; the marker drags; when
 * focused, arrow keys nudge it and Enter on the focused map puts it at the map's middle; the coordinates can
 * be typed too (they are the value, in WGS-84, whatever system the map is drawn in).
 */
export function locationPicker(attribution: string): LocationPicker {
  const lng = h('input', { name: 'lng', type: 'number', step: 'any', min: -180, max: 180, required: true });
  const lat = h('input', { name: 'lat', type: 'number', step: 'any', min: -90, max: 90, required: true });
  const mapElement = h('div', { class: 'map picker', id: 'picker-map', role: 'region', 'aria-label': t('pickLocation') });
  const markerElement = h('div', {
    class: 'picker-marker',
    id: 'picker-marker',
    tabindex: 0,
    role: 'button',
    'aria-label': t('pickerMarker'),
  });
  const element = h(
    'div',
    { class: 'location-picker' },
    h('p', {}, t('pickLocation')),
    mapElement,
    h('div', { class: 'coords' }, field(t('lng'), lng), field(t('lat'), lat)),
  );
  let map: MapLibreMap | null = null;
  let marker: Marker | null = null;

  const value = (): LngLat | null => {
    const point: LngLat = [Number(lng.value), Number(lat.value)];
    return lng.value !== '' && lat.value !== '' && point.every(Number.isFinite) ? point : null;
  };

  /** Draws the marker at the current value (or hides it). */
  function drawMarker(): void {
    const point = value();
    if (map === null) return;
    if (point === null) {
      marker?.remove();
      marker = null;
      return;
    }
    if (marker === null) {
      const created = new maplibregl.Marker({ element: markerElement, draggable: true, anchor: 'center' });
      created.on('dragend', () => fill(pickedLocation(created.getLngLat())));
      marker = created.setLngLat(displayPosition(point)).addTo(map);
    } else marker.setLngLat(displayPosition(point));
  }

  /** A position picked on the map: into the fields, and the marker there. */
  function fill(point: LngLat): void {
    lng.value = String(point[0]);
    lat.value = String(point[1]);
    drawMarker();
  }

  markerElement.addEventListener('keydown', (event: KeyboardEvent) => {
    const direction = ARROWS[event.key];
    if (direction === undefined || map === null || marker === null) return;
    // The map's own keyboard handler would pan instead.
    event.preventDefault();
    event.stopPropagation();
    const step = event.shiftKey ? FINE_STEP_PX : KEY_STEP_PX;
    const at = map.project(marker.getLngLat());
    const moved = map.unproject([at.x + direction[0] * step, at.y + direction[1] * step]);
    fill(pickedLocation(moved));
    if (!map.getBounds().contains(marker.getLngLat())) map.panTo(marker.getLngLat());
  });
  lng.addEventListener('change', drawMarker);
  lat.addEventListener('change', drawMarker);

  return {
    element,
    mount() {
      const created = createMap(mapElement, attribution, 14);
      map = created;
      pickWithEnter(created, t('pickerKeyboard'), fill);
      whenLoaded(created, () => {
        followBaseLayers(created);
        created.on('click', (event) => {
          // A click on the marker reaches the map too; the marker stays where it is.
          if (markerElement.contains(event.originalEvent.target as Node)) return;
          fill(pickedLocation(event.lngLat));
        });
      });
      drawMarker();
    },
    value,
    set(location) {
      lng.value = location === null ? '' : String(location[0]);
      lat.value = location === null ? '' : String(location[1]);
      drawMarker();
      if (location !== null && map !== null) centerOn(map, location, EDIT_ZOOM);
    },
    dispose() {
      marker?.remove();
      map?.remove();
    },
  };
}
