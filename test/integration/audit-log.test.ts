import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishCheckpoint } from '../../src/platform/audit/audit-checkpoints.ts';
import { auditEventFromRow, auditLeafBytes } from '../../src/platform/audit/audit-log.ts';
import { verifyAuditLog } from '../../src/platform/audit/audit-verify.ts';
import type { AppDeps } from '../../src/platform/deps.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { fromHex, refLeafHash, refNodeHash, refRoot, refVerifyConsistency, refVerifyInclusion } from '../support/rfc9162-reference.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// ---------------------------------------------------------------------------------------------------------------
// Helpers

type Checkpoint = { treeSize: number; rootHash: string; issuedAt: string; signature: string; publicKey: string };
type InclusionBody = { index: number; treeSize: number; leafHash: string; rootHash: string; proof: string[] };
type ConsistencyBody = { from: number; to: number; fromRoot: string; toRoot: string; proof: string[] };

/** What the worker does on its schedule (sign the grown log), then what a reader gets. */
async function publishedCheckpoint(server: TestServer, user: ApiUser) {
  await publishCheckpoint(server.deps.db, server.deps.signingKey, server.deps.wallClock.now());
  return user.get<Checkpoint>('/api/v1/audit/checkpoint');
}

async function eventCount(deps: AppDeps): Promise<number> {
  const row = await deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function treeHead(deps: AppDeps): Promise<{ size: number; frontier: string }> {
  const s = await deps.db.selectFrom('audit_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { size: Number(s.tree_size), frontier: s.frontier };
}

async function eventAt(deps: AppDeps, seq: number) {
  return deps.db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** Leaf hashes recomputed from the stored event columns with the reference hash (not the stored leaf_hash column). */
async function recomputedLeaves(deps: AppDeps): Promise<Buffer[]> {
  const rows = await deps.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  return rows.map((r) => refLeafHash(auditLeafBytes(auditEventFromRow(r))));
}

/** Lifts the database's append-only guard, as an attacker with direct database access would. */
async function liftGuard(deps: AppDeps): Promise<void> {
  if (deps.dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_events_no_update`.execute(deps.db);
    await sql`DROP TRIGGER audit_events_no_delete`.execute(deps.db);
  } else {
    await sql`DROP TRIGGER audit_events_append_only ON audit_events`.execute(deps.db);
  }
}

/** The text an audit checkpoint's Ed25519 signature covers, written out here rather than imported. */
function checkpointText(cp: Checkpoint): string {
  return `tenure-audit-log\n${cp.treeSize}\n${Buffer.from(cp.rootHash, 'hex').toString('base64')}\n${cp.issuedAt}\n`;
}

function signatureHolds(cp: Checkpoint, publicKeyPem: string): boolean {
  return verify(null, Buffer.from(checkpointText(cp), 'utf8'), createPublicKey(publicKeyPem), Buffer.from(cp.signature, 'base64'));
}

/** A copy of a hex proof with one bit of one byte flipped. */
function flipByte(proof: string[], element: number, byte = 0): Buffer[] {
  return proof.map((h, i) => {
    const b = fromHex(h);
    if (i === element) b[byte] = (b[byte] ?? 0) ^ 0x01;
    return b;
  });
}

const stranger = (n: number) => ({ email: `new.hire.${n}@huaxin.demo`, name: `New hire ${n}`, role: 'employer_hr', password: 'a-long-password' });

// ---------------------------------------------------------------------------------------------------------------
// The reference itself, on published Certificate Transparency vectors (so a green proof test means something)

describe('the RFC 9162 reference used by these tests', () => {
  // RFC 6962/9162 test data (transparency-dev/merkle testonly): leaf inputs and the roots of sizes 3, 5, 7, 8.
  const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => refLeafHash(fromHex(h)));
  const ROOT = {
    3: 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    5: '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    6: '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    7: 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    8: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  } as const;
  const n = (a: number, b: number): Buffer => (b - a === 1 ? leaves[a]! : refNodeHash(n(a, a + (b - a) / 2), n(a + (b - a) / 2, b)));

  it('computes the published roots', () => {
    for (const size of [3, 5, 6, 7, 8] as const) expect(refRoot(leaves.slice(0, size)).toString('hex')).toBe(ROOT[size]);
  });

  it('accepts published proofs and refuses altered ones', () => {
    // Leaf 5 of 8: path [leaf 4, node(6..8), node(0..4)]; leaf 1 of 5: [leaf 0, node(2..4), leaf 4].
    expect(refVerifyInclusion(leaves[5]!, 5, 8, [leaves[4]!, n(6, 8), n(0, 4)], fromHex(ROOT[8]))).toBe(true);
    expect(refVerifyInclusion(leaves[1]!, 1, 5, [leaves[0]!, n(2, 4), leaves[4]!], fromHex(ROOT[5]))).toBe(true);
    expect(refVerifyInclusion(leaves[1]!, 2, 5, [leaves[0]!, n(2, 4), leaves[4]!], fromHex(ROOT[5]))).toBe(false);
    expect(refVerifyInclusion(leaves[5]!, 5, 8, [leaves[4]!, n(6, 8)], fromHex(ROOT[8]))).toBe(false);
    // Consistency 6 → 8: [node(4..6), node(6..8), node(0..4)]; 3 → 7 and 5 → 8 checked against computed paths below.
    expect(refVerifyConsistency(6, 8, fromHex(ROOT[6]), fromHex(ROOT[8]), [n(4, 6), n(6, 8), n(0, 4)])).toBe(true);
    expect(refVerifyConsistency(6, 8, fromHex(ROOT[6]), fromHex(ROOT[7]), [n(4, 6), n(6, 8), n(0, 4)])).toBe(false);
    expect(refVerifyConsistency(6, 8, fromHex(ROOT[6]), fromHex(ROOT[8]), [n(4, 6), n(6, 8)])).toBe(false);
    expect(refVerifyConsistency(6, 8, fromHex(ROOT[6]), fromHex(ROOT[8]), [])).toBe(false);
    expect(refVerifyConsistency(8, 8, fromHex(ROOT[8]), fromHex(ROOT[8]), [])).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe.each(DATABASE_KINDS)('audit log on %s', (kind) => {
  describe('appending, guarding and proving', () => {
    let server: TestServer;
    let ops: ApiUser;
    let huaxinAdmin: ApiUser;
    let huaxin: string;

    beforeAll(async () => {
      server = await startTestServer({ database: kind });
      ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
      huaxinAdmin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
      huaxin = server.ids.orgs.huaxin!;
    });
    afterAll(async () => server?.close());

    it('an untouched log verifies, with the count of its events', async () => {
      const count = await eventCount(server.deps);
      expect(count).toBeGreaterThanOrEqual(15); // the demo world: bootstrap, 5 orgs, 9 further users (then sign-ins)
      expect((await treeHead(server.deps)).size).toBe(count);
      const result = await verifyAuditLog(server.deps.db, server.deps.signingKey.publicKeyPem);
      expect(result).toEqual({ ok: true, verified: count, checkpoints: expect.any(Number) });
    });

    it('creating a user through the API appends user.created with actor and org, in step with the tree head', async () => {
      const before = await treeHead(server.deps);
      const res = await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(1));
      expect(res.status).toBe(201);
      const after = await treeHead(server.deps);
      expect(after.size).toBe(before.size + 1);
      expect(await eventCount(server.deps)).toBe(after.size);
      const event = auditEventFromRow(await eventAt(server.deps, before.size));
      expect(event).toMatchObject({
        type: 'user.created',
        actorUserId: server.ids.users['admin@huaxin.demo'],
        orgId: huaxin,
        subjectType: 'user',
        subjectId: res.body.id,
        payload: { role: 'employer_hr' },
        occurredAt: server.deps.clock.now().toISOString(),
      });
      // The user and its event are both there: one transaction committed them together.
      const user = await server.deps.db.selectFrom('users').select('id').where('id', '=', res.body.id).executeTakeFirst();
      expect(user).toBeDefined();
    });

    it('a failed use case appends nothing (duplicate e-mail, forbidden role, bad input)', async () => {
      const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo'); // signing in is itself audited: before the count
      const before = await treeHead(server.deps);
      const dup = await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, { ...stranger(2), email: 'hr@huaxin.demo' });
      // A used address is refused like any bad field, so the answer never tells whether it exists elsewhere.
      expect([dup.status, dup.body.error.code, dup.body.error.details?.field]).toEqual([400, 'invalid_input', 'email']);
      expect((await hr.post(`/api/v1/orgs/${huaxin}/users`, stranger(3))).status).toBe(403);
      expect((await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, { ...stranger(4), role: 'consultant' })).status).toBe(400);
      expect(await treeHead(server.deps)).toEqual(before);
      expect(await eventCount(server.deps)).toBe(before.size);
      const absent = await server.deps.db.selectFrom('users').select('id').where('email', 'in', ['new.hire.3@huaxin.demo', 'new.hire.4@huaxin.demo']).execute();
      expect(absent).toEqual([]);
    });

    it('concurrent use cases append one after another: no gap, no duplicate, the log still verifies', async () => {
      const before = (await treeHead(server.deps)).size;
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(100 + i))));
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
      const after = await treeHead(server.deps);
      expect(after.size).toBe(before + 12);
      const rows = await server.deps.db.selectFrom('audit_events').select(['seq', 'subject_id']).where('seq', '>=', before).orderBy('seq').execute();
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 12 }, (_, i) => before + i));
      expect(new Set(rows.map((r) => r.subject_id))).toEqual(new Set(results.map((r) => r.body.id)));
      expect(await verifyAuditLog(server.deps.db, server.deps.signingKey.publicKeyPem)).toMatchObject({ ok: true, verified: after.size });
    });

    it('the database itself refuses UPDATE and DELETE on audit_events', async () => {
      const before = await eventAt(server.deps, 3);
      await expect(sql`UPDATE audit_events SET payload = ${'{"forged":true}'} WHERE seq = ${3}`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      await expect(sql`UPDATE audit_events SET leaf_hash = leaf_hash`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_events WHERE seq = ${3}`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_events`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      if (kind === 'postgres') await expect(sql`TRUNCATE audit_events`.execute(server.deps.db)).rejects.toThrow(/append-only/);
      expect(await eventAt(server.deps, 3)).toEqual(before);
      expect(await eventCount(server.deps)).toBe((await treeHead(server.deps)).size);
    });

    it('the signed checkpoint: Ed25519 signature valid under the server key, root equal to an independent recomputation', async () => {
      const res = await publishedCheckpoint(server, ops);
      expect(res.status).toBe(200);
      const cp = res.body;
      expect(cp.publicKey).toBe(server.deps.signingKey.publicKeyPem);
      expect(cp.publicKey).toBe(readFileSync(join(server.deps.config.dataDir, 'audit-public-key.pem'), 'utf8'));
      expect(signatureHolds(cp, server.deps.signingKey.publicKeyPem)).toBe(true);
      expect(signatureHolds({ ...cp, treeSize: cp.treeSize - 1 }, cp.publicKey)).toBe(false);
      expect(signatureHolds({ ...cp, rootHash: cp.rootHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, cp.publicKey)).toBe(false);
      const leaves = await recomputedLeaves(server.deps);
      expect(cp.treeSize).toBe(leaves.length);
      expect(cp.rootHash).toBe(refRoot(leaves).toString('hex'));
      // Any signed-in user may fetch it, and gets the same tree head.
      const hrRes = await huaxinAdmin.get<Checkpoint>('/api/v1/audit/checkpoint');
      expect(hrRes.body).toEqual(cp);
    });

    it('reading the checkpoint never writes: a grown log is signed by the worker, not by a reader', async () => {
      const before = (await publishedCheckpoint(server, ops)).body;
      expect((await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(90))).status).toBe(201);
      const stored = async () => (await server.deps.db.selectFrom('audit_checkpoints').select('tree_size').execute()).length;
      const count = await stored();
      for (let i = 0; i < 3; i++) expect((await ops.get<Checkpoint>('/api/v1/audit/checkpoint')).body).toEqual(before);
      expect(await stored()).toBe(count);
      expect((await publishedCheckpoint(server, ops)).body.treeSize).toBe(before.treeSize + 1);
    });

    it('inclusion proofs verify against the signed root, for several indices and tree sizes', async () => {
      // Grow the log a little so that sizes with different shapes exist (not only the demo's 15).
      for (let i = 10; i < 16; i++) expect((await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(i))).status).toBe(201);
      const cp = (await publishedCheckpoint(server, ops)).body;
      expect(signatureHolds(cp, server.deps.signingKey.publicKeyPem)).toBe(true);
      const T = cp.treeSize;
      const leaves = await recomputedLeaves(server.deps);
      expect(leaves.length).toBe(T);
      const signedRoot = fromHex(cp.rootHash);

      // In the signed tree itself.
      for (const index of [0, 1, 2, 7, Math.floor(T / 2), T - 2, T - 1]) {
        const res = await ops.get<InclusionBody>(`/api/v1/audit/proofs/inclusion?index=${index}&treeSize=${T}`);
        expect(res.status, `index ${index}`).toBe(200);
        expect(res.body.leafHash).toBe(leaves[index]!.toString('hex'));
        expect(res.body.rootHash).toBe(cp.rootHash);
        expect(refVerifyInclusion(leaves[index]!, index, T, res.body.proof.map(fromHex), signedRoot), `index ${index} of ${T}`).toBe(true);
      }
      // Without treeSize the proof is in the current tree (the signed one here).
      const current = await ops.get<InclusionBody>('/api/v1/audit/proofs/inclusion?index=4');
      expect(current.body.treeSize).toBe(T);
      expect(refVerifyInclusion(leaves[4]!, 4, T, current.body.proof.map(fromHex), signedRoot)).toBe(true);

      // In older trees: their roots are first tied to the signed one by a consistency proof.
      for (const size of [1, 2, 3, 4, 5, 8, 13, 16, T - 1]) {
        const cons = await ops.get<ConsistencyBody>(`/api/v1/audit/proofs/consistency?from=${size}&to=${T}`);
        expect(cons.status).toBe(200);
        expect(cons.body.toRoot).toBe(cp.rootHash);
        const oldRoot = fromHex(cons.body.fromRoot);
        expect(refVerifyConsistency(size, T, oldRoot, signedRoot, cons.body.proof.map(fromHex)), `consistency ${size} → ${T}`).toBe(true);
        expect(oldRoot.equals(refRoot(leaves.slice(0, size)))).toBe(true);
        for (const index of new Set([0, Math.floor(size / 2), size - 1])) {
          const res = await ops.get<InclusionBody>(`/api/v1/audit/proofs/inclusion?index=${index}&treeSize=${size}`);
          expect(res.body.rootHash).toBe(cons.body.fromRoot);
          expect(refVerifyInclusion(leaves[index]!, index, size, res.body.proof.map(fromHex), oldRoot), `index ${index} of ${size}`).toBe(true);
        }
      }
    });

    it('consistency proofs between sizes and between two signed checkpoints verify; flipped bytes do not', async () => {
      const first = (await publishedCheckpoint(server, ops)).body;
      expect((await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(20))).status).toBe(201);
      expect((await huaxinAdmin.post(`/api/v1/orgs/${huaxin}/users`, stranger(21))).status).toBe(201);
      const second = (await publishedCheckpoint(server, ops)).body;
      expect(second.treeSize).toBe(first.treeSize + 2);
      for (const cp of [first, second]) expect(signatureHolds(cp, server.deps.signingKey.publicKeyPem)).toBe(true);

      const res = await ops.get<ConsistencyBody>(`/api/v1/audit/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`);
      expect(res.body).toMatchObject({ from: first.treeSize, to: second.treeSize, fromRoot: first.rootHash, toRoot: second.rootHash });
      const proof = res.body.proof;
      const [rootA, rootB] = [fromHex(first.rootHash), fromHex(second.rootHash)];
      expect(refVerifyConsistency(first.treeSize, second.treeSize, rootA, rootB, proof.map(fromHex))).toBe(true);
      for (let e = 0; e < proof.length; e++) {
        for (const byte of [0, 17, 31]) expect(refVerifyConsistency(first.treeSize, second.treeSize, rootA, rootB, flipByte(proof, e, byte)), `element ${e} byte ${byte}`).toBe(false);
      }
      expect(refVerifyConsistency(first.treeSize, second.treeSize, rootB, rootA, proof.map(fromHex))).toBe(false);

      // Every pair among a spread of sizes.
      const leaves = await recomputedLeaves(server.deps);
      const T = second.treeSize;
      const sizes = [1, 2, 3, 4, 6, 7, 8, 9, 12, 16, 17, T - 3, T - 1, T];
      for (const m of sizes) {
        for (const n of sizes.filter((x) => x >= m)) {
          const r = await ops.get<ConsistencyBody>(`/api/v1/audit/proofs/consistency?from=${m}&to=${n}`);
          expect(r.status).toBe(200);
          const ok = refVerifyConsistency(m, n, refRoot(leaves.slice(0, m)), refRoot(leaves.slice(0, n)), r.body.proof.map(fromHex));
          expect(ok, `consistency ${m} → ${n}`).toBe(true);
        }
      }

      // A flipped byte in an inclusion proof, or in the leaf, fails.
      const index = 5;
      const inc = (await ops.get<InclusionBody>(`/api/v1/audit/proofs/inclusion?index=${index}&treeSize=${T}`)).body;
      const root = fromHex(second.rootHash);
      expect(refVerifyInclusion(leaves[index]!, index, T, inc.proof.map(fromHex), root)).toBe(true);
      for (let e = 0; e < inc.proof.length; e++) expect(refVerifyInclusion(leaves[index]!, index, T, flipByte(inc.proof, e, 9), root), `element ${e}`).toBe(false);
      expect(refVerifyInclusion(flipByte([inc.leafHash], 0, 31)[0]!, index, T, inc.proof.map(fromHex), root)).toBe(false);
      expect(refVerifyInclusion(leaves[index]!, index + 1, T, inc.proof.map(fromHex), root)).toBe(false);
    });

    it('proof requests outside the log are refused in the error shape; other tenants cannot prove foreign events', async () => {
      const { size } = await treeHead(server.deps);
      const tooBig = await ops.get(`/api/v1/audit/proofs/inclusion?index=0&treeSize=${size + 1}`);
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.code).toBe('invalid_input');
      expect((await ops.get(`/api/v1/audit/proofs/inclusion?index=${size}`)).status).toBe(404);
      expect((await ops.get(`/api/v1/audit/proofs/consistency?from=2&to=${size + 1}`)).status).toBe(400);
      expect((await ops.get('/api/v1/audit/proofs/consistency?from=5&to=3')).status).toBe(400);
      expect((await ops.get('/api/v1/audit/proofs/consistency?from=x&to=3')).status).toBe(400);
      // Event 0 is the platform's bootstrap: an employer admin does not get its proof.
      expect((await huaxinAdmin.get('/api/v1/audit/proofs/inclusion?index=0')).status).toBe(404);
    });
  });

  describe('tampering', () => {
    let server: TestServer;
    let ops: ApiUser;
    const verifyLog = () => verifyAuditLog(server.deps.db, server.deps.signingKey.publicKeyPem);

    beforeEach(async () => {
      server = await startTestServer({ database: kind });
      ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    });
    afterEach(async () => server?.close());

    it("altering one event's payload is detected and names exactly that event", async () => {
      const size = await eventCount(server.deps);
      expect((await verifyLog()).ok).toBe(true);
      await liftGuard(server.deps);
      const victim = 7;
      const original = await eventAt(server.deps, victim);
      const forged = JSON.stringify({ ...(JSON.parse(original.payload) as object), role: 'employer_admin' });
      await sql`UPDATE audit_events SET payload = ${forged} WHERE seq = ${victim}`.execute(server.deps.db);
      const result = await verifyLog();
      expect(result).toMatchObject({ ok: false, firstAlteredSeq: victim, verified: victim });
      if (!result.ok) expect(result.reason).toMatch(new RegExp(`event ${victim}\\b`));
      // Putting the original back makes the log whole again: detection was about content, nothing else.
      await sql`UPDATE audit_events SET payload = ${original.payload} WHERE seq = ${victim}`.execute(server.deps.db);
      expect(await verifyLog()).toMatchObject({ ok: true, verified: size });
    });

    it('altering other columns (type, actor, time) is detected as well', async () => {
      await liftGuard(server.deps);
      const e4 = await eventAt(server.deps, 4);
      await sql`UPDATE audit_events SET type = ${'user.deleted'} WHERE seq = ${4}`.execute(server.deps.db);
      expect(await verifyLog()).toMatchObject({ ok: false, firstAlteredSeq: 4 });
      await sql`UPDATE audit_events SET type = ${e4.type} WHERE seq = ${4}`.execute(server.deps.db);
      expect((await verifyLog()).ok).toBe(true);
      const acted = await server.deps.db.selectFrom('audit_events').selectAll().where('actor_user_id', 'is not', null).orderBy('seq').executeTakeFirstOrThrow();
      const seq = Number(acted.seq);
      await sql`UPDATE audit_events SET actor_user_id = NULL WHERE seq = ${seq}`.execute(server.deps.db);
      expect(await verifyLog()).toMatchObject({ ok: false, firstAlteredSeq: seq });
      await sql`UPDATE audit_events SET actor_user_id = ${acted.actor_user_id}, occurred_at = ${'2020-01-01T00:00:00.000Z'} WHERE seq = ${seq}`.execute(server.deps.db);
      expect(await verifyLog()).toMatchObject({ ok: false, firstAlteredSeq: seq });
    });

    it('altering payload and leaf_hash consistently is still caught by the signed checkpoint', async () => {
      const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
      const huaxin = server.ids.orgs.huaxin!;
      const cp1 = (await publishedCheckpoint(server, ops)).body;
      const victim = cp1.treeSize; // the next event
      expect((await admin.post(`/api/v1/orgs/${huaxin}/users`, stranger(1))).status).toBe(201);
      expect((await admin.post(`/api/v1/orgs/${huaxin}/users`, stranger(2))).status).toBe(201);
      const cp2 = (await publishedCheckpoint(server, ops)).body;
      expect(cp2.treeSize).toBe(victim + 2);

      await liftGuard(server.deps);
      const row = await eventAt(server.deps, victim);
      const event = auditEventFromRow(row);
      const forgedPayload = { ...(event.payload as object), role: 'employer_admin' };
      const forgedLeaf = refLeafHash(auditLeafBytes({ ...event, payload: forgedPayload })).toString('hex');
      await sql`UPDATE audit_events SET payload = ${JSON.stringify(forgedPayload)}, leaf_hash = ${forgedLeaf} WHERE seq = ${victim}`.execute(server.deps.db);

      const result = await verifyLog();
      expect(result.ok).toBe(false);
      if (result.ok) return;
      // Every leaf matches its row now; only the signed root of the tree that covered the event disagrees.
      expect(result.reason).toMatch(/checkpoint signed at tree size/);
      expect(result.reason).toContain(String(cp2.treeSize));
      expect(result.firstAlteredSeq).toBe(victim);
    });

    it('a consistent forgery before any checkpoint is caught by the stored tree head', async () => {
      expect(await server.deps.db.selectFrom('audit_checkpoints').select('tree_size').execute()).toEqual([]);
      await liftGuard(server.deps);
      const event = auditEventFromRow(await eventAt(server.deps, 5));
      const forgedPayload = { forged: true };
      const forgedLeaf = refLeafHash(auditLeafBytes({ ...event, payload: forgedPayload })).toString('hex');
      await sql`UPDATE audit_events SET payload = ${JSON.stringify(forgedPayload)}, leaf_hash = ${forgedLeaf} WHERE seq = ${5}`.execute(server.deps.db);
      const result = await verifyLog();
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/tree head/);
    });

    it('deleting an event is detected (in the middle and at the end)', async () => {
      const size = await eventCount(server.deps);
      await publishedCheckpoint(server, ops);
      await liftGuard(server.deps);
      const middle = await eventAt(server.deps, 6);
      await sql`DELETE FROM audit_events WHERE seq = ${6}`.execute(server.deps.db);
      const result = await verifyLog();
      expect(result).toMatchObject({ ok: false, firstAlteredSeq: 6, verified: 6 });
      if (!result.ok) expect(result.reason).toMatch(/event 6 is missing/);

      // Put it back (the table accepts inserts) and drop the last one instead.
      await server.deps.db.insertInto('audit_events').values(middle).execute();
      expect(await verifyLog()).toMatchObject({ ok: true, verified: size });
      await sql`DELETE FROM audit_events WHERE seq = ${size - 1}`.execute(server.deps.db);
      const tail = await verifyLog();
      expect(tail.ok).toBe(false);
      expect(tail.verified).toBe(size - 1);
    });

    it('a use case whose audit append fails leaves no trace of its change', async () => {
      const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
      // Occupy the next sequence number, so that appending the next event fails inside the use case's transaction.
      const { size } = await treeHead(server.deps);
      const squatter = { ...(await eventAt(server.deps, 0)), seq: size };
      await server.deps.db.insertInto('audit_events').values(squatter).execute();
      const res = await admin.post(`/api/v1/orgs/${server.ids.orgs.huaxin!}/users`, stranger(9));
      expect(res.status).toBe(500);
      const user = await server.deps.db.selectFrom('users').select('id').where('email', '=', 'new.hire.9@huaxin.demo').executeTakeFirst();
      expect(user).toBeUndefined();
      expect((await treeHead(server.deps)).size).toBe(size);
    });
  });
});
