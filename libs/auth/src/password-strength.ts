import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 12;
/**
 * zxcvbn's score runs 0–4; 3 is "safely unguessable: moderate protection from offline
 * slow-hash scenario" (< 10^10 guesses is 2), https://github.com/dropbox/zxcvbn#usage.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes about a second. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    // The common-password lists (and English words and names) every guesser tries first.
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/**
 * Why a password is too weak, or null when it is strong enough: at least 12 characters, not
 * the account's own email (or its name part) or display name, and a zxcvbn-ts score of at
 * least 3 with the account's details as user inputs (so `aaaaaaaaaaaa`, `password1234`,
 * keyboard walks and the email with a digit added are refused). The message says what is
 * wrong (zxcvbn's warning when it has one) and never repeats the password.
 */
export function passwordWeakness(password: string, account: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const inputs = account
    .flatMap((value) => [value, value.split('@')[0]])
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value.length > 0);
  if (inputs.includes(password.trim().toLowerCase()))
    return 'must not be the email or name of the account';
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning;
  return `is too easy to guess${warning ? `: ${warning}` : ''} (choose a longer phrase of unrelated words)`;
}
