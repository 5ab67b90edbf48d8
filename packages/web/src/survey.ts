import { api } from './api.js';
import { showError } from './auth.js';
import { field, h, replace } from './dom.js';
import { t } from './i18n.js';
import type { Street } from './types.js';

/** An open satisfaction survey of `GET /api/surveys`. */
interface Survey {
  id: number;
  title: string;
  streetId: number | null;
  questions: { id: string; text: string; kind: 'rating' | 'choice' | 'text'; options?: string[] }[];
}

/** One question as form controls: radios 1–5 for a rating, radios for a choice, a text area for text. */
function questionField(question: Survey['questions'][number]): HTMLElement {
  if (question.kind === 'text') {
    return field(question.text, h('textarea', { name: question.id, maxlength: 2000, rows: 3 }));
  }
  const values = question.kind === 'rating' ? ['1', '2', '3', '4', '5'] : (question.options ?? []);
  return h(
    'fieldset',
    { class: 'question', 'data-question-id': question.id },
    h('legend', {}, question.text),
    ...values.map((value) =>
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: question.id, value }), ` ${value}`),
    ),
  );
}

/** The residents' satisfaction survey (`#/survey`): anonymous; the street, when given, lets its office see the totals. */
export function renderSurvey(root: HTMLElement): () => void {
  const body = h('div', { id: 'survey-body' }, t('loading'));
  replace(root, h('main', { class: 'page' }, h('h2', {}, t('surveyNav')), body));
  void (async () => {
    try {
      const [{ surveys }, { streets }] = await Promise.all([
        api<{ surveys: Survey[] }>('GET', '/api/surveys'),
        api<{ streets: Street[] }>('GET', '/api/streets'),
      ]);
      if (surveys.length === 0) {
        body.textContent = t('noSurvey');
        return;
      }
      replace(body, ...surveys.map((survey) => surveyForm(survey, streets)));
    } catch (error) {
      showError(body, error);
    }
  })();
  return () => undefined;
}

function surveyForm(survey: Survey, streets: Street[]): HTMLFormElement {
  const message = h('p', { class: 'status', role: 'status' });
  const streetSelect = h(
    'select',
    { name: 'streetId' },
    h('option', { value: '' }, t('streetUnsaid')),
    ...streets.map((street) => h('option', { value: street.id }, street.name)),
  );
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'outlet-form survey-form',
      'data-survey-id': survey.id,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(form);
        const answers: Record<string, string | number> = {};
        for (const question of survey.questions) {
          const value = String(data.get(question.id) ?? '').trim();
          if (value === '') continue;
          answers[question.id] = question.kind === 'rating' ? Number(value) : value;
        }
        const streetId = survey.streetId === null && streetSelect.value !== '' ? Number(streetSelect.value) : undefined;
        api('POST', `/api/surveys/${survey.id}/responses`, { answers, ...(streetId === undefined ? {} : { streetId }) })
          .then(() => {
            replace(form, h('p', { class: 'status', id: 'survey-thanks' }, t('surveyThanks')));
          })
          .catch((error: unknown) => showError(message, error));
      },
    },
    h('h3', {}, survey.title),
    survey.streetId === null ? field(t('yourStreet'), streetSelect) : null,
    ...survey.questions.map(questionField),
    h('button', { type: 'submit' }, t('send')),
    message,
  );
  return form;
}
