import { api, fetchBlob, uploadFile } from './api.js';
import { showError } from './auth.js';
import { field, h, replace } from './dom.js';
import { categoryName, t } from './i18n.js';
import type { Category, Circle, User } from './types.js';

/** A recorded field evaluation, as `GET /api/street/evaluations` lists it. */
interface FieldEvaluation {
  id: number;
  circleId: number;
  streetId: number;
  visitedOn: string;
  checks: { categoryId: string; isPresent: boolean; note?: string | null }[];
  notes: string | null;
  photos: string[];
  createdAt: string;
  /** Photos uploaded to the evaluation (their bytes: GET …/photos/{id}). */
  uploads: UploadedPhoto[];
}

/** A photo's record as the API lists it. */
interface UploadedPhoto {
  id: number;
  evaluationId: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

/** The API's limits (server defaults): 8 MiB a photo, 10 per evaluation, JPEG, PNG or WebP. */
const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
const MAX_PHOTOS = 10;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Why a chosen file cannot be uploaded, or null when it can (the server checks the bytes again). */
function photoProblem(file: File): string | null {
  if (!PHOTO_TYPES.includes(file.type)) return `${file.name}：${t('photoNotImage')}`;
  if (file.size > MAX_PHOTO_BYTES) return `${file.name}：${t('photoTooLarge')}`;
  return null;
}

/** Today's date in China (UTC+8), the default visit day. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The field-evaluation checklist against the national guide: one row per graded format (basic tier first),
 * present or not with a note, for a circle touching the office's street; and the list of past evaluations.
 * Photos (JPEG, PNG or WebP) are uploaded to the evaluation once it is saved and shown with it in the list.
 */
export function fieldEvaluationSection(categories: Category[], user: User): HTMLElement {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const graded = categories
    .filter((category) => category.defaultWalkMinutes !== null)
    .sort((a, b) => (a.tier === b.tier ? 0 : a.tier === 'basic' ? -1 : 1));
  const circleSelect = h('select', { name: 'circleId', id: 'evaluation-circle', required: true });
  const visitedOn = h('input', { name: 'visitedOn', type: 'date', value: chinaToday(), required: true });
  const notes = h('textarea', { name: 'notes', maxlength: 5000, rows: 3 });
  const photos = h('input', {
    name: 'photos',
    type: 'file',
    accept: PHOTO_TYPES.join(','),
    multiple: true,
    'aria-describedby': 'photos-hint',
  });
  const photoStatus = h('p', { class: 'error', id: 'photos-problem', 'aria-live': 'polite' });
  photos.addEventListener('change', () => {
    const files = [...(photos.files ?? [])];
    const problems = files.map(photoProblem).filter((problem) => problem !== null);
    if (files.length > MAX_PHOTOS) problems.push(t('photoTooMany'));
    photoStatus.textContent = problems.join('；');
  });
  /** Object URLs of the photos shown, revoked when the list is drawn again. */
  let shownUrls: string[] = [];
  const message = h('p', { class: 'status', role: 'status' });
  const list = h('ul', { class: 'review-list', id: 'evaluation-list', 'aria-live': 'polite' });
  const rows = graded.map((category) => {
    const isPresent = h('input', { type: 'checkbox', name: `present-${category.id}` });
    const note = h('input', {
      name: `note-${category.id}`,
      maxlength: 1000,
      'aria-label': `${categoryName(category)} ${t('note')}`,
    });
    const row = h(
      'tr',
      { 'data-category-id': category.id },
      h('th', { scope: 'row' }, `${categoryName(category)} (${category.tier === 'basic' ? t('tierBasic') : t('tierQuality')})`),
      h('td', {}, h('label', {}, isPresent, ` ${t('present')}`)),
      h('td', {}, note),
    );
    return { category, isPresent, note, row };
  });
  const form = h(
    'form',
    {
      id: 'evaluation-form',
      class: 'outlet-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void submit();
      },
    },
    h('h2', {}, t('fieldEvaluation')),
    field(t('circle'), circleSelect),
    field(t('visitedOn'), visitedOn),
    h(
      'table',
      { class: 'checklist' },
      h('thead', {}, h('tr', {}, h('th', {}, t('categories')), h('th', {}, t('present')), h('th', {}, t('note')))),
      h('tbody', {}, ...rows.map((entry) => entry.row)),
    ),
    field(t('notes'), notes),
    field(t('photos'), photos),
    h('p', { class: 'meta', id: 'photos-hint' }, t('photosHint')),
    photoStatus,
    h('button', { type: 'submit' }, t('save')),
    message,
  );

  async function submit(): Promise<void> {
    const files = [...(photos.files ?? [])];
    if (photoStatus.textContent !== '') {
      message.textContent = t('photoFix');
      return;
    }
    message.textContent = t('loading');
    try {
      const saved = await api<FieldEvaluation>('POST', '/api/street/evaluations', {
        circleId: Number(circleSelect.value),
        visitedOn: visitedOn.value,
        checks: rows.map((entry) => ({
          categoryId: entry.category.id,
          isPresent: entry.isPresent.checked,
          note: entry.note.value.trim() === '' ? null : entry.note.value.trim(),
        })),
        ...(notes.value.trim() === '' ? {} : { notes: notes.value.trim() }),
        photos: files.map((file) => file.name),
      });
      // The evaluation is saved first; its photos follow one by one (each up to 8 MB).
      for (const [index, file] of files.entries()) {
        message.textContent = `${t('photoUploading')} ${index + 1}/${files.length}`;
        await uploadFile(`/api/street/evaluations/${saved.id}/photos?name=${encodeURIComponent(file.name)}`, file);
      }
      message.textContent = t('saved');
      // Saved with the evaluation: choosing them again would attach them twice.
      photos.value = '';
      await refresh();
    } catch (error) {
      showError(message, error);
    }
  }

  /** A photo of the list: fetched with the token (an <img> cannot send it) and shown through an object URL. */
  function photoFigure(photo: UploadedPhoto): HTMLElement {
    const image = h('img', { alt: `${t('photos')}：${photo.fileName}`, 'data-photo-id': photo.id, loading: 'lazy' });
    const caption = h('figcaption', {}, photo.fileName);
    void fetchBlob(`/api/street/evaluations/${photo.evaluationId}/photos/${photo.id}`)
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        shownUrls.push(url);
        image.src = url;
      })
      .catch((error: unknown) => showError(caption, error));
    return h('figure', { class: 'photo' }, image, caption);
  }

  const circleNames = new Map<number, string>();
  async function refresh(): Promise<void> {
    for (const url of shownUrls) URL.revokeObjectURL(url);
    shownUrls = [];
    const { evaluations } = await api<{ evaluations: FieldEvaluation[] }>('GET', '/api/street/evaluations');
    if (evaluations.length === 0) {
      replace(list, h('li', { class: 'empty' }, t('noEvaluations')));
      return;
    }
    replace(
      list,
      ...evaluations.map((evaluation) => {
        const missing = evaluation.checks.filter((check) => !check.isPresent);
        return h(
          'li',
          { 'data-evaluation-id': evaluation.id, 'data-circle-id': evaluation.circleId },
          h('h3', {}, `${evaluation.visitedOn} · ${circleNames.get(evaluation.circleId) ?? `#${evaluation.circleId}`}`),
          h(
            'p',
            { class: 'meta' },
            `${t('present')} ${evaluation.checks.length - missing.length}/${evaluation.checks.length}` +
              (missing.length === 0
                ? ''
                : ` · ${t('missing')}: ${missing.map((check) => categoryName(byId.get(check.categoryId), check.categoryId)).join('、')}`),
          ),
          evaluation.notes === null ? null : h('p', {}, evaluation.notes),
          evaluation.uploads.length === 0
            ? null
            : h('div', { class: 'photo-strip' }, ...evaluation.uploads.map((photo) => photoFigure(photo))),
        );
      }),
    );
  }

  void (async () => {
    try {
      const { circles } = await api<{ circles: (Circle & { streetIds: number[] })[] }>('GET', '/api/circles');
      // A street office may evaluate only circles touching its street; the commission any.
      const mine = circles.filter((circle) => user.streetId === null || circle.streetIds.includes(user.streetId));
      for (const circle of circles) circleNames.set(circle.id, circle.name);
      replace(circleSelect, ...mine.map((circle) => h('option', { value: circle.id }, circle.name)));
      await refresh();
    } catch (error) {
      showError(message, error);
    }
  })();

  return h('section', { class: 'page', id: 'field-evaluation' }, form, h('h2', {}, t('pastEvaluations')), list);
}
