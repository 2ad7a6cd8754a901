import { formatAmount, parseAmount, type Currency } from '../platform/money.ts';
import type { Reward, Terms } from '../plans/terms.schema.ts';
import type { Locale } from '../plans/terms-wording.rules.ts';

/**
 * The terms of one job order: its plan's terms with the order's own currency and reward. This is what a
 * consultant accepts when taking the order (its hash is the one they confirm) and what a placement on the
 * order snapshots at hire. Everything else — guarantee, remedies, installments, scope — is the plan's.
 */
export function termsForOrder(planTerms: Terms, order: { currency: Currency; reward: Reward }): Terms {
  return { ...planTerms, currency: order.currency, reward: order.reward };
}

function groupThousands(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** An amount for people: "50,000.00 CNY". */
export function moneyInWords(minor: bigint, currency: Currency): string {
  return `${groupThousands(formatAmount(minor, currency))} ${currency}`;
}

/** The reward as a consultant reads it in a list: "年薪的20%" / "20% of the annual salary", "固定 50,000.00 CNY". */
export function rewardInWords(reward: Reward, currency: Currency, locale: Locale): string {
  if (reward.type === 'percent_of_annual_salary') {
    return locale === 'en' ? `${reward.percent}% of the annual salary` : `年薪的${reward.percent}%`;
  }
  const amount = moneyInWords(parseAmount(reward.amount, currency, 'reward.amount'), currency);
  return locale === 'en' ? `a fixed ${amount}` : `固定 ${amount}`;
}
