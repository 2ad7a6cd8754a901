import { z } from 'zod';

/** Shared shapes for route schemas. */
export const IdParam = z.string().uuid();
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) });
export const IsoInstant = z.string().describe('ISO-8601 instant, UTC');
export const CalendarDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const Empty = z.null().or(z.undefined()).describe('no content');
export const Password = z.string().min(8, 'must be at least 8 characters').max(200);
export const Email = z.string().trim().email('must be an e-mail address').max(254);
export const Name = z.string().trim().min(1, 'must not be empty').max(200);
