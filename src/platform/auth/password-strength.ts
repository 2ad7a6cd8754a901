import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type * as ZxcvbnEn from '@zxcvbn-ts/language-en';

/**
 * The one password rule, for every place a password is set (a new org's admin, a new member, a change,
 * a reset): at least 10 characters, and a strength estimate of at least 3 of 4 from zxcvbn-ts (common
 * passwords, dictionary words, names, keyboard walks, dates, repeats and l33t variants of them are weak).
 * Score 3 ≈ 10^8 guesses: safe against online guessing and costly offline against our scrypt hashes.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnCore.ZxcvbnFactory | undefined;

/**
 * Loaded and built on first use (a synchronous require, so the check stays synchronous): the dictionaries take a
 * quarter of a second of CPU and several MB of memory to decompress, and most processes never set a password —
 * a server holds them only from the first password set after it started.
 */
function zxcvbn(): ZxcvbnCore.ZxcvbnFactory {
  if (estimator) return estimator;
  const load = createRequire(import.meta.url);
  const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof ZxcvbnCore;
  const zxcvbnCommon = load('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  const zxcvbnEn = load('@zxcvbn-ts/language-en') as typeof ZxcvbnEn;
  estimator = new ZxcvbnFactory({
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
