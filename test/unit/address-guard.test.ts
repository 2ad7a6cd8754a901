import { describe, expect, it } from 'vitest';
import { checkTargetUrl, classifyAddress, parseIpv4, parseIpv6 } from '../../src/platform/outbox/address-guard.rules.ts';

const refused = (a: string) => !classifyAddress(a).allowed;

describe('the address guard (server-side request forgery)', () => {
  it('parses IPv4 dotted quads and nothing else', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(parseIpv4('1.2.3.4')).toBe(0x01020304);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4x', '', 'a.b.c.d', '1..2.3', '-1.2.3.4', '1.2.3.1234']) expect(parseIpv4(bad)).toBeUndefined();
  });

  it('parses IPv6 with ::, an IPv4 tail, brackets and a zone', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('[fe80::1%eth0]')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIpv6('2001:db8:0:0:0:0:0:1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '12345::1', '1.2.3.4', ':::', '1:2:3:4:5:6:7', '::ffff:999.0.0.1']) expect(parseIpv6(bad)).toBeUndefined();
  });

  it('refuses every non-public IPv4 range, at both edges, and allows the addresses just outside', () => {
    const ranges: Array<[string, string, string, string]> = [
      // first, last, just before, just after
      ['0.0.0.0', '0.255.255.255', '', '1.0.0.0'],
      ['10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0'],
      ['100.64.0.0', '100.127.255.255', '100.63.255.255', '100.128.0.0'],
      ['127.0.0.0', '127.255.255.255', '126.255.255.255', '128.0.0.0'],
      ['169.254.0.0', '169.254.255.255', '169.253.255.255', '169.255.0.0'],
      ['172.16.0.0', '172.31.255.255', '172.15.255.255', '172.32.0.0'],
      ['192.168.0.0', '192.168.255.255', '192.167.255.255', '192.169.0.0'],
      ['198.18.0.0', '198.19.255.255', '198.17.255.255', '198.20.0.0'],
      ['224.0.0.0', '255.255.255.255', '223.255.255.255', ''],
    ];
    for (const [first, last, before, after] of ranges) {
      expect([first, refused(first)]).toEqual([first, true]);
      expect([last, refused(last)]).toEqual([last, true]);
      if (before) expect([before, refused(before)]).toEqual([before, false]);
      if (after) expect([after, refused(after)]).toEqual([after, false]);
    }
    for (const ok of ['8.8.8.8', '1.1.1.1', '114.114.114.114', '203.0.114.1']) expect([ok, refused(ok)]).toEqual([ok, false]);
  });

  it('refuses IPv6 loopback, unspecified, link-local, unique local, multicast, and IPv4 private addresses hidden inside IPv6', () => {
    for (const a of ['::', '::1', 'fe80::1', 'febf:ffff::1', 'fc00::1', 'fdff:ffff::1', 'ff02::1', 'fec0::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:7f00:1', '::127.0.0.1', '64:ff9b::10.0.0.1', '2002:7f00:1::', '2002:c0a8:101::1', '2001:db8::1']) {
      expect([a, refused(a)]).toEqual([a, true]);
    }
    for (const a of ['2400:3200::1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', 'fe00::1', 'fbff::1']) expect([a, refused(a)]).toEqual([a, false]);
  });

  it('says why an address is refused', () => {
    expect(classifyAddress('127.0.0.1')).toEqual({ allowed: false, reason: 'loopback (127.0.0.0/8)' });
    expect(classifyAddress('::ffff:192.168.1.1')).toEqual({ allowed: false, reason: 'IPv4-mapped private (192.168.0.0/16)' });
    expect(classifyAddress('not-an-ip')).toEqual({ allowed: false, reason: 'not an IP address' });
  });

  it('checks URLs: http(s) only, no credentials, literal private hosts and localhost refused unless allowed', () => {
    const no = { allowPrivate: false };
    expect(checkTargetUrl('https://hooks.example.com/tenure', no)).toMatchObject({ ok: true, literal: undefined });
    expect(checkTargetUrl('https://8.8.8.8/x', no)).toMatchObject({ ok: true, literal: '8.8.8.8' });
    expect(checkTargetUrl('ftp://example.com/x', no)).toEqual({ ok: false, reason: 'only http and https URLs' });
    expect(checkTargetUrl('https://user:pw@example.com/x', no)).toEqual({ ok: false, reason: 'no user name or password in the URL' });
    expect(checkTargetUrl('not a url', no)).toEqual({ ok: false, reason: 'not a URL' });
    for (const u of ['http://localhost:3000/', 'http://api.localhost/', 'http://127.0.0.1/', 'http://[::1]:80/', 'http://0x7f.1/', 'http://2130706433/', 'http://017700000001/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest', 'http://0/']) {
      expect([u, checkTargetUrl(u, no).ok]).toEqual([u, false]);
    }
    expect(checkTargetUrl('http://127.0.0.1:9/', { allowPrivate: true }).ok).toBe(true);
    expect(checkTargetUrl('http://localhost/', { allowPrivate: true }).ok).toBe(true);
  });
});
