import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Survey, SurveyResponse } from '@lifecircle/shared';
import { summarizeSurvey } from './survey-summary.js';

const survey: Survey = {
  id: 1,
  title: 'satisfaction',
  streetId: null,
  isOpen: true,
  createdAt: '2026-11-27T00:00:00.000Z',
  questions: [
    { id: 'stars', text: 'How satisfied?', kind: 'rating' },
    { id: 'missing', text: 'What is missing?', kind: 'choice', options: ['修鞋', '早餐'] },
    { id: 'words', text: 'Anything else?', kind: 'text' },
  ],
};
const response = (id: number, answers: SurveyResponse['answers']): SurveyResponse => ({
  id,
  surveyId: 1,
  streetId: null,
  answers,
  createdAt: '2026-11-27T00:00:00.000Z',
});

test('the summary counts, averages ratings and tallies choices (hand-worked)', () => {
  const summary = summarizeSurvey(survey, [
    response(1, { stars: 5, missing: '修鞋', words: 'SECRET-A' }),
    response(2, { stars: 2, missing: '修鞋' }),
    response(3, { stars: 4, missing: '早餐', words: 'SECRET-B' }),
    response(4, { stars: 1, missing: '修鞋' }),
    response(5, { stars: 3, missing: '早餐' }),
    response(6, { missing: '修鞋' }),
  ]);
  assert.equal(summary.numResponses, 6);
  const [stars, missing, words] = summary.questions;
  // (5 + 2 + 4 + 1 + 3) / 5 = 3
  assert.deepEqual([stars!.numAnswers, stars!.mean, stars!.counts], [5, 3, null]);
  // Six answers: the counts cover the first five (ids 1–5), so the sixth cannot be read off by difference.
  assert.deepEqual(
    [missing!.numAnswers, missing!.numCounted, missing!.mean, missing!.counts],
    [6, 5, null, { 修鞋: 3, 早餐: 2 }],
  );
  assert.deepEqual([words!.numAnswers, words!.mean, words!.counts], [2, null, null]);
  assert.doesNotMatch(JSON.stringify(summary), /SECRET/);
});

test('a question with fewer than five answers shows only its count: an average of one is an answer', () => {
  const summary = summarizeSurvey(survey, [
    response(1, { stars: 5, missing: '修鞋' }),
    response(2, { stars: 1, missing: '早餐' }),
  ]);
  const [stars, missing] = summary.questions;
  assert.deepEqual([stars!.numAnswers, stars!.mean], [2, null]);
  assert.deepEqual([missing!.numAnswers, missing!.counts], [2, null]);
});

test('issue 6: summaries read before and after one new answer are equal, so differencing reveals nothing', () => {
  // Ratings from a seeded generator; the reference mean of each block is computed here, by hand.
  let state = 9;
  const next = () => (state = (state * 48271) % 2147483647);
  const responses = Array.from({ length: 23 }, (_, k) =>
    response(k + 1, { stars: 1 + (next() % 5), missing: next() % 2 ? '修鞋' : '早餐' }),
  );
  let previous = summarizeSurvey(survey, responses.slice(0, 5)).questions;
  for (let n = 6; n <= responses.length; n++) {
    const current = summarizeSurvey(survey, [...responses.slice(0, n)].reverse()).questions;
    const block = n - (n % 5);
    const ratings = responses.slice(0, block).map((r) => r.answers.stars as number);
    assert.equal(current[0]!.mean, ratings.reduce((a, b) => a + b, 0) / block, `mean after ${n} answers`);
    assert.equal(current[0]!.numCounted, block);
    if (n % 5 !== 0)
      assert.deepEqual(
        current.map((q) => [q.mean, q.counts]),
        previous.map((q) => [q.mean, q.counts]),
        `answer ${n} changed nothing shown`,
      );
    previous = current;
  }
});
