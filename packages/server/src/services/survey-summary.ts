import type { Survey, SurveyResponse } from '@lifecircle/shared';

/** Aggregates of one question: never an individual answer. */
export interface QuestionSummary {
  id: string;
  text: string;
  kind: 'rating' | 'choice' | 'text';
  numAnswers: number;
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
 */
export function summarizeSurvey(survey: Survey, responses: readonly SurveyResponse[]): SurveySummary {
  const questions = survey.questions.map((question): QuestionSummary => {
    let numAnswers = 0;
    let sum = 0;
    const counts: Record<string, number> | null =
      question.kind === 'choice' ? Object.fromEntries((question.options ?? []).map((option) => [option, 0])) : null;
    for (const response of responses) {
      const answer = response.answers[question.id];
      if (answer === undefined) continue;
      numAnswers += 1;
      if (question.kind === 'rating' && typeof answer === 'number') sum += answer;
      if (counts !== null && typeof answer === 'string' && answer in counts) counts[answer] = (counts[answer] ?? 0) + 1;
    }
    return {
      id: question.id,
      text: question.text,
      kind: question.kind,
      numAnswers,
      mean: question.kind === 'rating' && numAnswers >= MIN_ANSWERS_SHOWN ? sum / numAnswers : null,
      counts: numAnswers >= MIN_ANSWERS_SHOWN ? counts : null,
    };
  });
  return { surveyId: survey.id, title: survey.title, numResponses: responses.length, questions };
}
