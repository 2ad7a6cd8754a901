/**
 * Server start-up and memory: `node bin/run-ts.mjs bench/startup.bench.ts [rounds]`.
 *
 * For the compiled runtime (what `npx tenure serve` / `npm start` run: the esbuild bundle under dist/) and, as the
 * baseline in the same run, the same CLI run from its TypeScript sources through tsx (how the server ran before):
 * - first start on an empty data directory (migrate + seed the demo world) until `/api/v1/health` answers, and
 *   its memory at idle after it (seeding hashes passwords: scrypt's 16 MB buffers in the thread pool);
 * - second start on that database, timed from spawn to the first healthy answer (median of `rounds`);
 * - memory at idle: 5 s after healthy, VmRSS of the server process plus every process it spawned (from /proc).
 * The two runtimes alternate round by round, so background load weighs on both alike.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.argv[2] ?? 5);
const IDLE_MS = 5_000;

type Runtime = { name: string; args: string[]; env?: Record<string, string> };
const RUNTIMES: Runtime[] = [
  // What `npm start` runs after its build checks (npm's own wrapper process aside).
  {
    name: 'compiled (dist/, esbuild bundle)',
    args: ['--max-semi-space-size=4', '--heap-growing-percent=50', join(ROOT, 'bin', 'tenure.mjs'), 'serve'],
    env: { MALLOC_MMAP_THRESHOLD_: '131072' },
  },
  { name: 'baseline: TypeScript through tsx', args: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve'] },
];

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => done(port));
    });
  });
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(rootPid: number): { total: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  let processes = 0;
  const walk = (pid: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(m?.[1] ?? 0);
      processes++;
    } catch {
      return;
    }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(rootPid);
  return { total, processes };
}

async function waitHealthy(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error('the server did not become healthy in time');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

type Start = { ms: number; cpuMs: number; rssKb: number; processes: number };

/** CPU time (user + system) a process has used so far, in ms: less disturbed than wall time when the machine is busy. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

async function start(rt: Runtime, dataDir: string, measureIdle: boolean): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...rt.env, TZ: 'UTC', PORT: String(port), TENURE_DATA_DIR: dataDir, TENURE_LOG_LEVEL: 'silent', TENURE_CLOCK: 'manual' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const began = performance.now();
  const child = spawn(process.execPath, rt.args, { cwd: ROOT, env, stdio: 'ignore' });
  try {
    await waitHealthy(port, child, 120_000);
    const ms = performance.now() - began;
    const cpuMs = cpuMsOf(child.pid ?? 0);
    if (!measureIdle) return { ms, cpuMs, rssKb: 0, processes: 0 };
    await sleep(IDLE_MS);
    const rss = treeRssKb(child.pid ?? 0);
    return { ms, cpuMs, rssKb: rss.total, processes: rss.processes };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  // The compiled runtime builds itself when stale; do it here so no timed start pays for it.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-server-if-stale.mjs')], { stdio: 'inherit' });
  const dirs = RUNTIMES.map(() => mkdtempSync(join(tmpdir(), 'tenure-startup-')));
  const results = RUNTIMES.map(() => ({ first: 0, firstRss: 0, second: [] as number[], cpu: [] as number[], rss: [] as number[], processes: 0 }));
  try {
    for (const [i, rt] of RUNTIMES.entries()) {
      const first = await start(rt, join(dirs[i] ?? '', 'data'), true);
      results[i]!.first = first.ms;
      results[i]!.firstRss = first.rssKb;
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, rt] of RUNTIMES.entries()) {
        const s = await start(rt, join(dirs[i] ?? '', 'data'), true);
        results[i]!.second.push(s.ms);
        results[i]!.cpu.push(s.cpuMs);
        results[i]!.rss.push(s.rssKb);
        results[i]!.processes = s.processes;
      }
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  console.log(`\n${ROUNDS} rounds, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| runtime | first start (migrate + seed) | RSS at idle after it | second start to healthy (median) | its CPU time (median) | RSS at idle (median) | processes |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [i, rt] of RUNTIMES.entries()) {
    const r = results[i]!;
    console.log(`| ${rt.name} | ${(r.first / 1000).toFixed(2)} s | ${(r.firstRss / 1024).toFixed(0)} MB | ${(median(r.second) / 1000).toFixed(2)} s (${r.second.map((x) => (x / 1000).toFixed(2)).join(', ')}) | ${(median(r.cpu) / 1000).toFixed(2)} s | ${(median(r.rss) / 1024).toFixed(0)} MB (${r.rss.map((x) => (x / 1024).toFixed(0)).join(', ')}) | ${r.processes} |`);
  }
  const [c, b] = results;
  if (c && b) {
    console.log(
      `\nratio compiled / baseline: second start ${(median(c.second) / median(b.second)).toFixed(2)}, its CPU time ${(median(c.cpu) / median(b.cpu)).toFixed(2)}, RSS ${(median(c.rss) / median(b.rss)).toFixed(2)}`,
    );
  }
}

await main();
