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
 *   node bin/run-ts.mjs bench/record-bundle.bench.ts [largeLogSize]
 */
import { cpus, totalmem } from 'node:os';
import { auditLeafBytes, type AuditEvent } from '../src/platform/audit/audit-log.ts';
import { createCheckpoint, generateSigningKey } from '../src/platform/audit/checkpoint.ts';
import { inclusionProofs, leafHash, MerkleAccumulator } from '../src/platform/audit/merkle.ts';
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
