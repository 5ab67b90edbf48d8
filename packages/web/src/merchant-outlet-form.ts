import { api } from './api.js';
import { showError } from './auth.js';
import { listingForm, listingPatch, newListingBody, type ListingForm } from './core/listing-fields.js';
import { field, h, replace, type Child } from './dom.js';
import { categoryName, t, type StringKey } from './i18n.js';
import { locationPicker } from './location-picker.js';
import type { HoursEditor } from './opening-hours-editor.js';
import type { Category, Outlet } from './types.js';

/** The merchant's outlet form, for a new listing (进图) or for editing one of its own. */
export interface OutletForm {
  element: HTMLElement;
  /** Draws the map: call once the form is in the document. */
  mount(): void;
  /** Fills the form with a listing to edit, shows it on the map and moves the focus to the form. */
  edit(outlet: Outlet): void;
  dispose(): void;
}

/** What the form says about a listing being edited: its status, a rejection's reason, and how its review goes. */
function editNote(outlet: Outlet): Child[] {
  const status = h('span', { class: `badge ${outlet.status}` }, t(`status_${outlet.status}` as StringKey));
  if (outlet.status === 'rejected')
    return [status, ' ', h('strong', {}, `${t('rejectReason')}: ${outlet.rejectReason ?? ''}`), ' ', t('editRejectedNote')];
  return [status, ' ', t(outlet.status === 'active' ? 'editActiveNote' : 'editPendingNote')];
}

/**
 * The form of a listing: name, formats, address, hours (the editor, loaded on demand), services, phone and the
 * position on a map. A new listing is submitted whole; an edit sends only the fields changed (the API decides
 * whether it goes back to review, and `onSaved` hears the listing as stored).
 */
export function outletForm(
  categories: Category[],
  attribution: string,
  onSaved: (outlet: Outlet, isEdit: boolean) => void,
  onCancel: (outlet: Outlet) => void,
): OutletForm {
  let editing: Outlet | null = null;
  const title = h('h2', { id: 'outlet-form-title', tabindex: -1 }, t('newOutlet'));
  const note = h('p', { class: 'edit-note', id: 'edit-note', hidden: true });
  const message = h('p', { class: 'status', role: 'status' });
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const address = h('input', { name: 'address', maxlength: 200 });
  // The hours editor brings the opening_hours library (every country's holidays): loaded for merchants only.
  const hoursSlot = h('div', { class: 'hours-slot' }, t('loading'));
  let hours: HoursEditor | null = null;
  const hoursReady = import('./opening-hours-editor.js').then(({ openingHoursEditor }) => {
    hours = openingHoursEditor();
    replace(hoursSlot, hours.element);
    return hours;
  });
  const services = h('input', { name: 'services' });
  const phone = h('input', { name: 'phone', type: 'tel', pattern: '[0-9+\\- ]{3,20}' });
  const picker = locationPicker(attribution);
  const categoryBoxes = h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, t('categories')),
    ...categories.map((category) =>
      h('label', {}, h('input', { type: 'checkbox', name: 'category', value: category.id }), categoryName(category)),
    ),
  );
  const boxes = () => [...categoryBoxes.querySelectorAll<HTMLInputElement>('input[name=category]')];
  const submit = h('button', { type: 'submit' }, t('submit'));
  const cancel = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      id: 'cancel-edit',
      hidden: true,
      onclick: () => {
        const outlet = editing;
        showNew();
        if (outlet !== null) onCancel(outlet);
      },
    },
    t('cancelEdit'),
  );

  /** The form as shown, or null (with the reason said) while it cannot be sent. */
  function read(): ListingForm | null {
    const openingHours = hours?.value() ?? null;
    const location = picker.value();
    const categoryIds = boxes()
      .filter((box) => box.checked)
      .map((box) => box.value);
    const problem =
      openingHours === null
        ? 'hoursFix'
        : categoryIds.length === 0
          ? 'chooseCategory'
          : location === null
            ? 'pickLocation'
            : null;
    if (problem !== null) {
      message.textContent = t(problem);
      return null;
    }
    return {
      name: name.value,
      categoryIds,
      address: address.value,
      location: location!,
      openingHours: openingHours!,
      services: services.value,
      phone: phone.value,
    };
  }

  /** Back to a new, empty listing. */
  function showNew(): void {
    editing = null;
    form.reset();
    hours?.set('');
    picker.set(null);
    title.textContent = t('newOutlet');
    note.hidden = true;
    cancel.hidden = true;
    submit.textContent = t('submit');
    delete form.dataset.editing;
  }

  const form = h(
    'form',
    {
      class: 'outlet-form',
      id: 'outlet-form',
      'aria-labelledby': 'outlet-form-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const values = read();
        if (values === null) return;
        const before = editing;
        if (before === null) {
          api<Outlet>('POST', '/api/merchant/outlets', newListingBody(values))
            .then((created) => {
              message.textContent = t('submitted');
              showNew();
              onSaved(created, false);
            })
            .catch((error: unknown) => showError(message, error));
          return;
        }
        const patch = listingPatch(before, values);
        if (Object.keys(patch).length === 0) {
          message.textContent = t('noChanges');
          return;
        }
        api<Outlet>('PATCH', `/api/merchant/outlets/${before.id}`, patch)
          .then((updated) => {
            message.textContent = '';
            showNew();
            onSaved(updated, true);
          })
          .catch((error: unknown) => showError(message, error));
      },
    },
    title,
    note,
    field(t('outletName'), name),
    categoryBoxes,
    field(t('address'), address),
    hoursSlot,
    field(t('servicesHint'), services),
    field(t('phone'), phone),
    picker.element,
    h('div', { class: 'actions' }, submit, cancel),
    message,
  );

  return {
    element: form,
    mount: () => picker.mount(),
    edit(outlet) {
      editing = outlet;
      form.dataset.editing = String(outlet.id);
      const values = listingForm(outlet);
      name.value = values.name;
      for (const box of boxes()) box.checked = values.categoryIds.includes(box.value);
      address.value = values.address;
      services.value = values.services;
      phone.value = values.phone;
      // Hours the editor's toggles cannot show stay in its raw field, which says so.
      void hoursReady.then((editor) => editor.set(values.openingHours));
      picker.set(values.location);
      title.textContent = `${t('editOutlet')} · ${outlet.name}`;
      replace(note, ...editNote(outlet));
      note.hidden = false;
      cancel.hidden = false;
      submit.textContent = t(outlet.status === 'rejected' ? 'resubmit' : 'saveChanges');
      message.textContent = '';
      title.scrollIntoView({ block: 'start' });
      title.focus();
    },
    dispose: () => picker.dispose(),
  };
}
