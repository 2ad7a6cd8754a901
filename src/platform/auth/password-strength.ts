import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

/**
 * The one password rule, for every place a password is set (a new org's admin, a new member, a change,
 * a reset): at least 10 characters, and a strength estimate of at least 3 of 4 from zxcvbn-ts (common
 * passwords, dictionary words, names, keyboard walks, dates, repeats and l33t variants of them are weak).
 * Score 3 ≈ 10^8 guesses: safe against online guessing and costly offline against our scrypt hashes.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take a moment to load and most processes never set a password. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return estimator;
}

/** Why `password` may not be set, or null when it may (the field name is the caller's). */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const { score } = zxcvbn().check(password);
  if (score < MIN_PASSWORD_SCORE) return 'is too easy to guess (a common password, word, name, date or keyboard pattern); use a longer passphrase of unrelated words';
  return null;
}
