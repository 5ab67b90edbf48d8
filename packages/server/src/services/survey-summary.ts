import type { Survey, SurveyResponse } from '@lifecircle/shared';

/** Aggregates of one question: never an individual answer. */
export interface QuestionSummary {
  id: string;
  text: string;
  kind: 'rating' | 'choice' | 'text';
  numAnswers: number;
  /** How many answers the mean and counts are computed over: the first multiple of five (in arrival order). */
  numCounted: number;
  /** Mean rating (rating questions with answers), else null. */
  mean: number | null;
  /** Answers per option (choice questions), else null. */
  counts: Record<string, number> | null;
}

/** The aggregates a street office may read: response count, mean rating per question, counts per choice. */
export interface SurveySummary {
  surveyId: number;
  title: string;
  numResponses: number;
  questions: QuestionSummary[];
}

/**
 * Fewest answers a question needs before its mean or counts are shown: with
 * one or two answers an "aggregate" is a resident's own answer.
 */
export const MIN_ANSWERS_SHOWN = 5;

/**
 * Summarises responses without exposing any single response: free-text
 * answers are only counted, and a question with fewer than
 * MIN_ANSWERS_SHOWN answers shows its count but no mean or option counts.
 * The mean and counts cover whole blocks of MIN_ANSWERS_SHOWN answers in
 * arrival order (the first 5, 10, 15 …): a summary read before and after one
 * new answer would otherwise give that answer away by difference (issue 6);
 * now two summaries differ by five answers at least.
 */
export function summarizeSurvey(survey: Survey, responses: readonly SurveyResponse[]): SurveySummary {
  const inArrivalOrder = [...responses].sort((a, b) => a.id - b.id);
  const questions = survey.questions.map((question): QuestionSummary => {
    const answers = inArrivalOrder.map((response) => response.answers[question.id]).filter((answer) => answer !== undefined);
    const numCounted = answers.length - (answers.length % MIN_ANSWERS_SHOWN);
    let sum = 0;
    const counts: Record<string, number> | null =
      question.kind === 'choice' ? Object.fromEntries((question.options ?? []).map((option) => [option, 0])) : null;
    for (const answer of answers.slice(0, numCounted)) {
      if (question.kind === 'rating' && typeof answer === 'number') sum += answer;
      if (counts !== null && typeof answer === 'string' && answer in counts) counts[answer] = (counts[answer] ?? 0) + 1;
    }
    return {
      id: question.id,
      text: question.text,
      kind: question.kind,
      numAnswers: answers.length,
      numCounted,
      mean: question.kind === 'rating' && numCounted > 0 ? sum / numCounted : null,
      counts: numCounted > 0 ? counts : null,
    };
  });
  return { surveyId: survey.id, title: survey.title, numResponses: responses.length, questions };
}
