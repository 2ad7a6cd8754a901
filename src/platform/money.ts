import { DomainError } from './errors.ts';

/**
 * Money in Tenure (DESIGN §4.1, §4.6): integer minor units (bigint) of one ISO 4217 currency.
 * Parsing, formatting and the one rounding rule live here; no floating point ever touches an amount.
 */

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'SGD', 'GBP', 'JPY', 'KRW'] as const;
export type Currency = (typeof CURRENCIES)[number];

const MINOR_DIGITS: Readonly<Record<Currency, number>> = {
  CNY: 2,
  USD: 2,
  EUR: 2,
  HKD: 2,
  SGD: 2,
  GBP: 2,
  JPY: 0,
  KRW: 0,
};

const MINOR_SCALE: Readonly<Record<Currency, bigint>> = {
  CNY: 100n,
  USD: 100n,
  EUR: 100n,
  HKD: 100n,
  SGD: 100n,
  GBP: 100n,
  JPY: 1n,
  KRW: 1n,
};

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(MINOR_DIGITS, value);
}

export function minorDigitsOf(currency: Currency): number {
  return MINOR_DIGITS[currency];
}

/** A plain decimal: digits, optionally a point and more digits. No sign, exponent, spaces or grouping. */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Why `text` is not an amount of `currency` (a phrase to put after the field name), or null when it is one.
 * Accepted: "30000", "30000.5", "30000.50" (CNY); "100" (JPY). Refused: "-1", "1e5", "+1", " 1", "", "1.005" (CNY), "1.0" (JPY).
 */
export function amountProblem(text: unknown, currency: Currency): string | null {
  if (typeof text !== 'string') return 'must be a decimal string such as "1234.50"';
  const m = DECIMAL.exec(text);
  if (m === null) {
    if (/^-\s*\d/.test(text)) return 'must not be negative';
    return 'must be a decimal string such as "1234.50"';
  }
  const fraction = m[2];
  const digits = MINOR_DIGITS[currency];
  if (fraction !== undefined && fraction.length > digits) {
    return digits === 0
      ? `must be a whole number of ${currency} (no decimals)`
      : `must have at most ${digits} decimals for ${currency}`;
  }
  return null;
}

/** Decimal string in major units → minor units. Throws DomainError('invalid_input') naming `field`. */
export function parseAmount(text: string, currency: Currency, field = 'amount'): bigint {
  const minor = tryParseAmount(text, currency);
  if (minor === null) {
    throw new DomainError('invalid_input', `${field} ${amountProblem(text, currency) ?? 'is not a valid amount'}`, { field });
  }
  return minor;
}

/**
 * The largest amount Tenure takes, in minor units: 2^53 − 1 (¥90,071,992,547,409.91). The database would hold
 * 2^63 − 1, but an amount must stay exact end to end — in every JSON reader and JavaScript client that reads it
 * as a number, and in the web app — so anything above is refused at the boundary naming the field.
 */
export const MAX_STORED_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * parseAmount for an amount that will be stored: also refuses one beyond MAX_STORED_MINOR, which the database
 * would reject mid-transaction. Throws DomainError('invalid_input') naming `field`.
 */
export function parseStoredAmount(text: string, currency: Currency, field: string): bigint {
  const minor = parseAmount(text, currency, field);
  if (minor > MAX_STORED_MINOR) throw new DomainError('invalid_input', `${field} must be at most ${formatAmount(MAX_STORED_MINOR, currency)}`, { field });
  return minor;
}

/** Decimal string in major units → minor units, or null when it is not a valid amount of `currency`. */
export function tryParseAmount(text: unknown, currency: Currency): bigint | null {
  if (typeof text !== 'string') return null;
  const digits = MINOR_DIGITS[currency];
  const length = text.length;
  if (length === 0 || length > 13) return tryParseLongAmount(text, currency);
  // Up to 13 characters the value in minor units stays below 2^53: exact in a double.
  let value = 0;
  let i = 0;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break; // '.'
    const v = c - 48;
    if (v < 0 || v > 9) return null;
    value = value * 10 + v;
  }
  if (i === 0) return null;
  let scale = digits;
  if (i < length) {
    const fractionLength = length - i - 1;
    if (fractionLength < 1 || fractionLength > digits) return null;
    for (let j = i + 1; j < length; j++) {
      const v = text.charCodeAt(j) - 48;
      if (v < 0 || v > 9) return null;
      value = value * 10 + v;
    }
    scale = digits - fractionLength;
  }
  for (; scale > 0; scale--) value *= 10;
  return BigInt(value);
}

function tryParseLongAmount(text: string, currency: Currency): bigint | null {
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const whole = m[1] as string;
  const fraction = m[2] ?? '';
  const digits = MINOR_DIGITS[currency];
  if (fraction.length > digits) return null;
  if (digits === 0) return BigInt(whole);
  return BigInt(whole) * MINOR_SCALE[currency] + BigInt(fraction.padEnd(digits, '0'));
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Minor units → decimal string with exactly the currency's digits ("0.00", "28666.67", "1500" for JPY). */
export function formatAmount(minor: bigint, currency: Currency): string {
  const digits = MINOR_DIGITS[currency];
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  let text: string;
  if (digits === 0) {
    text = abs.toString();
  } else if (abs <= MAX_EXACT) {
    const n = Number(abs); // exact below 2^53
    const scale = 10 ** digits;
    const fraction = n % scale;
    text = `${(n - fraction) / scale}.${String(fraction).padStart(digits, '0')}`;
  } else {
    const scale = MINOR_SCALE[currency];
    text = `${(abs / scale).toString()}.${(abs % scale).toString().padStart(digits, '0')}`;
  }
  return negative ? `-${text}` : text;
}

/**
 * THE rounding rule for money: a × num / den, rounded half up (a half rounds away from zero), exact.
 * All operands must be non-negative and `den` positive.
 */
export function mulDivRoundHalfUp(a: bigint, num: bigint, den: bigint): bigint {
  if (a < 0n || num < 0n || den <= 0n) {
    throw new RangeError(`mulDivRoundHalfUp needs a ≥ 0, num ≥ 0, den > 0 (got ${a}, ${num}, ${den})`);
  }
  return (a * num * 2n + den) / (den * 2n);
}

/** A percent with at most 2 decimals ("33.33", 12.5, 100) as an integer count of hundredths of a percent, or null. */
export function percentHundredths(percent: unknown): number | null {
  let text: string;
  if (typeof percent === 'number') {
    if (!(percent >= 0 && percent < 1e13)) return null; // also refuses NaN
    // p has at most 2 decimals exactly when it is the double nearest to h/100 for the integer h = round(100p):
    // the same as its shortest decimal form ("33.33", not "33.333" or "0.30000000000000004") having ≤ 2 decimals.
    const h = Math.round(percent * 100);
    return h / 100 === percent ? h : null;
  } else if (typeof percent === 'string') {
    text = percent;
  } else {
    return null;
  }
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (m === null) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** `percent` % of `minor`, rounded half up. `percent` has at most 2 decimals and is read from its decimal text. */
export function percentOf(minor: bigint, percent: number | string): bigint {
  const hundredths = percentHundredths(percent);
  if (hundredths === null) throw new RangeError(`not a percent with at most 2 decimals: ${String(percent)}`);
  return mulDivRoundHalfUp(minor, BigInt(hundredths), 10_000n);
}
