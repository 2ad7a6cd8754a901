import { DomainError } from '../platform/errors.ts';
import { type Currency, parseAmount, percentHundredths, percentOf } from '../platform/money.ts';
import type { Reward } from '../plans/terms.schema.ts';

/**
 * The fee of a placement (DESIGN §4.4 "fee from the reward terms"), in minor units of the order's currency:
 * - `percent_of_annual_salary`: annual salary × percent / 100, rounded half up to the currency's minor unit
 *   (one rounding, exact integer arithmetic: 20.5 % of ¥333,333.33 is ¥68,333.33, not a float's guess);
 * - `fixed`: the amount, whatever the salary.
 * A bad reward (a percent with more than 2 decimals, an amount with more decimals than the currency has) is
 * `invalid_input` naming `terms.reward.…`: terms reach here already validated, so this only guards hand-made input.
 */
export function feeFor(reward: Reward, annualSalary: bigint, currency: Currency): bigint {
  if (annualSalary < 0n) throw new DomainError('invalid_input', 'annualSalary must not be negative', { field: 'annualSalary' });
  if (reward.type === 'fixed') return parseAmount(reward.amount, currency, 'terms.reward.amount');
  const hundredths = percentHundredths(reward.percent);
  if (hundredths === null || hundredths > 10_000) {
    throw new DomainError('invalid_input', 'terms.reward.percent must be a percent from 0 to 100 with at most 2 decimals', { field: 'terms.reward.percent' });
  }
  return percentOf(annualSalary, reward.percent);
}
