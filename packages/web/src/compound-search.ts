import { api } from './api.js';
import { showError } from './auth.js';
import { field, h, replace } from './dom.js';
import { t } from './i18n.js';
import { geometryBbox, roundCoordinate } from './map.js';
import type { AreaGeometry, LngLat } from './types.js';

/** A compound of `GET /api/map/compounds`: its name and a point to walk from. */
export interface NamedCompound {
  id: number;
  name: string;
  location: LngLat;
}

/** The API answers a bbox of at most 0.2° a side; larger districts are asked in tiles. */
const MAX_SIDE_DEG = 0.2;
/** How many matching compounds the list offers. */
const MAX_MATCHES = 20;

/** Where a compound's walk starts: its point, or the mean of its outline's outer ring. */
function compoundLocation(geometry: { type: string; coordinates: unknown }): LngLat {
  if (geometry.type === 'Point') return geometry.coordinates as LngLat;
  const ring = (geometry.type === 'Polygon' ? geometry.coordinates : (geometry.coordinates as unknown[])[0]) as number[][][];
  const outer = ring[0] ?? [];
  const sum = outer.reduce((total, position) => [total[0]! + position[0]!, total[1]! + position[1]!], [0, 0]);
  return [roundCoordinate(sum[0]! / outer.length), roundCoordinate(sum[1]! / outer.length)];
}

/** All compounds of the districts, named, fetched tile by tile over their boundaries' bounds. */
export async function loadCompounds(): Promise<NamedCompound[]> {
  const { districts } = await api<{ districts: { boundary: AreaGeometry | null }[] }>('GET', '/api/districts');
  const byId = new Map<number, NamedCompound>();
  for (const district of districts) {
    if (district.boundary === null) continue;
    const [west, south, east, north] = geometryBbox(district.boundary);
    for (let lng = west; lng < east; lng += MAX_SIDE_DEG) {
      for (let lat = south; lat < north; lat += MAX_SIDE_DEG) {
        const bbox = [lng, lat, Math.min(east, lng + MAX_SIDE_DEG), Math.min(north, lat + MAX_SIDE_DEG)];
        const answer = await api<GeoJSON.FeatureCollection>(
          'GET',
          `/api/map/compounds?bbox=${bbox.map((value) => value.toFixed(6)).join(',')}`,
        );
        for (const feature of answer.features) {
          const properties = feature.properties as { id: number; name: string | null };
          if (properties.name === null || properties.name === '') continue;
          byId.set(properties.id, {
            id: properties.id,
            name: properties.name,
            location: compoundLocation(feature.geometry as GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon),
          });
        }
      }
    }
  }
  return [...byId.values()];
}

/**
 * "My location" by a compound's name, for people who cannot tap a map: the district's compounds are loaded
 * once, filtered by name in the browser, and a chosen one calls `onPick` with its location.
 */
export function compoundSearch(onPick: (compound: NamedCompound) => void): HTMLElement {
  const input = h('input', { type: 'search', name: 'compound', id: 'compound-name', autocomplete: 'off' });
  const matches = h('ul', { class: 'outlet-list', id: 'compound-matches' });
  let compounds: Promise<NamedCompound[]> | null = null;
  const form = h(
    'form',
    {
      class: 'compound-form',
      id: 'compound-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void find();
      },
    },
    field(t('compoundSearch'), input),
    h('button', { type: 'submit' }, t('searchButton')),
  );

  async function find(): Promise<void> {
    const text = input.value.trim();
    if (text === '') return;
    try {
      compounds ??= loadCompounds();
      // Exact names first, then names containing the text.
      const found = (await compounds)
        .filter((compound) => compound.name.includes(text))
        .sort((a, b) => Number(b.name === text) - Number(a.name === text))
        .slice(0, MAX_MATCHES);
      if (found.length === 0) {
        replace(matches, h('li', { class: 'empty' }, t('noCompound')));
        return;
      }
      replace(
        matches,
        ...found.map((compound) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'outlet-row',
                'data-compound-id': compound.id,
                onclick: () => {
                  replace(matches);
                  onPick(compound);
                },
              },
              compound.name,
            ),
          ),
        ),
      );
    } catch (error) {
      compounds = null;
      showError(matches, error);
    }
  }
  return h('div', { class: 'compound-search' }, form, matches);
}
