import { DomainError } from '../platform/errors.ts';

/**
 * How a plan changes (DESIGN §4.1): a published version never changes; editing publishes version n + 1 with the
 * complete new terms. Orders and placements keep pointing at the version they were made with.
 */

/** Version 1 for a new plan, else one past the latest. */
export function nextVersionNumber(latest: number | null): number {
  if (latest === null) return 1;
  if (!Number.isInteger(latest) || latest < 1) throw new Error(`a plan's latest version must be a whole number ≥ 1, got ${latest}`);
  return latest + 1;
}

export type PublishCheck = {
  /** The plan's latest version and its terms hash (null before version 1). */
  latest: { version: number; termsHash: string } | null;
  /** The version the editor started from, when it says so: a guard against two editors overwriting each other. */
  expectedVersion?: number | undefined;
  newTermsHash: string;
};

/**
 * Refuses a publication that would lose someone's edit or that changes nothing. Both are 409s the editor can act
 * on: reload the newer version, or leave the plan as it is.
 */
export function checkPublishable(p: PublishCheck): void {
  const current = p.latest?.version ?? 0;
  if (p.expectedVersion !== undefined && p.expectedVersion !== current) {
    throw new DomainError('conflict', `expectedVersion: the plan is at version ${current}, not ${p.expectedVersion}; reload it and apply your edit again`, {
      field: 'expectedVersion',
      latestVersion: current,
    });
  }
  if (p.latest && p.latest.termsHash === p.newTermsHash) {
    throw new DomainError('conflict', `terms: identical to version ${p.latest.version} (same terms hash); nothing to publish`, {
      field: 'terms',
      latestVersion: p.latest.version,
    });
  }
}

/** "custom-3f9a0c1e": readable in lists and audit events, unique enough with the plan id's first 8 hex digits. */
export function customPlanKey(planId: string, attempt = 0): string {
  const hex = planId.replace(/[^0-9a-f]/gi, '').toLowerCase();
  // On the rare clash of 8 digits, take more of the id rather than failing the publication.
  const length = Math.min(hex.length, 8 + attempt * 4);
  if (length === 0) throw new Error('a plan id needs hex digits');
  return `custom-${hex.slice(0, length)}`;
}

export type CustomRequestStatus = 'open' | 'published' | 'declined';
export type CustomRequestAction = 'publish' | 'decline';

/** An open request is published once or declined once; a decided request stays decided. */
export function nextRequestStatus(status: CustomRequestStatus, action: CustomRequestAction): CustomRequestStatus {
  if (status !== 'open') {
    throw new DomainError('invalid_transition', `the request was already ${status}; it cannot be ${action === 'publish' ? 'published' : 'declined'} again`, {
      status,
    });
  }
  return action === 'publish' ? 'published' : 'declined';
}
