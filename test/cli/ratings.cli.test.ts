import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenure } from '../support/processes.ts';
import { seedDemoWorld } from '../../src/demo/seed.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openTenure } from '../../src/tenure.ts';
import { TEST_TODAY } from '../support/server.ts';

// `npx tenure ratings recompute` as ops run it: the compiled CLI on a demo database whose running sums drifted.

type Counter = { scope: string; scope_id: string; metric: string; successes_q: number; trials: number };

describe('tenure ratings recompute', () => {
  let dir: string;
  let env: Record<string, string>;
  let before: Counter[];
  let consultantId: string;
  let agencyId: string;
  const sqlite = () => new Database(join(dir, 'data', 'tenure.sqlite'));
  const counters = (): Counter[] => {
    const db = sqlite();
    try {
      return db.prepare('select scope, scope_id, metric, successes_q, trials from rating_counters where trials <> 0 or successes_q <> 0 order by scope, scope_id, metric').all() as Counter[];
    } finally {
      db.close();
    }
  };
  const events = (type: string) => {
    const db = sqlite();
    try {
      return (db.prepare('select subject_id, payload from audit_events where type = ? order by seq').all(type) as { subject_id: string; payload: string }[]).map((e) => ({ subjectId: e.subject_id, payload: JSON.parse(e.payload) as Record<string, unknown> }));
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-ratings-'));
    env = { TENURE_DATA_DIR: join(dir, 'data'), TENURE_SEED_DEMO: 'never', TENURE_CLOCK: 'manual', TENURE_LOG_LEVEL: 'silent', TENURE_WORKER: 'off' };
    const t = await openTenure(loadConfig({ ...env, TENURE_CLOCK_START: TEST_TODAY }));
    try {
      const ids = await seedDemoWorld(t.deps, () => {}, { marketplace: true });
      consultantId = ids.users['c1@talentbridge.demo']!;
      agencyId = ids.orgs.talentbridge!;
    } finally {
      await t.close();
    }
    before = counters();
    // The demo's outcomes were counted as they landed: 周杰's refunded hire among them.
    expect(before.some((c) => c.scope === 'consultant' && c.scope_id === consultantId)).toBe(true);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets drifted sums back to their outcomes, one audit event per corrected subject, with its progress', async () => {
    const db = sqlite();
    try {
      // Drift: a consultant's guarantee count inflated, its agency's sums lost, the platform's successes changed.
      db.prepare("update rating_counters set trials = trials + 7, successes_q = successes_q + 28 where scope = 'consultant' and scope_id = ? and metric = 'guaranteePass'").run(consultantId);
      db.prepare("insert into rating_counters (scope, scope_id, metric, agency_org_id, successes_q, trials) values ('consultant', ?, 'onTime', ?, 400, 100) on conflict (scope, scope_id, metric) do update set successes_q = 400, trials = 100").run(consultantId, agencyId);
      db.prepare("delete from rating_counters where scope = 'agency' and scope_id = ?").run(agencyId);
      db.prepare("update rating_counters set successes_q = successes_q + 3 where scope = 'platform' and metric = 'claimFree'").run();
    } finally {
      db.close();
    }
    expect(counters()).not.toEqual(before);

    const run = await tenure(['ratings', 'recompute'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/consultants, \d+ agencies and the platform checked; 2 corrected, the platform’s sums corrected/);
    expect(run.stderr).toMatch(/recomputing ratings: (\d+)\/\1 platform/);
    expect(counters()).toEqual(before);

    const consultantEvents = events('rating.consultant_recomputed');
    expect(consultantEvents.map((e) => e.subjectId)).toEqual([consultantId]);
    const corrected = consultantEvents[0]!.payload.corrected as { metric: string; trials: number; wasTrials: number }[];
    expect(corrected.map((c) => c.metric).sort()).toEqual(['guaranteePass', 'onTime']);
    const guarantee = corrected.find((c) => c.metric === 'guaranteePass')!;
    expect(guarantee.wasTrials - guarantee.trials).toBe(7);
    expect(events('rating.agency_recomputed').map((e) => e.subjectId)).toEqual([agencyId]);
    expect(events('rating.recompute_run')).toHaveLength(1);
  }, 180_000);

  it('changes nothing on a second run, which is still audited', async () => {
    const run = await tenure(['ratings', 'recompute'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/checked; 0 corrected \(/);
    expect(counters()).toEqual(before);
    expect(events('rating.consultant_recomputed')).toHaveLength(1);
    expect(events('rating.recompute_run').map((e) => e.payload.corrected)).toEqual([2, 0]);
    // The log still verifies with the recomputations in it.
    const verify = await tenure(['audit', 'verify'], env);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  }, 180_000);
});
