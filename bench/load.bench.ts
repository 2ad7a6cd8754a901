/**
 * Load: `node bin/run-ts.mjs bench/load.bench.ts [seconds] [placements]` (30 s, 100,000 placements by default).
 *
 * The compiled server (`tenure serve`, worker off) over a SQLite database with the demo world and N more
 * placements of 华信科技 (a fixture kept under /tmp and reused: building it takes minutes), 50 connections
 * of mixed traffic through autocannon: marketplace search as a consultant (30%), the placement list (30%) and
 * placement pages (20%) as the employer's HR, the HR's notifications (10%) and a write (10%: marking every
 * notification read). Reported: errors and non-2xx answers, p50/p99 latency, requests per second, the server's
 * RSS idle and at its highest under load.
 *
 * Before the load, each request of the mix alone, in turn, against the server counting its queries
 * (TENURE_QUERY_COUNT=1): its median latency and the queries it ran. `LOAD_BENCH_PROFILE=DIR` writes a CPU profile
 * of the loaded server there. Every run starts from a fresh copy of the fixture.
 *
 * Baseline in the same run: a bare Fastify in its own process (this file with `--bare PORT`) serving the same
 * reads straight from the same database file with better-sqlite3 (prepared once; no sessions, no validation, no
 * audit), the write an insert into an in-memory table. The ratio is the server's requests per second over the bare
 * one's; beside it, the ratio of their CPU time per request, which the machine's other load disturbs less.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { seedDemoWorld } from '../src/demo/seed.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-world.ts';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction } from '../src/platform/db/database.ts';
import { openTenure } from '../src/tenure.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BARE = process.argv[2] === '--bare';
const SECONDS = BARE ? 0 : Number(process.argv[2] ?? 30);
const N = Number(process.argv[BARE ? 4 : 3] ?? 100_000);
const FIXTURE = `/tmp/tenure-load-fixture-v2-${N}`;
/** Each run works on a fresh copy of the fixture: the server migrates it and the writes change it. */
const RUN_DIR = `${FIXTURE}-run`;
const CONNECTIONS = 50;

async function buildFixture(): Promise<void> {
  if (existsSync(join(FIXTURE, 'ready'))) return;
  mkdirSync(FIXTURE, { recursive: true });
  const t0 = Date.now();
  const tenure = await openTenure(loadConfig({ TENURE_DATA_DIR: FIXTURE, TENURE_CLOCK: 'manual', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' }));
  try {
    await seedDemoWorld(tenure.deps, () => {}, { marketplace: true });
    const db = tenure.deps.db;
    const template = await db.selectFrom('placements').selectAll().orderBy('id').executeTakeFirstOrThrow();
    const submission = await db.selectFrom('submissions').selectAll().where('id', '=', template.submission_id).executeTakeFirstOrThrow();
    for (let i = 0; i < N; i += 2_000) {
      await inTransaction(db, async (tx) => {
        const subs = [];
        const rows = [];
        for (let j = i; j < Math.min(N, i + 2_000); j++) {
          const sid = randomUUID();
          subs.push({ ...submission, id: sid, phone_key: null, email_key: null });
          // A second apart, as placements made over the months before: a list is keyset-paged on (created_at, id).
          const createdAt = new Date(Date.parse(template.created_at) - (j + 1) * 1_000).toISOString();
          rows.push({ ...template, id: randomUUID(), submission_id: sid, status: 'active' as const, created_at: createdAt });
        }
        // Many rows per statement, within SQLite's limit on bound values.
        for (let k = 0; k < subs.length; k += 100) await tx.insertInto('submissions').values(subs.slice(k, k + 100)).execute();
        for (let k = 0; k < rows.length; k += 100) await tx.insertInto('placements').values(rows.slice(k, k + 100)).execute();
      });
    }
    // The copies are the template consultant's submissions too: the marketplace's count of past work says so.
    await db
      .updateTable('consultant_order_submissions')
      .set((eb) => ({ submissions: eb('submissions', '+', N) }))
      .where('consultant_id', '=', submission.consultant_id)
      .where('order_id', '=', submission.order_id)
      .execute();
  } finally {
    await tenure.close();
  }
  (await import('node:fs')).writeFileSync(join(FIXTURE, 'ready'), new Date().toISOString());
  console.log(`fixture: ${N} placements built in ${((Date.now() - t0) / 1000).toFixed(0)} s at ${FIXTURE}`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** CPU time (user + system) a process has used so far, in ms: steadier than the wall clock on a shared machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The bare baseline: a Fastify serving the mix's reads from the run's database with better-sqlite3, nothing else. */
async function serveBare(port: number): Promise<void> {
  const sqlite = new Database(join(RUN_DIR, 'tenure.sqlite'), { readonly: true });
  const scratch = new Database(':memory:');
  scratch.exec('create table w (id integer primary key, at text)');
  // The HR's org: the one holding the fixture's placements.
  const huaxin = (sqlite.prepare('select poster_org_id as id from placements group by poster_org_id order by count(*) desc limit 1').get() as { id: string }).id;
  const q = {
    market: sqlite.prepare("select * from job_orders where status = 'open' order by opened_at desc limit 20"),
    list: sqlite.prepare('select * from placements where poster_org_id = ? order by created_at desc, id desc limit 20'),
    page: sqlite.prepare('select * from placements where id = ?'),
    notes: sqlite.prepare('select * from notifications where org_id = ? order by created_at desc limit 20'),
    write: scratch.prepare('insert into w (at) values (?)'),
  };
  const bare = Fastify();
  bare.get('/api/v1/marketplace/orders', async () => ({ items: q.market.all() }));
  bare.get('/api/v1/placements', async () => ({ items: q.list.all(huaxin) }));
  bare.get<{ Params: { id: string } }>('/api/v1/placements/:id', async (req) => q.page.get(req.params.id) ?? {});
  bare.get('/api/v1/notifications', async () => ({ items: q.notes.all(huaxin) }));
  bare.post('/api/v1/notifications/read-all', async () => ({ marked: q.write.run(new Date().toISOString()).changes }));
  await bare.listen({ port, host: '127.0.0.1' });
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** `countQueries`: the server answers with `Server-Timing` (its queries and their time); off for the timed load. */
async function startServer(port: number, countQueries = false): Promise<ChildProcess> {
  // LOAD_BENCH_PROFILE=DIR: the timed server writes a CPU profile there when it stops (node --cpu-prof).
  const profile = !countQueries && process.env.LOAD_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOAD_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, ['--max-semi-space-size=4', ...profile, join(ROOT, 'bin', 'tenure.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '', TZ: 'UTC', MALLOC_MMAP_THRESHOLD_: '131072', TENURE_DATA_DIR: RUN_DIR, TENURE_CLOCK: 'manual', TENURE_WORKER: 'off', TENURE_SEED_DEMO: 'never',
      TENURE_LOG_LEVEL: 'silent', PORT: String(port), TENURE_QUERY_COUNT: countQueries ? '1' : '0',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 1_200; i++) {
    if (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false)) return child;
    await sleep(50);
  }
  throw new Error('the server did not become ready');
}

async function signIn(base: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const cookie = /tenure_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const body = (await res.json()) as { csrfToken: string };
  if (!cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return { cookie, csrf: body.csrfToken };
}

type Mix = { method: 'GET' | 'POST'; path: string; headers: Record<string, string> }[];

async function run(base: string, mix: Mix, sample?: () => void): Promise<autocannon.Result> {
  const timer = sample ? setInterval(sample, 500) : null;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: mix.map((r) => ({ method: r.method, path: r.path, headers: r.headers, ...(r.method === 'POST' ? { body: '{}' } : {}) })),
  });
  if (timer) clearInterval(timer);
  return result;
}

/** The mix: 30% marketplace (relevance twice, reward once), 30% placement lists, 20% placement pages, 10% notifications, 10% a write. */
async function mixOf(base: string): Promise<Mix> {
  const hr = await signIn(base, 'hr@huaxin.demo');
  const c1 = await signIn(base, 'c1@talentbridge.demo');
  const list = (await (await fetch(`${base}/api/v1/placements?limit=20`, { headers: { cookie: hr.cookie } })).json()) as { items: { id: string }[] };
  const pageIds = list.items.slice(0, 2).map((p) => p.id);
  const asHr = { cookie: hr.cookie };
  const asC1 = { cookie: c1.cookie };
  return [
    { method: 'GET', path: '/api/v1/marketplace/orders', headers: asC1 },
    { method: 'GET', path: '/api/v1/placements?limit=20', headers: asHr },
    { method: 'GET', path: `/api/v1/placements/${pageIds[0]}`, headers: asHr },
    { method: 'GET', path: '/api/v1/marketplace/orders?sort=reward', headers: asC1 },
    { method: 'GET', path: '/api/v1/placements?limit=20&status=active', headers: asHr },
    { method: 'GET', path: '/api/v1/notifications', headers: asHr },
    { method: 'GET', path: '/api/v1/marketplace/orders?city=%E4%B8%8A%E6%B5%B7', headers: asC1 },
    { method: 'GET', path: '/api/v1/placements?limit=20', headers: asHr },
    { method: 'GET', path: `/api/v1/placements/${pageIds[1] ?? pageIds[0]}`, headers: asHr },
    { method: 'POST', path: '/api/v1/notifications/read-all', headers: { ...asHr, 'x-csrf-token': hr.csrf, 'content-type': 'application/json' } },
  ];
}

/**
 * Each request of the mix alone, one at a time, against a server counting its queries: the median latency
 * unloaded and what the request costs the database (how an N+1 read or a scan shows up).
 */
async function probe(): Promise<string[]> {
  const port = await freePort();
  const server = await startServer(port, true);
  const base = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  try {
    const mix = await mixOf(base);
    for (const r of mix) {
      const times: number[] = [];
      let timing = '';
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        const res = await fetch(base + r.path, { method: r.method, headers: r.headers, ...(r.method === 'POST' ? { body: '{}' } : {}) });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        timing = res.headers.get('server-timing') ?? '';
      }
      times.sort((a, b) => a - b);
      const m = /dur=([\d.]+);desc="(\d+) queries"/.exec(timing);
      lines.push(`    ${r.method} ${r.path.replace(/[0-9a-f-]{36}/, '{id}')}: median ${times[10]!.toFixed(1)} ms, ${m?.[2] ?? '?'} queries taking ${m?.[1] ?? '?'} ms`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
  return lines;
}

async function main(): Promise<void> {
  await buildFixture();
  rmSync(RUN_DIR, { recursive: true, force: true });
  cpSync(FIXTURE, RUN_DIR, { recursive: true });
  const probed = await probe();
  const port = await freePort();
  const server = await startServer(port);
  const base = `http://127.0.0.1:${port}`;
  await sleep(5_000);
  const idleRss = rssKb(server.pid!);
  const mix = await mixOf(base);
  let peakRss = 0;
  const serverCpu0 = cpuMs(server.pid!);
  const served = await run(base, mix, () => (peakRss = Math.max(peakRss, rssKb(server.pid!))));
  const serverCpu = cpuMs(server.pid!) - serverCpu0;
  server.kill('SIGTERM');
  await new Promise((done) => server.once('exit', done));

  // The bare baseline, in its own process as the server is: the same reads straight from the same file.
  const barePort = await freePort();
  const bare = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.mjs'), join(ROOT, 'bench', 'load.bench.ts'), '--bare', String(barePort), String(N)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 1_200 && !(await fetch(`http://127.0.0.1:${barePort}/api/v1/notifications`).then((r) => r.ok, () => false)); i++) await sleep(50);
  const bareCpu0 = cpuMs(bare.pid!);
  const baseline = await run(`http://127.0.0.1:${barePort}`, mix);
  const bareCpu = cpuMs(bare.pid!) - bareCpu0;
  bare.kill('SIGTERM');
  await new Promise((done) => bare.once('exit', done));

  const fmt = (r: autocannon.Result) =>
    `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx} of ${r.requests.total}`;
  console.log(`load: ${N} placements, ${CONNECTIONS} connections, ${SECONDS} s, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const perRequest = (cpu: number, r: autocannon.Result) => cpu / r.requests.total;
  console.log(`  tenure serve: ${fmt(served)}; server CPU ${perRequest(serverCpu, served).toFixed(2)} ms per request`);
  console.log(`  bare Fastify: ${fmt(baseline)}; server CPU ${perRequest(bareCpu, baseline).toFixed(2)} ms per request`);
  console.log(`  ratio: ${((served.requests.average / baseline.requests.average) * 100).toFixed(0)}% of the bare requests per second; ${((perRequest(bareCpu, baseline) / perRequest(serverCpu, served)) * 100).toFixed(0)}% by CPU time per request`);
  console.log('  each request alone, in turn (21 times, server counting queries):');
  for (const line of probed) console.log(line);
  console.log(`  server RSS: ${(idleRss / 1024).toFixed(0)} MB idle after start, ${(peakRss / 1024).toFixed(0)} MB at its highest under load`);
}

if (process.argv[2] === '--bare') await serveBare(Number(process.argv[3]));
else await main();
