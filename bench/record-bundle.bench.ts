/**
 * A placement's record bundle (docs/record-bundle.md): its size, the time to assemble it once the leaves are read,
 * and the time `verify-bundle` spends verifying it, for a placement with a year of events in a small log
 * (baseline) and in a large one, in the same run.
 *
 * A Full-lifecycle placement taken through a year via the API logged 56 events (check-ins opened and missed,
 * tasks, installments, payments, flags, the guarantee, a release); with answered forms, candidate links and a claim
 * it reaches about 80. The bench uses 100, spread evenly over the log. Events are synthetic but shaped like the
 * real ones (ids, dates, amounts); the proof of each is log2(log size) hashes long, so only the log size matters.
 *
 * Then the proofs as the server builds them for `GET /api/v1/placements/{id}/record`, from a real SQLite database
 * holding a log of 100,000 and of 1,000,000 events, in the same run: before (every leaf hash of the log read, the
 * tree's levels built: `storedLeafHashes` + `inclusionProofs`) and after (only the stored perfect subtrees on the
 * events' paths read: `nodesForProofs` + `storedNodes` + `inclusionProofsFromNodes`); the two must be equal.
 *
 *   node bin/run-ts.mjs bench/record-bundle.bench.ts [largeLogSize] [databaseSizes, comma-separated]
 */
import { cpus, totalmem } from 'node:os';
import { auditLeafBytes, type AuditEvent } from '../src/platform/audit/audit-log.ts';

import { createCheckpoint, generateSigningKey } from '../src/platform/audit/checkpoint.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedLeafHashes, storedNodes } from '../src/platform/audit/audit-log.ts';
import { inclusionProofs, inclusionProofsFromNodes, leafHash, MerkleAccumulator, nodesForProofs } from '../src/platform/audit/merkle.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import type { AuditEventsTable, AuditNodesTable } from '../src/platform/db/schema.ts';
import { assembleRecordBundle, verifyRecordBundle } from '../src/platform/audit/record-bundle.ts';

const EVENTS = 100;
const SIZES = [1_000, Number(process.argv[2] ?? 1_000_000)];
const ROUNDS = 15;
const key = generateSigningKey();
const PLACEMENT = '01a22957-60f4-7000-91fb-d47fcab36539';

function eventAt(seq: number, ofPlacement: boolean): AuditEvent {
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(seq / 10) * 60_000).toISOString();
  return {
    seq,
    occurredAt: day,
    actorUserId: ofPlacement ? '01a22957-60f4-7000-91fb-000000000001' : null,
    orgId: '01a22957-60f4-7000-91fb-000000000002',
    subjectType: 'placement',
    subjectId: ofPlacement ? PLACEMENT : `01a22957-60f4-7000-91fb-${String(seq).padStart(12, '0')}`,
    type: 'checkin.opened',
    payload: { formId: '01a22957-60f4-7000-91fb-d47fcab36540', day: 30, respondent: 'employer', closesOn: '2026-02-07' },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const results: { size: number; bytes: number; assembleMs: number; verifyMs: number; fastestVerifyMs: number }[] = [];
for (const size of SIZES) {
  const step = Math.floor(size / EVENTS);
  const mine = new Set(Array.from({ length: EVENTS }, (_, i) => i * step + 3));
  const leaves: Buffer[] = [];
  const acc = new MerkleAccumulator();
  const events: AuditEvent[] = [];
  for (let seq = 0; seq < size; seq += 1) {
    const e = eventAt(seq, mine.has(seq));
    const h = leafHash(auditLeafBytes(e));
    leaves.push(h);
    acc.append(h);
    if (mine.has(seq)) events.push(e);
  }
  const checkpoint = createCheckpoint({ treeSize: size, rootHash: acc.root().toString('hex'), issuedAt: '2027-01-01T00:00:00.000Z' }, key.privateKeyPem);
  const t0 = performance.now();
  const proofs = inclusionProofs(leaves, events.map((e) => e.seq), size);
  const bundle = assembleRecordBundle({ subject: { type: 'placement', id: PLACEMENT }, events: events.map((event, i) => ({ event, proof: proofs[i]! })), checkpoint, key, generatedAt: '2027-01-01T00:00:00.000Z' });
  const assembleMs = performance.now() - t0;
  const text = JSON.stringify(bundle);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS + 3; r += 1) {
    const s = performance.now();
    // What verify-bundle does after reading the file: parse, then verify against the pinned key.
    const result = verifyRecordBundle(JSON.parse(text), key.publicKeyPem);
    const ms = performance.now() - s;
    if (!result.ok) throw new Error(`bundle did not verify: ${result.reason}`);
    if (r >= 3) times.push(ms);
  }
  results.push({ size, bytes: Buffer.byteLength(text), assembleMs, verifyMs: median(times), fastestVerifyMs: Math.min(...times) });
}

console.log(`record bundle of ${EVENTS} events — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
console.log('| log size | bundle size | proofs + assembly (leaves in memory) | verify (median) | verify (fastest) |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.size.toLocaleString('en')} | ${(r.bytes / 1024).toFixed(1)} KiB | ${r.assembleMs.toFixed(1)} ms | ${r.verifyMs.toFixed(2)} ms | ${r.fastestVerifyMs.toFixed(2)} ms |`);
}
const [base, large] = results;
console.log(`| **ratio** | **${(large!.bytes / base!.bytes).toFixed(2)}** | **${(large!.assembleMs / base!.assembleMs).toFixed(1)}** | **${(large!.verifyMs / base!.verifyMs).toFixed(2)}** | **${(large!.fastestVerifyMs / base!.fastestVerifyMs).toFixed(2)}** |`);

// ------------------------------------------------------------------------------------------------ served from a database

const DB_SIZES = (process.argv[3] ?? '100000,1000000').split(',').map(Number);

/** A SQLite database whose log holds `size` events (100 of them the placement's) and the inner nodes of its tree. */
async function databaseWithLog(size: number): Promise<{ handle: ReturnType<typeof openDatabase>; dir: string; mine: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-bundle-bench-'));
  const handle = openDatabase({ sqlitePath: join(dir, 'tenure.db') });
  await migrate(handle.db, 'sqlite', { keyedHashSecret: 'bench' });
  const step = Math.floor(size / EVENTS);
  const mine = Array.from({ length: EVENTS }, (_, i) => i * step + 3);
  const set = new Set(mine);
  const acc = new MerkleAccumulator();
  const chunk = 400;
  for (let from = 0; from < size; from += chunk) {
    const rows: AuditEventsTable[] = [];
    const nodes: AuditNodesTable[] = [];
    for (let seq = from; seq < Math.min(size, from + chunk); seq += 1) {
      const e = eventAt(seq, set.has(seq));
      const h = leafHash(auditLeafBytes(e));
      for (const n of acc.appendCollect(h)) nodes.push({ level: n.level, idx: n.index, hash: n.hash.toString('hex') });
      rows.push({ seq, occurred_at: e.occurredAt, actor_user_id: e.actorUserId, org_id: e.orgId, subject_type: e.subjectType, subject_id: e.subjectId, type: e.type, payload: JSON.stringify(e.payload), leaf_hash: h.toString('hex'), work_of_user_id: null });
    }
    await handle.db.transaction().execute(async (tx) => {
      await tx.insertInto('audit_events').values(rows).execute();
      for (let i = 0; i < nodes.length; i += 300) await tx.insertInto('audit_nodes').values(nodes.slice(i, i + 300)).execute();
    });
  }
  return { handle, dir, mine };
}

const served: { size: number; beforeMs: number; afterMs: number; nodesRead: number }[] = [];
for (const size of DB_SIZES) {
  const { handle, dir, mine } = await databaseWithLog(size);
  try {
    const before: number[] = [];
    const after: number[] = [];
    let nodesRead = 0;
    for (let r = 0; r < 3; r += 1) {
      let t = performance.now();
      const leaves = await storedLeafHashes(handle.db, size);
      const old = inclusionProofs(leaves, mine, size);
      before.push(performance.now() - t);
      t = performance.now();
      const refs = nodesForProofs(mine, size);
      const node = await storedNodes(handle.db, refs);
      const fresh = inclusionProofsFromNodes(mine, size, (level, index) => node(level, index) ?? new Uint8Array());
      after.push(performance.now() - t);
      nodesRead = refs.length;
      if (JSON.stringify(old.map((p) => p.map((h) => h.toString('hex')))) !== JSON.stringify(fresh.map((p) => p.map((h) => h.toString('hex'))))) throw new Error('proofs differ');
    }
    served.push({ size, beforeMs: median(before), afterMs: median(after), nodesRead });
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('');
console.log(`inclusion proofs of a ${EVENTS}-event bundle served from SQLite (median of 3)`);
console.log('| log size | before: every leaf read | after: stored subtrees read | rows read after | ratio |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of served) console.log(`| ${r.size.toLocaleString('en')} | ${r.beforeMs.toFixed(1)} ms | ${r.afterMs.toFixed(1)} ms | ${r.nodesRead.toLocaleString('en')} | **${(r.beforeMs / r.afterMs).toFixed(0)}×** |`);
