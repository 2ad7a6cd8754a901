import type { Migration } from '../migrate.ts';
import { foundation } from './0001-foundation.ts';
import { marketplace } from './0002-marketplace.ts';
import { notificationReads } from './0003-notification-reads.ts';
import { candidateKeyAliases } from './0005-candidate-key-aliases.ts';
import { aftercare } from './0007-aftercare.ts';
import { ledger } from './0006-ledger.ts';
import { security } from './0004-security.ts';
import { privateAuditAndKeys } from './0009-private-audit-and-keys.ts';
import { replacements } from './0010-replacements.ts';
import { disputes } from './0011-disputes.ts';
import { statementIndexes } from './0012-statement-indexes.ts';
import { claimEvidenceAndCheckinDays } from './0013-claim-evidence-and-checkin-days.ts';
import { paymentReversals } from './0014-payment-reversals.ts';
import { riskAndRatings } from './0015-risk-and-ratings.ts';
import { outbox } from './0016-outbox.ts';
import { skillAssessments } from './0018-skill-assessments.ts';
import { candidateBackground } from './0021-candidate-background.ts';
import { integrations } from './0017-integrations.ts';
import { ownershipDisputes } from './0019-ownership-disputes.ts';
import { readPaths } from './0023-read-paths.ts';
import { sealedChannelSecrets } from './0022-sealed-channel-secrets.ts';
import { idempotencyEffects } from './0024-idempotency-effects.ts';

/**
 * In order. Append only; never edit a migration that has landed. (0006 landed after 0007, and 0004 after both:
 * each runs once by its version, so the order of landing is the order here; 0009 hashes the keys 0005 recomputed.)
 */
export const migrations: Migration[] = [foundation, marketplace, notificationReads, aftercare, ledger, candidateKeyAliases, security, privateAuditAndKeys, replacements, disputes, statementIndexes, claimEvidenceAndCheckinDays, paymentReversals, riskAndRatings, skillAssessments, candidateBackground, outbox, ownershipDisputes, integrations, readPaths, sealedChannelSecrets, idempotencyEffects];
