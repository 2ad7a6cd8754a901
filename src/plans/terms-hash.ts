import { canonicalJson, sha256Hex } from '../platform/canonical-json.ts';
import type { EngineTerms } from './terms.schema.ts';

/**
 * The fingerprint both sides accept at hire and every later decision cites (DESIGN §4.1): SHA-256, in lowercase
 * hex, of the canonical JSON of the terms (object keys sorted, no spaces, absent parts left out). The same terms
 * give the same hash on every run and machine, whatever order their keys were written in.
 */
export function termsHash(terms: EngineTerms): string {
  return sha256Hex(canonicalJson(terms));
}

/** The exact text that `termsHash` hashes, for a party that wants to verify it by hand. */
export function termsCanonicalJson(terms: EngineTerms): string {
  return canonicalJson(terms);
}
