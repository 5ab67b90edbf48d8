import { api } from './api.js';
import { showError } from './auth.js';
import { followBaseLayers } from './base-layers.js';
import { field, h, replace } from './dom.js';
import { categoryName, t, type StringKey } from './i18n.js';
import type { HoursEditor } from './opening-hours-editor.js';
import { createMap, pickedLocation, pointsToGeoJson, setData, whenLoaded } from './map.js';
import type { Category, LngLat, Outlet } from './types.js';

/** The merchant's page: own outlets with their review status, and the form that puts a new one on the map (进图). */
export function renderMerchant(root: HTMLElement, categories: Category[], attribution: string): () => void {
  const list = h('ul', { class: 'outlet-list', id: 'my-outlets', 'aria-live': 'polite' });
  const message = h('p', { class: 'status', role: 'status' });
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const address = h('input', { name: 'address', maxlength: 200 });
  // The hours editor brings the opening_hours library (every country's holidays): loaded for merchants only.
  const hoursSlot = h('div', { class: 'hours-slot' }, t('loading'));
  let hours: HoursEditor | null = null;
  void import('./opening-hours-editor.js').then(({ openingHoursEditor }) => {
    hours = openingHoursEditor();
    replace(hoursSlot, hours.element);
  });
  const services = h('input', { name: 'services' });
  const phone = h('input', { name: 'phone', type: 'tel', pattern: '[0-9+\\- ]{3,20}' });
  // Filled by a tap on the map; typing coordinates (WGS-84) is allowed too and moves the mark.
  const lng = h('input', { name: 'lng', type: 'number', step: 'any', min: -180, max: 180, required: true });
  const lat = h('input', { name: 'lat', type: 'number', step: 'any', min: -90, max: 90, required: true });
  const categoryBoxes = h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, t('categories')),
    ...categories.map((category) =>
      h('label', {}, h('input', { type: 'checkbox', name: 'category', value: category.id }), categoryName(category)),
    ),
  );
  const mapElement = h('div', { class: 'map picker', id: 'picker-map', role: 'region', 'aria-label': t('pickLocation') });

  const form = h(
    'form',
    {
      class: 'outlet-form',
      id: 'outlet-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const openingHours = hours?.value() ?? null;
        if (openingHours === null) {
          message.textContent = t('hoursFix');
          return;
        }
        const categoryIds = [...categoryBoxes.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);
        const serviceList = services.value
          .split(/[,，、]/)
          .map((service) => service.trim())
          .filter((service) => service !== '');
        api<Outlet>('POST', '/api/merchant/outlets', {
          name: name.value.trim(),
          categoryIds,
          lng: Number(lng.value),
          lat: Number(lat.value),
          services: serviceList,
          ...(address.value.trim() === '' ? {} : { address: address.value.trim() }),
          ...(openingHours === '' ? {} : { openingHours }),
          ...(phone.value.trim() === '' ? {} : { phone: phone.value.trim() }),
        })
          .then(() => {
            message.textContent = t('submitted');
            form.reset();
            hours?.set('');
            return refresh();
          })
          .catch((error: unknown) => showError(message, error));
      },
    },
    h('h2', {}, t('newOutlet')),
    field(t('outletName'), name),
    categoryBoxes,
    field(t('address'), address),
    hoursSlot,
    field(t('servicesHint'), services),
    field(t('phone'), phone),
    h('p', {}, t('pickLocation')),
    mapElement,
    h('div', { class: 'coords' }, field(t('lng'), lng), field(t('lat'), lat)),
    h('button', { type: 'submit' }, t('submit')),
    message,
  );
  replace(root, h('main', { class: 'page' }, h('section', {}, h('h2', {}, t('myOutlets')), list), form));

  const map = createMap(mapElement, attribution, 14);
  whenLoaded(map, () => {
    followBaseLayers(map);
    map.on('click', (event) => {
      const point = pickedLocation(event.lngLat);
      lng.value = String(point[0]);
      lat.value = String(point[1]);
      setData(map, 'marks', pointsToGeoJson([{ location: point, color: '#e6550d' }]));
    });
  });

  const markTyped = () => {
    const point: LngLat = [Number(lng.value), Number(lat.value)];
    if (lng.value !== '' && lat.value !== '' && point.every(Number.isFinite)) {
      setData(map, 'marks', pointsToGeoJson([{ location: point, color: '#e6550d' }]));
    }
  };
  lng.addEventListener('change', markTyped);
  lat.addEventListener('change', markTyped);

  async function refresh(): Promise<void> {
    const { outlets } = await api<{ outlets: Outlet[] }>('GET', '/api/merchant/outlets');
    replace(
      list,
      ...outlets.map((outlet) =>
        h(
          'li',
          { 'data-outlet-id': outlet.id, 'data-status': outlet.status },
          h('span', { class: 'name' }, outlet.name),
          ' ',
          h('span', { class: `badge ${outlet.status}` }, t(`status_${outlet.status}` as StringKey)),
          outlet.rejectReason === null ? null : h('span', { class: 'meta' }, ` ${outlet.rejectReason}`),
        ),
      ),
    );
  }
  void refresh();
  return () => map.remove();
}
