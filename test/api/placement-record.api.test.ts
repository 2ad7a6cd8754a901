import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckpoint } from '../../src/platform/audit/checkpoint.ts';
import { signManifest, verifyRecordBundle, type RecordBundle } from '../../src/platform/audit/record-bundle.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, addDaysTo, advanceTo, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const BIN = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'tenure.mjs');

/** `tenure …args` as a user runs it, with no database or server configured (the verifier needs neither). */
function tenure(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TENURE_') && k !== 'DATABASE_URL' && !k.startsWith('VITEST')) env[k] = v;
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...env, TZ: 'UTC', ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const clone = (b: RecordBundle): RecordBundle => structuredClone(b);
const flipHex = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);

describe.each(DATABASE_KINDS)("a placement's verifiable record on %s", (database) => {
  let server: TestServer;
  let p: ActivePlacement;
  let other: ActivePlacement;
  let bundle: RecordBundle;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-record-'));
    server = await startTestServer({ database });
    p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    other = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c2@talentbridge.demo', plan: 'standard', annualSalary: '200000.00' });
    // The start day: the first installment is issued and paid (an installment event and a payment naming the placement).
    await advanceTo(server, p.startDate);
    const hr = await userOf(server, 'hr@huaxin.demo');
    const open = (await hr.get<{ items: { id: string; status: string; amount: string }[] }>(`/api/v1/placements/${p.placementId}/installments`)).body.items.find((i) => i.status === 'open')!;
    expect((await (await userOf(server, 'ops@tenure.demo')).post(`/api/v1/installments/${open.id}/payments`, { amount: open.amount, reference: 'BANK-1' })).status).toBe(201);
    await advanceTo(server, addDaysTo(p.startDate, 20));
    const res = await hr.get<RecordBundle>(`/api/v1/placements/${p.placementId}/record`);
    expect(res.status).toBe(200);
    bundle = res.body;
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every event of the placement, and only its, each proved against a checkpoint signed with the served key', async () => {
    const types = bundle.events.map((e) => e.event.type);
    for (const t of ['submission.created', 'placement.created', 'placement.accepted', 'placement.activated', 'installments.scheduled', 'installment.issued', 'payment.recorded']) expect(types).toContain(t);
    // Nothing of the other placement (same poster, same agency).
    const mentions = (e: RecordBundle['events'][number]) => JSON.stringify(e.event).includes(other.placementId);
    expect(bundle.events.filter(mentions)).toEqual([]);
    // Ascending, every event covered by the checkpoint, which was signed for this request (none existed: no worker runs here).
    expect(bundle.events.map((e) => e.index)).toEqual([...bundle.events.map((e) => e.index)].sort((a, b) => a - b));
    expect(Math.max(...bundle.events.map((e) => e.index))).toBeLessThan(bundle.checkpoint.treeSize);
    const key = await fetch(`${server.url}/api/v1/audit/public-key`);
    expect(key.status).toBe(200);
    expect(key.headers.get('content-type')).toMatch(/^text\/plain/);
    const pem = await key.text();
    expect(pem).toBe(bundle.publicKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const result = verifyRecordBundle(bundle, pem);
    expect(result).toMatchObject({ ok: true, events: bundle.events.length, subject: { type: 'placement', id: p.placementId } });
  });

  it('is readable by both sides and ops, and by no one else (a third party gets 404 as for an unknown id)', async () => {
    for (const email of ['c1@talentbridge.demo', 'admin@talentbridge.demo', 'ops@tenure.demo', 'admin@huaxin.demo']) {
      const res = await (await userOf(server, email)).get<RecordBundle>(`/api/v1/placements/${p.placementId}/record`);
      expect(res.status, email).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`placement-${p.placementId}-record.json`);
      expect(verifyRecordBundle(res.body).ok, email).toBe(true);
    }
    for (const email of ['hr@bluepeak.demo', 'c1@apexsearch.demo', 'c2@talentbridge.demo', 'arbitrator@tenure.demo']) {
      const res = await (await userOf(server, email)).get(`/api/v1/placements/${p.placementId}/record`);
      expect(res.status, email).toBe(404);
    }
    expect((await fetch(`${server.url}/api/v1/placements/${p.placementId}/record`)).status).toBe(401);
  });

  it('a later bundle reuses a checkpoint that covers the placement, and signs a new one only when the placement has newer events', async () => {
    const hr = await userOf(server, 'hr@huaxin.demo');
    const again = (await hr.get<RecordBundle>(`/api/v1/placements/${p.placementId}/record`)).body;
    expect(again.checkpoint).toEqual(bundle.checkpoint);
    // A check-in link is a new event of the placement.
    await advanceTo(server, addDaysTo(p.startDate, 30));
    const later = (await hr.get<RecordBundle>(`/api/v1/placements/${p.placementId}/record`)).body;
    expect(later.checkpoint.treeSize).toBeGreaterThan(bundle.checkpoint.treeSize);
    expect(later.events.length).toBeGreaterThanOrEqual(bundle.events.length);
    expect(verifyRecordBundle(later, bundle.publicKey).ok).toBe(true);
  });

  it('fails, naming the event, after any single change', () => {
    const ev = (i: number) => ({ index: bundle.events[i]!.index, type: bundle.events[i]!.event.type });
    const first = ev(0);
    const target = bundle.events.findIndex((e) => e.event.type === 'payment.recorded');
    expect(target).toBeGreaterThan(0);
    const cases: Array<[string, (b: RecordBundle) => void, { index: number; type: string }, RegExp]> = [
      ['a payload', (b) => ((b.events[target]!.event.payload as Record<string, unknown>).amount = '1.00'), ev(target), /altered/],
      ['an occurredAt', (b) => (b.events[target]!.event.occurredAt = '2020-01-01T00:00:00.000Z'), ev(target), /altered/],
      ['an event removed', (b) => b.events.splice(target, 1), ev(target), /missing/],
      ['an event removed from the manifest too', (b) => (b.events.splice(target, 1), b.manifest.events.splice(target, 1)), first, /manifest/],
      ['two events swapped', (b) => ([b.events[target], b.events[target - 1]] = [b.events[target - 1]!, b.events[target]!]), ev(target - 1), /missing at its place/],
      ['a proof node', (b) => (b.events[target]!.proof[0] = flipHex(b.events[target]!.proof[0]!)), ev(target), /inclusion proof/],
      ['a proof node removed', (b) => b.events[target]!.proof.pop(), ev(target), /inclusion proof/],
      ['the checkpoint root', (b) => (b.checkpoint.rootHash = flipHex(b.checkpoint.rootHash)), first, /checkpoint/],
      ['the checkpoint size', (b) => (b.checkpoint.treeSize += 1), first, /checkpoint/],
      ['the checkpoint signature', (b) => (b.checkpoint.signature = Buffer.from(Buffer.from(b.checkpoint.signature, 'base64').map((x, i) => (i === 0 ? x ^ 1 : x))).toString('base64')), first, /checkpoint/],
      ['the key', (b) => (b.publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()), first, /checkpoint/],
    ];
    expect(verifyRecordBundle(bundle, bundle.publicKey).ok).toBe(true);
    for (const [name, change, failed, reason] of cases) {
      const b = clone(bundle);
      change(b);
      const result = verifyRecordBundle(b, undefined);
      expect(result.ok, name).toBe(false);
      if (!result.ok) {
        expect(result.failedEvent, name).toEqual(failed);
        expect(result.reason, name).toMatch(reason);
      }
    }
  });

  it('a bundle re-signed whole with another key fails against the pinned key', () => {
    const forger = generateKeyPairSync('ed25519');
    const privateKeyPem = forger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const b = clone(bundle);
    b.events[1]!.event.type = 'placement.forged';
    b.publicKey = forger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    b.checkpoint = createCheckpoint({ treeSize: b.checkpoint.treeSize, rootHash: b.checkpoint.rootHash, issuedAt: b.checkpoint.issuedAt }, privateKeyPem);
    b.manifestSignature = signManifest(b.manifest, privateKeyPem);
    // Alone, it is consistent with itself but for the altered event; pinned to the real key, it fails at once.
    expect(verifyRecordBundle(b)).toMatchObject({ ok: false, failedEvent: { index: bundle.events[1]!.index } });
    expect(verifyRecordBundle(b, bundle.publicKey)).toMatchObject({ ok: false, failedEvent: { index: bundle.events[0]!.index }, reason: expect.stringMatching(/trusted key/) });
  });

  it.runIf(database === 'sqlite')('npx tenure audit verify-bundle: exit 0 with a summary; exit 1 naming the first failing event', async () => {
    const good = join(dir, 'good.json');
    const keyFile = join(dir, 'key.pem');
    writeFileSync(good, JSON.stringify(bundle));
    writeFileSync(keyFile, bundle.publicKey);
    const ok = await tenure(['audit', 'verify-bundle', good, '--public-key', keyFile]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`bundle verified: placement ${p.placementId}`);
    expect(ok.stdout).toContain(`${bundle.events.length} events`);
    const b = clone(bundle);
    (b.events[2]!.event.payload as Record<string, unknown>).x = 1;
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(b));
    const failed = await tenure(['audit', 'verify-bundle', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`first failing event: #${bundle.events[2]!.index} (${bundle.events[2]!.event.type})`);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'hello');
    expect((await tenure(['audit', 'verify-bundle', notJson])).code).toBe(1);
    // The key the installation signs with, printed from its data directory: the one the bundle carries.
    const printed = await tenure(['audit', 'public-key'], { TENURE_DATA_DIR: server.deps.config.dataDir });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(bundle.publicKey);
    expect(printed.stderr).toMatch(/fingerprint \(SHA-256 of the SPKI DER\): [0-9a-f]{64}/);
  });
});
