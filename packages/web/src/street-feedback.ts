import { api } from './api.js';
import { showError } from './auth.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';

interface Report {
  id: number;
  outletId: number;
  kind: string;
  message: string | null;
  status: string;
  createdAt: string;
}

interface ServiceRequest {
  id: number;
  categoryId: string | null;
  need: string;
  location: [number, number];
  message: string | null;
  status: string;
  createdAt: string;
}

interface SurveySummary {
  surveyId: number;
  title: string;
  numResponses: number;
  questions: {
    id: string;
    text: string;
    kind: string;
    numAnswers: number;
    /** The answers the mean and counts cover (whole blocks of five). */
    numCounted: number;
    mean: number | null;
    counts: Record<string, number> | null;
  }[];
}

/** The day of an ISO timestamp in China (UTC+8). */
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** Residents' reports on outlets and requests for missing services of the street, newest as the API orders them. */
export function feedbackSection(): HTMLElement {
  const reports = h('ul', { class: 'review-list', id: 'street-reports' });
  const requests = h('ul', { class: 'review-list', id: 'street-requests' });
  const message = h('p', { class: 'status', role: 'status' });
  void (async () => {
    try {
      const [reportAnswer, requestAnswer] = await Promise.all([
        api<{ reports: Report[] }>('GET', '/api/street/reports'),
        api<{ requests: ServiceRequest[] }>('GET', '/api/street/requests'),
      ]);
      replace(
        reports,
        ...(reportAnswer.reports.length === 0
          ? [h('li', { class: 'empty' }, t('nothingYet'))]
          : reportAnswer.reports.map((report) =>
              h(
                'li',
                { 'data-report-id': report.id },
                `${chinaDay(report.createdAt)} · #${report.outletId} · ${report.kind} · ${report.status}`,
                report.message === null ? null : h('p', {}, report.message),
              ),
            )),
      );
      replace(
        requests,
        ...(requestAnswer.requests.length === 0
          ? [h('li', { class: 'empty' }, t('nothingYet'))]
          : requestAnswer.requests.map((request) =>
              h(
                'li',
                { 'data-request-id': request.id },
                `${chinaDay(request.createdAt)} · ${request.need} · ${request.status}`,
                request.message === null ? null : h('p', {}, request.message),
              ),
            )),
      );
    } catch (error) {
      showError(message, error);
    }
  })();
  return h(
    'section',
    { class: 'page', id: 'street-feedback' },
    h('h2', {}, t('residentReports')),
    message,
    reports,
    h('h2', {}, t('residentRequests')),
    requests,
  );
}

/** Aggregates of each open survey from the street's residents: counts and means, never single answers. */
export function surveySummarySection(): HTMLElement {
  const body = h('div', { id: 'survey-summaries', 'aria-live': 'polite' });
  void (async () => {
    try {
      const { surveys } = await api<{ surveys: { id: number }[] }>('GET', '/api/surveys');
      const summaries = await Promise.all(
        surveys.map((survey) => api<SurveySummary>('GET', `/api/street/surveys/${survey.id}/summary`)),
      );
      replace(
        body,
        ...summaries.map((summary) =>
          h(
            'article',
            { class: 'card survey-summary', 'data-survey-id': summary.surveyId, 'data-responses': summary.numResponses },
            h('h3', {}, `${summary.title} · ${t('responses')} ${summary.numResponses}`),
            h(
              'dl',
              {},
              ...summary.questions.flatMap((question) => [
                h('dt', {}, question.text),
                h(
                  'dd',
                  {},
                  question.kind === 'rating' && question.mean !== null
                    ? `${t('mean')} ${question.mean.toFixed(2)} (${question.numCounted}/${question.numAnswers})`
                    : question.counts !== null
                      ? Object.entries(question.counts)
                          .map(([option, count]) => `${option} ${count}`)
                          .join('、')
                      : `${t('answers')} ${question.numAnswers}`,
                ),
              ]),
            ),
          ),
        ),
      );
    } catch (error) {
      showError(body, error);
    }
  })();
  return h('section', { class: 'page', id: 'street-surveys' }, h('h2', {}, t('surveySummaries')), body);
}
