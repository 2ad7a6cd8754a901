import { createHmac } from 'node:crypto';

/**
 * The signature of an outgoing webhook delivery (DESIGN §4.13, README "Receiving Tenure's webhooks"):
 * `Tenure-Signature: t=<unix seconds, wall clock>,v1=<hex HMAC-SHA256 of "<t>.<body>", keyed with the secret's
 * UTF-8 bytes>`. While a rotated secret's overlap lasts, the old secret signs too: a second `v1=` entry, so a
 * receiver that still holds either secret accepts the delivery.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Tenure-Signature';

export function webhookMac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header's value: the current secret's entry first, then the previous one's during its overlap. */
export function webhookSignatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${webhookMac(s, timestamp, body)}`)].join(',');
}

/** The secrets that sign at `now`: the current one, and the previous one until its overlap ends. */
export function signingSecrets(e: { secret: string; previousSecret: string | null; previousSecretUntil: string | null }, now: Date): string[] {
  return e.previousSecret !== null && e.previousSecretUntil !== null && now.toISOString() < e.previousSecretUntil ? [e.secret, e.previousSecret] : [e.secret];
}

/** How long a rotated secret keeps signing beside the new one, unless the caller says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
export const MAX_ROTATION_OVERLAP_HOURS = 24 * 7;

/** Whether an answer of the receiver is a delivery (any 2xx); everything else is tried again. */
export const isDelivered = (status: number): boolean => status >= 200 && status < 300;
