import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/en.ts';
import zhCN from '../../web/src/i18n/zh-CN.ts';
import { NOTIFICATION_KINDS } from '../../src/notifications/kinds.ts';

/** Every leaf key of a nested messages object, as dotted paths, sorted. */
function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) =>
      typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
    .sort();
}

function leavesOf(messages: object): Array<[string, unknown]> {
  return keysOf(messages).map((path) => [path, path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages)]);
}

/** `{{name}}` placeholders in a message. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();

describe('web translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zhKeys = keysOf(zhCN);
    const enKeys = keysOf(en);
    expect(enKeys.filter((key) => !zhKeys.includes(key))).toEqual([]);
    expect(zhKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(zhKeys.length).toBeGreaterThan(100);
  });

  it("every inbox kind of the server's catalog has its sentence in both languages, none naming a candidate", () => {
    for (const kind of Object.keys(NOTIFICATION_KINDS)) {
      for (const messages of [zhCN, en]) {
        const text = kind.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], (messages.notifications as { kinds: unknown }).kinds);
        expect(typeof text, kind).toBe('string');
        expect(placeholders(text as string), kind).not.toContain('candidateName');
      }
    }
    // Kinds the server no longer sends have no words left behind.
    const known = new Set(Object.keys(NOTIFICATION_KINDS));
    expect(keysOf((zhCN.notifications as { kinds: object }).kinds).filter((k) => !known.has(k))).toEqual([]);
  });

  it('every kind has a short name for the channel settings, and no name is left for a kind the server dropped', () => {
    const known = new Set(Object.keys(NOTIFICATION_KINDS));
    for (const messages of [zhCN, en]) {
      const names = (messages.channels as { kindNames: object }).kindNames;
      expect(keysOf(names).sort()).toEqual([...known].sort());
    }
  });

  it('every message is a non-empty string in both languages', () => {
    for (const messages of [zhCN, en]) {
      for (const [key, value] of leavesOf(messages)) {
        expect(typeof value, key).toBe('string');
        expect((value as string).trim().length, key).toBeGreaterThan(0);
      }
    }
  });

  it('both languages use the same placeholders in each message', () => {
    const enLeaves = new Map(leavesOf(en));
    for (const [key, value] of leavesOf(zhCN)) {
      expect(placeholders(String(enLeaves.get(key))), key).toEqual(placeholders(String(value)));
    }
  });

  it('carries the product name and motto in both languages', () => {
    expect(zhCN.app.fullName).toContain('稳聘');
    expect(zhCN.app.motto).toBe('交付即服务开始');
    expect(en.app.motto).toBe('Delivery is where service begins');
  });
});
