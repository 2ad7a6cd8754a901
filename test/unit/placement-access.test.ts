import { describe, expect, it } from 'vitest';
import { canSeePlacement, pendingSides, sideToAccept, sidesOf } from '../../src/placements/placement-access.rules.ts';
import type { Actor, Role } from '../../src/platform/auth/actor.ts';

const EMPLOYER = 'org-employer';
const AGENCY = 'org-agency';
const OTHER_AGENCY = 'org-other-agency';
const CONSULTANT = 'user-consultant';

const actor = (role: Role, orgId: string, userId = `user-${role}`): Actor => ({
  userId,
  orgId,
  orgKind: role.startsWith('employer') ? 'employer' : role === 'agency_admin' || role === 'consultant' ? 'agency' : role.startsWith('assessor') ? 'assessor' : 'platform',
  role,
  via: 'session',
});

const placement = { posterOrgId: EMPLOYER, agencyOrgId: AGENCY, consultantId: CONSULTANT, posterAcceptedAt: null, delivererAcceptedAt: null };

describe('who signs for which side', () => {
  it.each([
    ['employer_admin of the poster', actor('employer_admin', EMPLOYER), ['poster']],
    ['employer_hr of the poster', actor('employer_hr', EMPLOYER), ['poster']],
    ['the delivering consultant', actor('consultant', AGENCY, CONSULTANT), ['deliverer']],
    ['the admin of the delivering agency', actor('agency_admin', AGENCY), ['deliverer']],
    ['another consultant of the same agency', actor('consultant', AGENCY, 'user-colleague'), []],
    ['the admin of another agency', actor('agency_admin', OTHER_AGENCY), []],
    ['an employer admin of another org', actor('employer_admin', 'org-elsewhere'), []],
    ['platform ops', actor('platform_ops', 'org-platform'), []],
    ['an arbitrator', actor('arbitrator', 'org-platform'), []],
    ['an assessor', actor('assessor', 'org-assessor'), []],
  ] as const)('%s → %j', (_, who, sides) => {
    expect(sidesOf(who, placement)).toEqual(sides);
  });

  it('lets platform ops and both parties see a placement, and nobody else', () => {
    expect(canSeePlacement(actor('platform_ops', 'org-platform'), placement)).toBe(true);
    expect(canSeePlacement(actor('employer_hr', EMPLOYER), placement)).toBe(true);
    expect(canSeePlacement(actor('consultant', AGENCY, CONSULTANT), placement)).toBe(true);
    expect(canSeePlacement(actor('consultant', AGENCY, 'user-colleague'), placement)).toBe(false);
    expect(canSeePlacement(actor('arbitrator', 'org-platform'), placement)).toBe(false);
  });

  it('does not take a consultant id from another org as the deliverer', () => {
    expect(sidesOf(actor('consultant', OTHER_AGENCY, CONSULTANT), placement)).toEqual([]);
  });

  it('gives the admin of an agency that posted for its client the poster side', () => {
    const agencyPosted = { ...placement, posterOrgId: OTHER_AGENCY };
    expect(sidesOf(actor('agency_admin', OTHER_AGENCY), agencyPosted)).toEqual(['poster']);
    expect(sidesOf(actor('consultant', OTHER_AGENCY), agencyPosted)).toEqual([]);
  });
});

describe('which side an acceptance signs', () => {
  it('signs the actor’s side while it is open, and nothing once it has accepted', () => {
    const hr = actor('employer_hr', EMPLOYER);
    expect(sideToAccept(hr, placement)).toBe('poster');
    expect(sideToAccept(hr, { ...placement, posterAcceptedAt: '2026-01-05T01:00:00.000Z' })).toBeNull();
  });

  it('signs both sides one at a time, poster first, for an agency that delivers its own order', () => {
    const own = { ...placement, posterOrgId: AGENCY };
    const admin = actor('agency_admin', AGENCY);
    expect(sidesOf(admin, own)).toEqual(['poster', 'deliverer']);
    expect(sideToAccept(admin, own)).toBe('poster');
    expect(sideToAccept(admin, { ...own, posterAcceptedAt: 'x' })).toBe('deliverer');
    expect(sideToAccept(admin, { ...own, posterAcceptedAt: 'x', delivererAcceptedAt: 'y' })).toBeNull();
  });

  it('lists the sides still to accept', () => {
    expect(pendingSides(placement)).toEqual(['poster', 'deliverer']);
    expect(pendingSides({ posterAcceptedAt: 'x', delivererAcceptedAt: null })).toEqual(['deliverer']);
    expect(pendingSides({ posterAcceptedAt: 'x', delivererAcceptedAt: 'y' })).toEqual([]);
  });
});
