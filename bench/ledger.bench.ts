// The ledger on SQLite (BENCHMARKS.md, "Ledger"):
// 1. posting N transfers through the posting function (`post`, Kysely, in transactions of 1,000 postings of 3 legs:
//    a payment and its release), beside raw better-sqlite3 inserts of the same rows into the same schema in the same
//    run (prepared statement, same transaction size): throughput as a percentage of raw;
// 2. the statement (`statementOf`, what the HTTP route calls) of an org holding 10% of those transfers (100,000 at
//    full size): its first page and every page after it (100 lines, the API's largest page), beside a raw
//    better-sqlite3 read of the same first page; and the whole statement as the CSV export streams it, beside a raw
//    iteration of the same rows computing the running balance;
// 3. `checkLedger` (what `npx tenure ledger check` runs) over all of them, beside a raw iteration of the same columns.
// Scale: LEDGER_BENCH_FULL=1 for the sizes (1,000,000 transfers); LEDGER_BENCH_TRANSFERS=n for any other;
// the default (60,000) is a quick run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { accountIds, transferId, type Leg } from '../src/ledger/ledger.rules.ts';
import { checkLedger, post, statementLines, statementOf } from '../src/ledger/service.ts';
import { statementCsv } from '../src/ledger/statement-export.ts';
import type { CalendarDate } from '../src/platform/calendar-date.ts';
import { inTransaction, openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import type { AppDeps, Ctx } from '../src/platform/deps.ts';
import { newId } from '../src/platform/ids.ts';

const N = Number(process.env.LEDGER_BENCH_TRANSFERS ?? (process.env.LEDGER_BENCH_FULL === '1' ? 1_000_000 : 60_000));
const LEGS = 3;
const POSTINGS_PER_TX = 1000;
const dir = mkdtempSync(join(tmpdir(), 'tenure-ledger-bench-'));
const ORG = '00000000-0000-4000-8000-00000000a001';
const OTHER = '00000000-0000-4000-8000-00000000a002';

async function setUp(file: string) {
  const handle = openDatabase({ sqlitePath: join(dir, file) });
  await migrate(handle.db, handle.dialect, { keyedHashSecret: 'ledger-bench-secret-of-at-least-32-chars' });
  const at = new Date().toISOString();
  for (const id of [ORG, OTHER]) await handle.db.insertInto('orgs').values({ id, name: id, kind: 'agency', time_zone: 'Asia/Shanghai', created_at: at }).execute();
  await handle.db
    .insertInto('ledger_accounts')
    .values([
      { id: accountIds.poster(OTHER, 'CNY'), purpose: 'poster', org_id: OTHER, placement_id: null, currency: 'CNY', created_at: at },
      { id: accountIds.deliverer(ORG, 'CNY'), purpose: 'deliverer', org_id: ORG, placement_id: null, currency: 'CNY', created_at: at },
      { id: accountIds.deliverer(OTHER, 'CNY'), purpose: 'deliverer', org_id: OTHER, placement_id: null, currency: 'CNY', created_at: at },
      { id: accountIds.platform('CNY'), purpose: 'platform_revenue', org_id: null, placement_id: null, currency: 'CNY', created_at: at },
      { id: accountIds.outside('CNY'), purpose: 'outside', org_id: null, placement_id: null, currency: 'CNY', created_at: at },
    ])
    .execute();
  return handle;
}

/**
 * Posting i: three legs shaped like a payment and its release (no placement, so the check has no escrow or
 * release rule to apply to them). ORG's deliverer account takes one leg of 3 postings in 10: 10% of all transfers.
 */
function legsOf(i: number): Leg[] {
  const deliverer = i % 10 < 3 ? ORG : OTHER;
  return [
    { leg: 'in', debit: accountIds.poster(OTHER, 'CNY'), credit: accountIds.outside('CNY'), amount: 10_000n + BigInt(i % 997), reason: 'payment' },
    { leg: 'fee', debit: accountIds.outside('CNY'), credit: accountIds.platform('CNY'), amount: 1_000n, reason: 'payment' },
    { leg: `deliverer:agency`, debit: accountIds.outside('CNY'), credit: accountIds.deliverer(deliverer, 'CNY'), amount: 9_000n + BigInt(i % 997), reason: 'payment' },
  ];
}
const dateOf = (i: number) => `2026-${String(1 + (Math.floor(i / 30_000) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` as CalendarDate;

async function main() {
  const postings = Math.ceil(N / LEGS);
  console.log(`ledger bench: ${postings * LEGS} transfers (${postings} postings of ${LEGS} legs), SQLite in ${dir}`);

  // Raw better-sqlite3: the same rows, a prepared insert, the same transaction size.
  const rawHandle = await setUp('raw.sqlite');
  await rawHandle.close();
  const raw = new SQLite(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  const insert = raw.prepare(
    `INSERT INTO ledger_transfers (id, event, leg, currency, debit_account_id, credit_account_id, amount, reason, placement_id, installment_id, consultant_id, business_date, created_at, posted_order)
     VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)`,
  );
  const rawBatch = raw.transaction((from: number, to: number, at: string) => {
    for (let i = from; i < to; i++) {
      const event = `payment:${i}`;
      for (const l of legsOf(i)) insert.run(transferId(event, l.leg), event, l.leg, l.debit, l.credit, l.amount, l.reason, dateOf(i), at, newId());
    }
  });
  let t0 = performance.now();
  for (let from = 0; from < postings; from += POSTINGS_PER_TX) rawBatch(from, Math.min(postings, from + POSTINGS_PER_TX), new Date().toISOString());
  const rawMs = performance.now() - t0;
  raw.close();

  // Through the posting function.
  const handle = await setUp('ledger.sqlite');
  t0 = performance.now();
  for (let from = 0; from < postings; from += POSTINGS_PER_TX) {
    const to = Math.min(postings, from + POSTINGS_PER_TX);
    await inTransaction(handle.db, async (tx) => {
      const now = new Date();
      for (let i = from; i < to; i++) await post(tx, now, { event: `payment:${i}`, currency: 'CNY', businessDate: dateOf(i), placementId: null, legs: legsOf(i) });
    });
    if ((from / POSTINGS_PER_TX) % 50 === 0) process.stderr.write(`  posted ${to * LEGS}\r`);
  }
  const postMs = performance.now() - t0;
  const total = postings * LEGS;
  console.log(`raw better-sqlite3 inserts: ${rawMs.toFixed(0)} ms (${Math.round(total / (rawMs / 1000))} transfers/s)`);
  console.log(`posting function:           ${postMs.toFixed(0)} ms (${Math.round(total / (postMs / 1000))} transfers/s)`);
  console.log(`ratio (posting throughput / raw): ${((rawMs / postMs) * 100).toFixed(1)}%  (goal ≥ 30%)`);

  // The statement of ORG: 3 postings in 10 credit its deliverer account (10% of all transfers).
  const deps = { db: handle.db, dialect: handle.dialect } as unknown as AppDeps;
  const ctx: Ctx = { deps, actor: { userId: newId(), orgId: ORG, orgKind: 'platform', role: 'platform_ops', via: 'session' } };
  const query = { currency: 'CNY' as const, from: '0001-01-01' as CalendarDate, to: '9999-12-31' as CalendarDate };
  const account = accountIds.deliverer(ORG, 'CNY');
  const reader = new SQLite(join(dir, 'ledger.sqlite'), { readonly: true });
  const rawFirst = reader.prepare(
    `SELECT * FROM ledger_transfers WHERE credit_account_id = ? AND business_date >= ? AND business_date <= ? ORDER BY business_date, posted_order LIMIT 101`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const firstTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let r = 0; r < 9; r++) {
    t0 = performance.now();
    await statementOf(ctx, ORG, { ...query, limit: 100 });
    firstTimes.push(performance.now() - t0);
    t0 = performance.now();
    rawFirst.all(account, query.from, query.to);
    rawTimes.push(performance.now() - t0);
  }
  console.log(`statement, first page of 100: median ${median(firstTimes).toFixed(2)} ms (raw better-sqlite3 page: ${median(rawTimes).toFixed(2)} ms, ratio ${(median(firstTimes) / median(rawTimes)).toFixed(1)}×)  (goal ≤ 200 ms)`);

  // Every page, one after another, as a client paging through the whole statement would.
  const pageTimes: number[] = [];
  let cursor: string | undefined;
  let paged = 0;
  t0 = performance.now();
  for (;;) {
    const p0 = performance.now();
    const page = await statementOf(ctx, ORG, { ...query, limit: 100, cursor });
    pageTimes.push(performance.now() - p0);
    paged += page.lines.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const allPagesMs = performance.now() - t0;
  console.log(`statement of an org with ${paged} transfers, paged by 100: ${pageTimes.length} pages in ${allPagesMs.toFixed(0)} ms; per page median ${median(pageTimes).toFixed(2)} ms, slowest ${Math.max(...pageTimes).toFixed(2)} ms, last ${pageTimes[pageTimes.length - 1]!.toFixed(2)} ms`);

  // The whole statement as the CSV export streams it, beside a raw iteration computing the running balance.
  t0 = performance.now();
  const { head, pages } = await statementLines(ctx, ORG, query);
  let bytes = 0;
  for await (const chunk of statementCsv(head, pages, 'zh-CN')) bytes += Buffer.byteLength(chunk as string);
  const csvMs = performance.now() - t0;
  t0 = performance.now();
  let running = 0n;
  let rawLines = 0;
  for (const row of reader.prepare(`SELECT * FROM (SELECT * FROM ledger_transfers WHERE credit_account_id = ? UNION ALL SELECT * FROM ledger_transfers WHERE debit_account_id = ?) ORDER BY business_date, posted_order`).safeIntegers(true).iterate(account, account)) {
    const r = row as { credit_account_id: string; amount: bigint };
    running += r.credit_account_id === account ? r.amount : -r.amount;
    rawLines++;
  }
  const rawAllMs = performance.now() - t0;
  console.log(`whole statement as CSV (${paged} lines, ${(bytes / 1e6).toFixed(1)} MB): ${csvMs.toFixed(0)} ms (raw iteration with running balance, ${rawLines} rows to ${running}: ${rawAllMs.toFixed(0)} ms, ratio ${(csvMs / rawAllMs).toFixed(1)}×)`);

  t0 = performance.now();
  const check = await checkLedger(handle.db);
  const checkMs = performance.now() - t0;
  t0 = performance.now();
  let scanned = 0;
  for (const _row of reader.prepare(`SELECT id, event, leg, currency, debit_account_id, credit_account_id, amount, placement_id FROM ledger_transfers ORDER BY id`).iterate()) scanned++;
  const rawScanMs = performance.now() - t0;
  reader.close();
  console.log(`ledger check over ${check.counts.transfers} transfers: ${checkMs.toFixed(0)} ms (${((checkMs * 1000) / check.counts.transfers!).toFixed(1)} µs each), ${check.violations.length} violations (raw scan of ${scanned} rows: ${rawScanMs.toFixed(0)} ms)`);
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
