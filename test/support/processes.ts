import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The compiled CLI and server as an operator runs them (`npx tenure …`, `npm start`), for tests that need real processes. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'tenure.mjs');

export type Run = { code: number; stdout: string; stderr: string };

/** The test's environment without its own Tenure settings, so each process gets exactly the settings given. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('TENURE_') || k.startsWith('VITEST')) continue;
    base[k] = v;
  }
  return { ...base, TZ: 'UTC', TENURE_LOG_LEVEL: 'silent', ...extra };
}

/** `npx tenure ARGS` with the given settings. */
export function tenure(args: string[], env: Record<string, string>, timeoutMs = 300_000): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export type ServerProcess = { child: ChildProcess; port: number; url: string; output: () => string; exited: Promise<number | null> };

/** `tenure serve` on a free port (or the one given), resolved once /health/ready answers. */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: cleanEnv({ ...env, PORT: String(p) }) });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited: ${out}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready: ${out}`);
    }
    const ok = await fetch(`http://127.0.0.1:${p}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { child, port: p, url: `http://127.0.0.1:${p}`, output: () => out, exited };
    await sleep(50);
  }
}

/** Stops a server process: SIGTERM (graceful), then SIGKILL if it has not exited within the grace period. */
export async function stopServerProcess(server: ServerProcess, graceMs = 15_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}
