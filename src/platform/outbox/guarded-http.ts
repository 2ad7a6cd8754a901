import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkTargetUrl, classifyAddress } from './address-guard.rules.ts';

/** A refusal of the address guard: the URL points at loopback, link-local or private addresses. */
export class AddressRefused extends Error {
  constructor(readonly reason: string) {
    super(`refused: the address is ${reason}`);
  }
}

/** Resolves a name and refuses it when ANY of its addresses is not public (checked at save time). */
export async function assertPublicUrl(text: string, allowPrivate: boolean): Promise<void> {
  const v = checkTargetUrl(text, { allowPrivate });
  if (!v.ok) throw new AddressRefused(v.reason);
  if (allowPrivate || v.literal !== undefined) return;
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) => {
    dnsLookup(v.url.hostname, { all: true }, (err, list) => (err ? reject(new AddressRefused(`not resolvable (${err.code ?? err.message})`)) : resolve(list)));
  });
  for (const a of addresses) {
    const verdict = classifyAddress(a.address);
    if (!verdict.allowed) throw new AddressRefused(verdict.reason);
  }
}

/**
 * The socket's own name lookup, checked: the address connected to is the address checked (a name that answered
 * a public address when the URL was saved and a private one now — DNS rebinding — is refused here).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, '', 0);
      const addresses = list;
      if (!allowPrivate) {
        for (const a of addresses) {
          const v = classifyAddress(a.address);
          if (!v.allowed) return callback(new AddressRefused(v.reason), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (e: null, l: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export type HttpReply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** Answers longer than this are cut: a delivery log keeps the start of a reply, never megabytes. */
const MAX_REPLY_BYTES = 64 * 1024;

/** POSTs `body` to `url` through the address guard, within `timeoutMs` (connect, send and answer together). */
export function guardedPost(url: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<HttpReply> {
  const v = checkTargetUrl(url, { allowPrivate: opts.allowPrivate });
  if (!v.ok) return Promise.reject(new AddressRefused(v.reason));
  const client = v.url.protocol === 'https:' ? https : http;
  return new Promise<HttpReply>((resolve, reject) => {
    const req = client.request(
      v.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Tenure-Outbox/1', ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.allowPrivate),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_REPLY_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, MAX_REPLY_BYTES).toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}
