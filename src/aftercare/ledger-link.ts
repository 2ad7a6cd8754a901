/**
 * What claims need from the money area (src/ledger): the installments issued so far with their payments, the
 * refund settlement (§4.6) and the move of pending money to a replacement.
 */
export { installmentFactsForClaim, moveToReplacement, passGuarantee, settleRefund } from '../ledger/service.ts';
