import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const REPORT = JSON.parse(readFileSync(new URL('../../src/risk/fairness-report.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe.each(DATABASE_KINDS)('risk model fairness API on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(async () => server?.close());

  it('serves platform ops the committed report: per-group AUC and flag rates, calibration, proxies', async () => {
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const res = await ops.get('/api/v1/risk/fairness');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(REPORT);
    const body = res.body as { groups: { attribute: string; group: string }[]; proxies: { input: string; proxy: { maritalStatus: { group: string; auc: number } } }[] };
    expect(new Set(body.groups.map((g) => g.attribute))).toEqual(new Set(['gender', 'age', 'maritalStatus']));
    // The proxy the design warns about: stock options pick out single employees.
    const stock = body.proxies.find((p) => p.input === 'StockOptionLevel');
    expect(stock?.proxy.maritalStatus.group).toBe('Single');
    expect(stock?.proxy.maritalStatus.auc).toBeGreaterThan(0.85);
  });

  it('refuses everyone else, arbitrators included, and asks a stranger to sign in', async () => {
    for (const email of ['arbitrator@tenure.demo', 'admin@huaxin.demo', 'hr@huaxin.demo', 'admin@talentbridge.demo', 'c1@talentbridge.demo']) {
      const user = await ApiUser.signIn(server.url, email);
      const res = await user.get('/api/v1/risk/fairness');
      expect(res.status, email).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('StockOptionLevel');
    }
    const anonymous = await fetch(`${server.url}/api/v1/risk/fairness`);
    expect(anonymous.status).toBe(401);
  });
});
