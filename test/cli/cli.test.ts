import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from '../support/server.ts';

// The real CLI, as `npx tenure …` runs it: a Node process running the compiled bundle (dist/server).
const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenure.mjs');

type Run = { code: number; stdout: string; stderr: string; out: string };

/** Runs `tenure …args` with only the given configuration in the environment (nothing inherited from the test run). */
function tenure(args: string[], env: Record<string, string> = {}, cwd = ROOT, timeout = 60_000): Promise<Run> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('TENURE_') || k.startsWith('VITEST')) continue;
    base[k] = v;
  }
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...base, TZ: 'UTC', ...env }, timeout }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr, out: stdout + stderr });
    });
  });
}

const COMMANDS = ['serve', 'migrate', 'seed', 'tick', 'clock', 'audit', 'model'];

describe('tenure CLI', () => {
  let dir: string;
  let dataDir: string;
  const env = (extra: Record<string, string> = {}) => ({ TENURE_DATA_DIR: dataDir, ...extra });
  const manual = { TENURE_CLOCK: 'manual', TENURE_CLOCK_START: TEST_TODAY };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-cli-'));
    dataDir = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help lists every command; each command has its own --help', async () => {
    const main = await tenure(['--help'], env());
    expect(main.code).toBe(0);
    for (const c of COMMANDS) expect(main.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    const helps = await Promise.all(
      COMMANDS.map((c) => [c]).map(async (cmd) => ({ cmd, run: await tenure([...cmd, '--help'], env()) })),
    );
    for (const { cmd, run } of helps) {
      expect(run.code, cmd.join(' ')).toBe(0);
      expect(run.stdout, cmd.join(' ')).toContain(`Usage: tenure ${cmd.join(' ')}`);
    }
    const byName = Object.fromEntries(helps.map(({ cmd, run }) => [cmd.join(' '), run.stdout]));
    expect(byName.clock).toMatch(/show/);
    expect(byName.clock).toMatch(/advance/);
    expect(byName.audit).toMatch(/verify/);
    // Nothing was created by asking for help.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('migrate creates the database on a fresh directory, and a second run finds it up to date', async () => {
    const first = await tenure(['migrate'], env());
    expect(first.code, first.out).toBe(0);
    expect(first.stdout).toMatch(/migrated 0001-foundation/);
    expect(existsSync(join(dataDir, 'tenure.sqlite'))).toBe(true);
    const second = await tenure(['migrate'], env());
    expect(second.code, second.out).toBe(0);
    expect(second.stdout).toMatch(/up to date/);
    expect(second.stdout).not.toMatch(/migrated/);
  });

  it('with no TENURE_DATA_DIR the database is ./data/tenure.sqlite of the working directory', async () => {
    const cwd = join(dir, 'fresh-project');
    mkdirSync(cwd);
    const run = await tenure(['migrate'], {}, cwd);
    expect(run.code, run.out).toBe(0);
    expect(existsSync(join(cwd, 'data', 'tenure.sqlite'))).toBe(true);
  });

  it('seed fills an empty database once, its history first as `npm start` does, then refuses with a clear message', async () => {
    const first = await tenure(['seed'], env(manual), undefined, 150_000);
    expect(first.code, first.out).toBe(0);
    expect(first.stdout).toMatch(/seeded the demo world/);
    expect(first.stderr).toMatch(/seeding: \d+\/\d+ history/);
    const second = await tenure(['seed'], env(manual));
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already holds data/);
  }, 180_000);

  it('clock advance --days 2 moves manual time, as clock show then tells', async () => {
    const before = await tenure(['clock', 'show'], env(manual));
    expect(before.code, before.out).toBe(0);
    const was = /manual clock: (\S+)/.exec(before.stdout)?.[1];
    expect(was).toBeDefined();
    const advanced = await tenure(['clock', 'advance', '--days', '2'], env(manual));
    expect(advanced.code, advanced.out).toBe(0);
    const expected = new Date(Date.parse(was!) + 2 * 86_400_000).toISOString();
    expect(advanced.stdout).toContain(`platform time is now ${expected}`);
    expect(advanced.stdout).toMatch(/\d+ obligations done/);
    const after = await tenure(['clock', 'show'], env(manual));
    expect(after.stdout).toContain(`manual clock: ${expected}`);
  });

  it('clock advance without --days, or with --days abc, fails with a message', async () => {
    const [missing, abc] = await Promise.all([tenure(['clock', 'advance'], env(manual)), tenure(['clock', 'advance', '--days', 'abc'], env(manual))]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/required option '--days <n>'/);
    expect(missing.stderr).toContain('Usage: tenure clock advance'); // the command's help follows the error
    expect(abc.code).not.toBe(0);
    expect(abc.stderr).toMatch(/--days.*'abc'.*whole number of days/);
  });

  it('with the system clock, advance fails clearly and time does not move', async () => {
    const manualTime = () => {
      const db = new Database(join(dataDir, 'tenure.sqlite'), { readonly: true });
      try {
        return db.prepare("SELECT value FROM platform_state WHERE key = 'clock.manual_now'").get();
      } finally {
        db.close();
      }
    };
    const before = manualTime();
    const run = await tenure(['clock', 'advance', '--days', '2'], env({ TENURE_CLOCK: 'system' }));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/system clock.*TENURE_CLOCK=manual/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(manualTime()).toEqual(before);
  });

  it('tick prints what it did', async () => {
    const run = await tenure(['tick'], env(manual));
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toMatch(/^\d+ obligations done, \d+ to retry, \d+ failed$/m);
  });

  it('audit verify: exit 0 with the count on the seeded log; exit 1 naming the event whose payload was altered', async () => {
    const file = join(dataDir, 'tenure.sqlite');
    const count = (() => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    })();
    expect(count).toBeGreaterThanOrEqual(15);
    const ok = await tenure(['audit', 'verify'], env(manual));
    expect(ok.code, ok.out).toBe(0);
    expect(ok.stdout).toContain(`audit log verified: ${count} events`);

    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE audit_events SET payload = '{}' WHERE seq = 6").run()).toThrow(/append-only/);
      db.exec('DROP TRIGGER audit_events_no_update');
      db.prepare("UPDATE audit_events SET payload = '{\"role\":\"employer_admin\"}' WHERE seq = 6").run();
    } finally {
      db.close();
    }
    const altered = await tenure(['audit', 'verify'], env(manual));
    expect(altered.code).toBe(1);
    expect(altered.stderr).toMatch(/ALTERED/);
    expect(altered.stderr).toMatch(/event 6\b/);
    expect(altered.stderr).toContain('#6');
  });

  it('an unknown command exits non-zero and says so', async () => {
    const run = await tenure(['frobnicate'], env());
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
