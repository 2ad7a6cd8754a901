import { z } from 'zod';
import { passwordProblem } from '../auth/password-strength.ts';
import { normalizeText } from '../text.ts';

/** Shared shapes for route schemas. */
export const IdParam = z.string().uuid();
export const IsoInstant = z.string().describe('ISO-8601 instant, UTC');
export const CalendarDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/**
 * One line of text a person types — a name, a title, a city: NFC, without zero-width, direction-changing or
 * control characters, trimmed (platform/text.ts), then bounded. A value of only invisible characters is
 * empty, and `上\u200B海` is `上海`. Optional when `min` is 0.
 */
export const LineText = (max: number, min = 1) =>
  z
    .string()
    .transform((s) => normalizeText(s))
    .pipe(
      z
        .string()
        .min(min, 'must not be empty')
        .max(max, `must be at most ${max} characters`),
    );

/** Every password anyone sets (a member, an org's first admin, a change, a reset): platform/auth/password-strength.ts. */
export const Password = z
  .string()
  .max(200, 'must be at most 200 characters')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('at least 10 characters and not easy to guess (zxcvbn score ≥ 3: no common password, word, name or keyboard pattern)');
export const Email = z.string().trim().email('must be an e-mail address').max(254);
export const Name = LineText(200);
