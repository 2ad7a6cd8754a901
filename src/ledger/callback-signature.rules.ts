import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The payment provider's callback signature (docs/money.md): header
 * `Tenure-Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>", keyed with the secret's UTF-8 bytes>`.
 * Older than 5 minutes (or more than 5 minutes ahead) is refused, so a captured callback cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'tenure-payment-signature';
export const MAX_AGE_SECONDS = 5 * 60;

export function signCallback(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

/** Why a callback is refused, or null when its signature is good and fresh (`nowSeconds` is the wall clock). */
export function signatureProblem(header: unknown, body: string, secret: string, nowSeconds: number): SignatureProblem | null {
  if (typeof header !== 'string' || header.length === 0) return 'missing';
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return 'malformed';
  const timestamp = Number(t);
  if (Math.abs(nowSeconds - timestamp) > MAX_AGE_SECONDS) return 'expired';
  const expected = Buffer.from(signCallback(secret, timestamp, body).slice(`t=${timestamp},v1=`.length), 'hex');
  const given = Buffer.from(v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'mismatch';
}
