/**
 * What claims need from the money area (src/ledger): the installments issued so far with their payments (unpaid
 * ones past their grace count as payment_overdue), the refund settlement (§4.6 steps 1–4) and the move of pending
 * money to a replacement. The ledger's own functions, in the shapes claims call them with.
 */
export { installmentFactsForClaim, moveToReplacement, settleRefund } from '../ledger/service.ts';
