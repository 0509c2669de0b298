// The yes/no questions of the contract and the facts around them, each answered with the sentences that
// support it. true: the text provides the thing; false: the text was read and does not; null: only when the
// text itself is unclear (e.g. personalisation opt-out when the policy says there is no personalisation).
import type { PolicyAnalysis } from './types.ts';
import type { Sentence } from './structure.ts';
import { answerContact } from './answer-contact.ts';
import { answerRights } from './answer-rights.ts';
import { answerPractices } from './answer-practices.ts';
import { answerDatesOperator } from './answer-dates.ts';

export { hasContact } from './answer-contact.ts';

export type Questions = Pick<
  PolicyAnalysis,
  | 'contact'
  | 'complaint'
  | 'accountDeletion'
  | 'access'
  | 'correction'
  | 'deletion'
  | 'withdrawConsent'
  | 'minors'
  | 'personalization'
  | 'sharing'
  | 'storage'
  | 'dates'
  | 'operator'
>;

export function answerQuestions(sentences: readonly Sentence[], text: string): Questions {
  return { ...answerContact(sentences, text), ...answerRights(sentences), ...answerPractices(sentences), ...answerDatesOperator(sentences) };
}
