/**
 * Which addresses Tenure's outgoing requests (webhooks, group robots) may reach: never its own machine or the
 * private network it sits in (server-side request forgery), unless ops allow it. Pure: no DNS here — the caller
 * checks every address a name resolves to, at save time and again at connect time (a name may change its
 * answer between the two: DNS rebinding).
 */

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AddressVerdict = { allowed: true };
const refused = (reason: string): AddressVerdict => ({ allowed: false, reason });

/** Dotted-quad IPv4 (exactly four decimal parts 0–255) as a 32-bit number, or undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** IPv6 text (with `::`, an embedded dotted IPv4 tail, an optional zone) as eight 16-bit groups, or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return undefined;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    s = `${s.slice(0, lastColon + 1)}0:0`; // two placeholder groups, replaced below
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !rest) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (tail.length > 0) groups = [...groups.slice(0, -2), ...tail];
  return groups.length === 8 ? groups : undefined;
}

const inV4 = (ip: number, base: string, bits: number): boolean => {
  const b = parseIpv4(base)!;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(b / size);
};

/** IPv4 ranges that are not the public internet. */
const V4_RANGES: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'this network (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'private (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'shared address space (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'loopback (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'link-local (169.254.0.0/16)'],
  ['172.16.0.0', 12, 'private (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'documentation (192.0.2.0/24)'],
  ['192.168.0.0', 16, 'private (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'benchmarking (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'documentation (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'documentation (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'multicast (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'reserved (240.0.0.0/4, broadcast)'],
];

export function classifyIpv4(ip: number): AddressVerdict {
  for (const [base, bits, reason] of V4_RANGES) if (inV4(ip, base, bits)) return refused(reason);
  return ALLOWED;
}

const v4Of = (hi: number, lo: number): number => hi * 65536 + lo;

export function classifyIpv6(g: number[]): AddressVerdict {
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return refused('unspecified (::)');
  if (zeroUpTo(7) && g[7] === 1) return refused('loopback (::1)');
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address is what is reached.
  if (zeroUpTo(5) && g[5] === 0xffff) return embedded(classifyIpv4(v4Of(g[6]!, g[7]!)), 'IPv4-mapped');
  if (zeroUpTo(6)) return embedded(classifyIpv4(v4Of(g[6]!, g[7]!)), 'IPv4-compatible');
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address; 6to4 (2002::/16) the one in groups 1–2.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(classifyIpv4(v4Of(g[6]!, g[7]!)), 'NAT64');
  if (g[0] === 0x2002) return embedded(classifyIpv4(v4Of(g[1]!, g[2]!)), '6to4');
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return refused('unique local (fc00::/7)');
  if ((first & 0xffc0) === 0xfe80) return refused('link-local (fe80::/10)');
  if ((first & 0xffc0) === 0xfec0) return refused('site-local (fec0::/10)');
  if ((first & 0xff00) === 0xff00) return refused('multicast (ff00::/8)');
  if (first === 0x2001 && g[1] === 0x0db8) return refused('documentation (2001:db8::/32)');
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return refused('discard (100::/64)');
  return ALLOWED;
}

function embedded(v: AddressVerdict, how: string): AddressVerdict {
  return v.allowed ? v : refused(`${how} ${v.reason}`);
}

/** Whether an IP address (text) may be reached; text that is not an IP address is refused. */
export function classifyAddress(address: string): AddressVerdict {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return classifyIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6 !== undefined) return classifyIpv6(v6);
  return refused('not an IP address');
}

export type UrlVerdict = { ok: true; url: URL; literal: string | undefined } | { ok: false; reason: string };

/**
 * A URL Tenure may post to: http or https, a host, no user name or password in it. `literal`: the host when it
 * is an IP address (checked here; names are checked by the caller after resolving them).
 */
export function checkTargetUrl(text: string, opts: { allowPrivate: boolean }): UrlVerdict {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'only http and https URLs' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'no user name or password in the URL' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') return { ok: false, reason: 'the URL has no host' };
  const isLiteral = parseIpv4(host) !== undefined || parseIpv6(host) !== undefined;
  if (!opts.allowPrivate) {
    if (!isLiteral && (host === 'localhost' || host.endsWith('.localhost'))) return { ok: false, reason: 'loopback (localhost)' };
    if (isLiteral) {
      const v = classifyAddress(host);
      if (!v.allowed) return { ok: false, reason: v.reason };
    }
  }
  return { ok: true, url, literal: isLiteral ? host : undefined };
}
