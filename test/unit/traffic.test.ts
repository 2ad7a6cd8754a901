import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAFFIC_CONFIG,
  TIERS,
  checkTrafficConfig,
  engagementCap,
  isVisibleTo,
  mayTakeEngagement,
  visibilityFor,
  visibleFrom,
} from '../../src/ratings/traffic.rules.ts';

const OPENED = '2026-03-02T00:00:00.000Z'; // 08:00 in Shanghai
const at = (iso: string) => new Date(iso);

describe('waves: a new order reaches the tiers one after another', () => {
  it('S at once, A after 2 h, B after 6 h, C after 24 h', () => {
    expect(TIERS.map((t) => visibleFrom(OPENED, t))).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-02T02:00:00.000Z',
      '2026-03-02T06:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ]);
  });

  it('visible from the wave instant on, not a millisecond before', () => {
    expect(isVisibleTo(at(OPENED), OPENED, 'S')).toBe(true);
    expect(isVisibleTo(at('2026-03-02T01:59:59.999Z'), OPENED, 'A')).toBe(false);
    expect(isVisibleTo(at('2026-03-02T02:00:00.000Z'), OPENED, 'A')).toBe(true);
    expect(isVisibleTo(at('2026-03-02T05:59:59.999Z'), OPENED, 'B')).toBe(false);
    expect(isVisibleTo(at('2026-03-02T06:00:00.000Z'), OPENED, 'B')).toBe(true);
    expect(isVisibleTo(at('2026-03-02T23:59:59.999Z'), OPENED, 'C')).toBe(false);
    expect(isVisibleTo(at('2026-03-03T00:00:00.000Z'), OPENED, 'C')).toBe(true);
  });

  it('explains to a consultant when the order opens to its own tier, in its time zone', () => {
    const b = visibilityFor(at('2026-03-02T01:00:00Z'), OPENED, 'B', 'Asia/Shanghai');
    expect(b).toEqual({
      visible: false,
      opensAt: '2026-03-02T06:00:00.000Z',
      explanation: { en: 'opens to tier B at 14:00', zh: '14:00 向 B 级开放' },
    });
    // Another day: the date is said too.
    const c = visibilityFor(at('2026-03-02T01:00:00Z'), OPENED, 'C', 'Asia/Shanghai');
    expect(c.explanation).toEqual({ en: 'opens to tier C on 2026-03-03 at 08:00', zh: '2026-03-03 08:00 向 C 级开放' });
    // Only its own tier is named: nothing about who else sees the order.
    expect(b.explanation?.en).not.toMatch(/\b[SAC]\b/);
    expect(visibilityFor(at('2026-03-02T06:00:00Z'), OPENED, 'B', 'Asia/Shanghai')).toEqual({
      visible: true,
      opensAt: '2026-03-02T06:00:00.000Z',
      explanation: null,
    });
  });

  it('waves are configurable; a better tier never waits longer; bad input is refused naming the field', () => {
    const fast = { ...DEFAULT_TRAFFIC_CONFIG, waveMinutes: { S: 0, A: 30, B: 60, C: 90 } };
    expect(visibleFrom(OPENED, 'C', fast)).toBe('2026-03-02T01:30:00.000Z');
    expect(() => checkTrafficConfig({ ...fast, waveMinutes: { S: 0, A: 90, B: 60, C: 120 } })).toThrow(/waveMinutes\.B/);
    expect(() => checkTrafficConfig({ ...fast, waveMinutes: { S: -1, A: 90, B: 90, C: 120 } })).toThrow(/waveMinutes\.S/);
    expect(() => checkTrafficConfig({ ...fast, waveMinutes: { S: 0, A: 1.5, B: 90, C: 120 } })).toThrow(/waveMinutes\.A/);
    expect(() => visibleFrom('yesterday', 'S')).toThrow(/openedAt/);
    expect(() => visibilityFor(at(OPENED), OPENED, 'C', 'Mars/Olympus')).toThrow(/timeZone/);
  });
});

describe('concurrent engagement caps by tier', () => {
  it('S 15, A 10, B 6, C 3', () => {
    expect(TIERS.map((t) => engagementCap(t))).toEqual([15, 10, 6, 3]);
  });
  it('one more is allowed below the cap, not at it', () => {
    for (const t of TIERS) {
      const cap = engagementCap(t);
      expect(mayTakeEngagement(t, cap - 1)).toBe(true);
      expect(mayTakeEngagement(t, cap)).toBe(false);
      expect(mayTakeEngagement(t, cap + 1)).toBe(false);
    }
    expect(mayTakeEngagement('C', 0)).toBe(true);
  });
  it('caps are configurable; a bad count or cap is refused naming it', () => {
    const c = { ...DEFAULT_TRAFFIC_CONFIG, engagementCap: { S: 20, A: 12, B: 8, C: 0 } };
    expect(mayTakeEngagement('S', 19, c)).toBe(true);
    expect(mayTakeEngagement('C', 0, c)).toBe(false);
    expect(() => mayTakeEngagement('B', -1)).toThrow(/active/);
    expect(() => engagementCap('B', { ...c, engagementCap: { ...c.engagementCap, B: 2.5 } })).toThrow(/engagementCap\.B/);
  });
});
