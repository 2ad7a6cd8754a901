import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../../src/platform/calendar-date.ts';
import { emailKey, ownershipVerdict, phoneKey, phoneProblem, protectionEndsOn, protectionHolder, refusalDisputableUntil, releasesCandidate } from '../../src/submissions/ownership.rules.ts';

const D0 = '2026-01-05' as CalendarDate;

describe('candidate identity', () => {
  it.each(['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '0086-13800138000', '(+86)13800138000', '86 13800138000', '+86-138.0013.8000', '１３８ ００１３ ８０００', ' 138\u30000013\u30008000 ', '+86 (138) 0013-8000'])(
    'normalizes %j to the same mobile',
    (raw) => {
      expect(phoneKey(raw)).toBe('13800138000');
    },
  );

  it('keeps other countries and non-mobile numbers apart', () => {
    expect(phoneKey('+1 (415) 555-0100')).toBe('+14155550100');
    expect(phoneKey('+852 9123 4567')).toBe('+85291234567');
    expect(phoneKey('010-8888 6666')).toBe('01088886666');
    // "86" followed by something that is not an 11-digit mobile starting with 1 is not a country code.
    expect(phoneKey('8621 5555 6666')).toBe('862155556666');
    expect(phoneKey('+86 23800138000')).toBe('+8623800138000');
  });

  it('treats an empty phone as none, and refuses what is not a number', () => {
    expect(phoneKey('  - ')).toBeNull();
    expect(phoneKey(null)).toBeNull();
    expect(phoneProblem('138 0013 8000')).toBeNull();
    expect(phoneProblem('call me')).toMatch(/phone number/);
    expect(phoneProblem('123')).toMatch(/phone number/);
  });

  it('compares e-mail trimmed and case-insensitively', () => {
    expect(emailKey('  Zhang.Wei@Example.COM ')).toBe('zhang.wei@example.com');
    expect(emailKey('zhang.wei@example.com')).toBe(emailKey('ZHANG.WEI@EXAMPLE.COM'));
    expect(emailKey('   ')).toBeNull();
  });
});

describe('aliases of one person', () => {
  it.each(['alice.wang@gmail.com', 'alicewang@gmail.com', 'alice.wang+job@gmail.com', 'alice.wang@googlemail.com', 'A.L.I.C.E.W.A.N.G+x+y@GoogleMail.com', ' Alice.Wang@GMAIL.COM ', 'ａｌｉｃｅ.wang@gmail.com'])(
    'reads the Gmail address %j as alicewang@gmail.com',
    (raw) => {
      expect(emailKey(raw)).toBe('alicewang@gmail.com');
    },
  );

  it('drops a sub-address for every domain, but keeps dots outside Gmail', () => {
    expect(emailKey('zhang.wei+tenure@example.com')).toBe('zhang.wei@example.com');
    expect(emailKey('zhang.wei+a+b@Example.com')).toBe('zhang.wei@example.com');
    expect(emailKey('zhang.wei@example.com')).not.toBe(emailKey('zhangwei@example.com'));
    expect(emailKey('zhang.wei@qq.com')).toBe('zhang.wei@qq.com');
  });

  it('keeps what is not an alias: a name that is only a tag, a missing @, other domains', () => {
    expect(emailKey('+tag@example.com')).toBe('+tag@example.com');
    expect(emailKey('no-at-sign')).toBe('no-at-sign');
    expect(emailKey('alice.wang@gmail.co')).toBe('alice.wang@gmail.co');
    expect(emailKey('...@gmail.com')).toBe('...@gmail.com');
  });

  it.each(['+86 (0)139 1234 5678', '+86(0)13912345678', '0086 (0) 139-1234-5678', 'tel:+86-139-1234-5678', 'TEL:13912345678', '+86 139/1234/5678', '13912345678'])(
    'reads the phone %j as 13912345678',
    (raw) => {
      expect(phoneKey(raw)).toBe('13912345678');
    },
  );

  it('drops the (0) trunk prefix for any country code, and writes 00 as +', () => {
    expect(phoneKey('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(phoneKey('0044 20 7946 0958')).toBe('+442079460958');
    expect(phoneKey('+44 (0)20 7946 0958')).toBe(phoneKey('+44 20 7946 0958'));
    // A (0) that follows no country code is part of the number as typed.
    expect(phoneKey('(0)20 7946 0958')).toBe('02079460958');
  });
});

describe('a withdrawal that releases the candidate', () => {
  it('is one made by the submitting consultant while the poster had not acted (still submitted)', () => {
    expect(releasesCandidate({ consultantId: 'c1', withdrawal: { fromStage: 'submitted', byUserId: 'c1' } })).toBe(true);
  });
  it.each(['screening', 'interviewing', 'offered'] as const)('is not one made from %s (the poster acted on it)', (fromStage) => {
    expect(releasesCandidate({ consultantId: 'c1', withdrawal: { fromStage, byUserId: 'c1' } })).toBe(false);
  });
  it('is not one made by someone else (the agency admin), nor a submission that was not withdrawn', () => {
    expect(releasesCandidate({ consultantId: 'c1', withdrawal: { fromStage: 'submitted', byUserId: 'admin' } })).toBe(false);
    expect(releasesCandidate({ consultantId: 'c1', withdrawal: null })).toBe(false);
  });
  it('lets another consultant submit the released candidate at once; an acted-on withdrawal still protects', () => {
    const base = { consultantId: 'c1', phoneKey: '13800138000', emailKey: null, submittedOn: D0 };
    const verdict = (withdrawal: { fromStage: 'submitted' | 'screening'; byUserId: string } | null) =>
      ownershipVerdict({ today: addDays(D0, 1), consultantId: 'c2', candidate: { phoneKey: '13800138000', emailKey: null }, windowDays: 90, earlier: [{ ...base, withdrawal }] });
    expect(verdict({ fromStage: 'submitted', byUserId: 'c1' })).toEqual({ blocked: false });
    expect(verdict({ fromStage: 'screening', byUserId: 'c1' })).toEqual({ blocked: true, protectedUntil: protectionEndsOn(D0, 90) });
    expect(verdict(null)).toEqual({ blocked: true, protectedUntil: protectionEndsOn(D0, 90) });
  });
});

describe('ownership window (90 days)', () => {
  const earlier = [{ consultantId: 'c1', phoneKey: '13800138000', emailKey: null, submittedOn: D0 }];
  const verdict = (daysLater: number, consultantId = 'c2', candidate = { phoneKey: '13800138000', emailKey: null }) =>
    ownershipVerdict({ today: addDays(D0, daysLater), consultantId, candidate, windowDays: 90, earlier });

  it('ends on the submission date + 90', () => {
    expect(protectionEndsOn(D0, 90)).toBe('2026-04-05');
  });

  it.each([0, 1, 88, 89])('refuses another consultant on day %i, naming the end date', (d) => {
    expect(verdict(d)).toEqual({ blocked: true, protectedUntil: '2026-04-05' });
  });

  it.each([90, 91, 365])('allows another consultant on day %i', (d) => {
    expect(verdict(d)).toEqual({ blocked: false });
  });

  it('never blocks the consultant who holds the protection', () => {
    expect(verdict(1, 'c1')).toEqual({ blocked: false });
  });

  it('matches on phone OR e-mail', () => {
    const both = [{ consultantId: 'c1', phoneKey: '13800138000', emailKey: 'zw@example.com', submittedOn: D0 }];
    const byEmail = ownershipVerdict({ today: D0, consultantId: 'c2', candidate: { phoneKey: '13900139000', emailKey: 'zw@example.com' }, windowDays: 90, earlier: both });
    expect(byEmail.blocked).toBe(true);
    const neither = ownershipVerdict({ today: D0, consultantId: 'c2', candidate: { phoneKey: '13900139000', emailKey: 'other@example.com' }, windowDays: 90, earlier: both });
    expect(neither.blocked).toBe(false);
    const nulls = ownershipVerdict({ today: D0, consultantId: 'c2', candidate: { phoneKey: null, emailKey: null }, windowDays: 90, earlier: [{ ...both[0]!, phoneKey: null, emailKey: null }] });
    expect(nulls.blocked).toBe(false);
  });

  it('names the latest end when several submissions protect the candidate', () => {
    const several = [
      { consultantId: 'c1', phoneKey: '13800138000', emailKey: null, submittedOn: D0 },
      { consultantId: 'c3', phoneKey: '13800138000', emailKey: null, submittedOn: addDays(D0, 30) },
      { consultantId: 'c2', phoneKey: '13800138000', emailKey: null, submittedOn: addDays(D0, 60) },
    ];
    expect(ownershipVerdict({ today: addDays(D0, 61), consultantId: 'c2', candidate: { phoneKey: '13800138000', emailKey: null }, windowDays: 90, earlier: several })).toEqual({
      blocked: true,
      protectedUntil: addDays(D0, 120),
    });
  });

  it('follows a configured window', () => {
    expect(ownershipVerdict({ today: addDays(D0, 29), consultantId: 'c2', candidate: { phoneKey: '13800138000', emailKey: null }, windowDays: 30, earlier }).blocked).toBe(true);
    expect(ownershipVerdict({ today: addDays(D0, 30), consultantId: 'c2', candidate: { phoneKey: '13800138000', emailKey: null }, windowDays: 30, earlier }).blocked).toBe(false);
  });
});

describe('the holder of a protection (the other party of an ownership dispute)', () => {
  const key = { phoneKey: '13800138000', emailKey: null };
  const several = [
    { id: 's1', consultantId: 'c1', ...key, submittedOn: D0 },
    { id: 's3', consultantId: 'c3', ...key, submittedOn: addDays(D0, 30) },
    { id: 's2', consultantId: 'c2', ...key, submittedOn: addDays(D0, 60) },
    { id: 'w', consultantId: 'c4', ...key, submittedOn: addDays(D0, 50), withdrawal: { fromStage: 'submitted' as const, byUserId: 'c4' } },
  ];
  const holder = (daysLater: number, consultantId = 'c2') => protectionHolder({ today: addDays(D0, daysLater), consultantId, candidate: key, windowDays: 90, earlier: several });

  it('is the submission whose protection ends last, never the caller’s own nor one that released the candidate', () => {
    expect(holder(61)?.id).toBe('s3');
    expect(holder(61, 'c5')?.id).toBe('s2');
  });

  it('is the submission whose end the verdict names, and none when nothing blocks', () => {
    for (const day of [0, 29, 61, 89, 90, 119, 120, 150]) {
      const v = ownershipVerdict({ today: addDays(D0, day), consultantId: 'c5', candidate: key, windowDays: 90, earlier: several });
      const h = holder(day, 'c5');
      if (v.blocked) expect(protectionEndsOn(h!.submittedOn, 90)).toBe(v.protectedUntil);
      else expect(h).toBeNull();
    }
  });

  it('a refusal can be disputed until day 30 after it', () => {
    expect(refusalDisputableUntil(D0)).toBe(addDays(D0, 30));
  });
});

