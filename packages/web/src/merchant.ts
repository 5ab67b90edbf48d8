import { api } from './api.js';
import { showError } from './auth.js';
import { h, replace } from './dom.js';
import { t, type StringKey } from './i18n.js';
import { outletForm } from './merchant-outlet-form.js';
import type { Category, Outlet } from './types.js';

/**
 * The merchant's page: own listings with their review status (and a rejection's reason), each with an edit
 * action, and the form that puts a new outlet on the map (进图) or edits one.
 */
export function renderMerchant(root: HTMLElement, categories: Category[], attribution: string): () => void {
  const list = h('ul', { class: 'outlet-list', id: 'my-outlets', 'aria-labelledby': 'my-outlets-title' });
  const status = h('p', { class: 'status', id: 'my-outlets-status', role: 'status' });
  const form = outletForm(
    categories,
    attribution,
    (saved, isEdit) => {
      if (isEdit) status.textContent = `${saved.name}: ${t(saved.status === 'active' ? 'savedLive' : 'savedForReview')}`;
      void refresh().then(() => {
        if (isEdit) focusRow(saved.id, 'li');
      });
    },
    (outlet) => focusRow(outlet.id, 'button.edit'),
  );
  replace(
    root,
    h(
      'main',
      { class: 'page' },
      h('section', {}, h('h2', { id: 'my-outlets-title' }, t('myOutlets')), status, list),
      form.element,
    ),
  );
  form.mount();

  /** Moves the focus to a listing's row (after a save: its new status) or one of its controls. */
  function focusRow(id: number, selector: string): void {
    const row = list.querySelector<HTMLElement>(`li[data-outlet-id="${id}"]`);
    const target = selector === 'li' ? row : row?.querySelector<HTMLElement>(selector);
    target?.focus();
  }

  function row(outlet: Outlet): HTMLLIElement {
    return h(
      'li',
      { class: 'my-outlet', 'data-outlet-id': outlet.id, 'data-status': outlet.status, tabindex: -1 },
      h(
        'div',
        {},
        h('span', { class: 'name' }, outlet.name),
        ' ',
        h('span', { class: `badge ${outlet.status}` }, t(`status_${outlet.status}` as StringKey)),
        outlet.rejectReason === null ? null : h('p', { class: 'reject-reason' }, `${t('rejectReason')}: ${outlet.rejectReason}`),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary edit',
          // The spoken name starts with the visible word (WCAG 2.5.3), then names the listing.
          'aria-label': `${t('edit')} ${outlet.name}`,
          onclick: () => form.edit(outlet),
        },
        t('edit'),
      ),
    );
  }

  async function refresh(): Promise<void> {
    const { outlets } = await api<{ outlets: Outlet[] }>('GET', '/api/merchant/outlets');
    replace(list, ...(outlets.length === 0 ? [h('li', { class: 'empty' }, t('nothingYet'))] : outlets.map(row)));
  }
  refresh().catch((error: unknown) => showError(status, error));
  return () => form.dispose();
}
