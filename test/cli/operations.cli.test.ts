import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { TEST_TODAY } from '../support/server.ts';

// The real CLI and a real server process, as an operator runs them: graceful shutdown, backup and restore.
const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenure.mjs');

type Run = { code: number; stdout: string; stderr: string };

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('TENURE_') || k.startsWith('VITEST')) continue;
    base[k] = v;
  }
  return { ...base, TZ: 'UTC', TENURE_LOG_LEVEL: 'silent', ...extra };
}

function tenure(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
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

type Server = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: cleanEnv({ ...env, PORT: String(port) }) });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${out}`);
    if (Date.now() > until) throw new Error(`the server did not become ready: ${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { child, port, output: () => out, exited };
    await sleep(50);
  }
}

const auditEventCount = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('operating a server', () => {
  let dir: string;
  let dataDir: string;
  // The demo without its simulated history: these tests are about operating a server, not about the demo's past.
  const env = () => ({ TENURE_DATA_DIR: dataDir, TENURE_CLOCK: 'manual', TENURE_CLOCK_START: TEST_TODAY, TENURE_DEMO_HISTORY: 'off' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-ops-'));
    dataDir = join(dir, 'data');
    expect((await tenure(['seed'], env())).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGTERM: a request in flight still gets its full answer, new connections are refused, then the server exits 0', async () => {
    const server = await startServer(env());
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(true);
    const body = JSON.stringify({ email: 'hr@huaxin.demo', password: DEMO_PASSWORD });
    const half = Math.floor(body.length / 2);
    // A slow client: the request's headers and half its body arrive before the signal, the rest after.
    const answer = new Promise<{ status: number; text: string; setCookie: string[] }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text, setCookie: res.headers['set-cookie'] ?? [] }));
      });
      req.on('error', fail);
      req.write(body.slice(0, half));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 1_000);
      }, 500);
    });
    await sleep(1_000);
    // Between the signal and the end of the slow request: the listener is closed.
    await expect(fetch(`http://127.0.0.1:${server.port}/health/live`)).rejects.toThrow();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ user: { email: 'hr@huaxin.demo' } });
    expect(res.setCookie.join(';')).toMatch(/tenure_session=/);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing requests in flight/);
    expect(server.output()).toMatch(/stopped/);
    // The database was closed cleanly (SQLite folds its WAL back in on the last close) and the pid file is gone.
    expect(existsSync(join(dataDir, 'tenure.sqlite-wal'))).toBe(false);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
  }, 120_000);

  it('backup while the server runs, restore refused while it runs, restore after it stopped brings the data back and verifies the audit log', async () => {
    const backupFile = join(dir, 'backup.sqlite');
    const server = await startServer(env());
    try {
      const b = await tenure(['backup', backupFile], env());
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toMatch(/backed up .* audit events\)/);
      const again = await tenure(['backup', backupFile], env());
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists; pass --force/);

      const refused = await tenure(['restore', backupFile], env());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`a server \\(process ${server.child.pid}\\) is running`));
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    const backedUp = auditEventCount(backupFile);
    expect(backedUp).toBeGreaterThan(0);

    // Changes after the backup: moving the clock appends audit events.
    expect((await tenure(['clock', 'advance', '--days', '3'], env())).code).toBe(0);
    expect(auditEventCount(join(dataDir, 'tenure.sqlite'))).toBeGreaterThan(backedUp);

    const restored = await tenure(['restore', backupFile], env());
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`restored .* \\(.*, ${backedUp} audit events\\)`));
    expect(restored.stdout).toMatch(new RegExp(`audit log verified: ${backedUp} events`));
    expect(auditEventCount(join(dataDir, 'tenure.sqlite'))).toBe(backedUp);
  }, 180_000);

  it('restore of an altered backup says so and exits 1; a file that is not a Tenure database is refused', async () => {
    const good = join(dir, 'good.sqlite');
    expect((await tenure(['backup', good], env())).code).toBe(0);
    const altered = join(dir, 'altered.sqlite');
    const db = new Database(good, { readonly: true });
    await db.backup(altered);
    db.close();
    const edit = new Database(altered);
    // The append-only triggers guard the live table; someone editing a copy drops them first.
    for (const t of edit.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'").all() as { name: string }[]) {
      edit.exec(`DROP TRIGGER "${t.name}"`);
    }
    edit.prepare("UPDATE audit_events SET payload = '{\"tampered\":true}' WHERE seq = 3").run();
    edit.close();

    const r = await tenure(['restore', altered], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit log ALTERED: .*first altered event: #3/);

    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    const j = await tenure(['restore', junk], env());
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/is not a SQLite database/);
    // The refused restores left the database as the altered one put it; a good backup puts it right again.
    const fixed = await tenure(['restore', good], env());
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/audit log verified/);
  }, 180_000);

  it('with PostgreSQL, backup and restore point to pg_dump and exit 2', async () => {
    for (const cmd of ['backup', 'restore']) {
      const r = await tenure([cmd, join(dir, 'x.dump')], { ...env(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(r.code, cmd).toBe(2);
      expect(r.stderr, cmd).toMatch(/pg_dump/);
    }
  });
});
