import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/platform/auth/actor.ts';
import type { SubmissionStage } from '../../src/platform/db/schema.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { canSeeSubmission, checkMove, isValidMove, movesFor, sidesOf, STAGES, type Side } from '../../src/submissions/submission-stage.rules.ts';

const HIRE = { startDate: '2026-03-02', annualSalary: '360000.00' };

/** The whole table: every (from, to) pair, decided by hand. */
const VALID: Record<SubmissionStage, SubmissionStage[]> = {
  submitted: ['screening', 'interviewing', 'offered', 'rejected', 'withdrawn'],
  screening: ['interviewing', 'offered', 'rejected', 'withdrawn'],
  interviewing: ['offered', 'rejected', 'withdrawn'],
  offered: ['hired', 'rejected', 'withdrawn'],
  hired: [],
  rejected: [],
  withdrawn: [],
};

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'thrown';
  }
}

describe('submission stages', () => {
  const pairs = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is valid exactly when the table says so', (from, to) => {
    expect(isValidMove(from, to)).toBe(VALID[from].includes(to));
  });

  it.each(pairs)('%s → %s: the poster gets the right answer', (from, to) => {
    const code = codeOf(() => checkMove(from, to, ['poster'], to === 'hired' ? HIRE : undefined));
    if (!VALID[from].includes(to)) expect(code).toBe('invalid_transition');
    else expect(code).toBe(to === 'withdrawn' ? 'forbidden' : null);
  });

  it.each(pairs)('%s → %s: the consultant gets the right answer', (from, to) => {
    const code = codeOf(() => checkMove(from, to, ['deliverer'], to === 'hired' ? HIRE : undefined));
    if (!VALID[from].includes(to)) expect(code).toBe('invalid_transition');
    else expect(code).toBe(to === 'withdrawn' ? null : 'forbidden');
  });

  it('names from and to in the refusal', () => {
    try {
      checkMove('rejected', 'hired', ['poster'], HIRE);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).message).toContain('from rejected to hired');
      expect((e as DomainError).details).toEqual({ from: 'rejected', to: 'hired' });
    }
    expect(() => checkMove('interviewing', 'hired', ['poster'], HIRE)).toThrow(/after an offer/);
    expect(() => checkMove('offered', 'screening', ['poster'], undefined)).toThrow(/only moves forward/);
    expect(() => checkMove('offered', 'offered', ['poster'], undefined)).toThrow(/already offered/);
  });

  it('needs start date and salary for hired, and only for hired', () => {
    expect(codeOf(() => checkMove('offered', 'hired', ['poster'], undefined))).toBe('invalid_input');
    expect(codeOf(() => checkMove('offered', 'rejected', ['poster'], HIRE))).toBe('invalid_input');
  });

  it('offers each side its own moves', () => {
    expect(movesFor('submitted', ['poster'])).toEqual(['screening', 'interviewing', 'offered', 'rejected']);
    expect(movesFor('offered', ['poster'])).toEqual(['hired', 'rejected']);
    expect(movesFor('interviewing', ['deliverer'])).toEqual(['withdrawn']);
    expect(movesFor('interviewing', ['poster', 'deliverer'])).toEqual(['offered', 'rejected', 'withdrawn']);
    for (const final of ['hired', 'rejected', 'withdrawn'] as const) expect(movesFor(final, ['poster', 'deliverer'] as Side[])).toEqual([]);
  });
});

describe('sides of a submission', () => {
  const s = { posterOrgId: 'huaxin', agencyOrgId: 'talentbridge', consultantId: 'c1' };
  const actor = (role: Role, orgId: string, userId = 'u'): Actor => ({ role, orgId, userId, orgKind: 'employer', via: 'session' });

  it.each([
    ['employer admin of the poster', actor('employer_admin', 'huaxin'), ['poster']],
    ['employer HR of the poster', actor('employer_hr', 'huaxin'), ['poster']],
    ['employer admin of another org', actor('employer_admin', 'bluepeak'), []],
    ['the consultant who submitted', actor('consultant', 'talentbridge', 'c1'), ['deliverer']],
    ['another consultant of the same agency', actor('consultant', 'talentbridge', 'c2'), []],
    ['the agency admin', actor('agency_admin', 'talentbridge'), ['deliverer']],
    ['another agency admin', actor('agency_admin', 'apexsearch'), []],
    ['platform ops', actor('platform_ops', 'platform'), []],
  ])('%s', (_, a, sides) => {
    expect(sidesOf(a, s)).toEqual(sides);
    expect(canSeeSubmission(a, s)).toBe(sides.length > 0 || a.role === 'platform_ops');
  });

  it('an agency admin posting for a client and delivering with its own consultant holds both sides', () => {
    expect(sidesOf(actor('agency_admin', 'talentbridge'), { posterOrgId: 'talentbridge', agencyOrgId: 'talentbridge', consultantId: 'c1' })).toEqual(['poster', 'deliverer']);
  });
});
