import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, userOf } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Settings = { enabledProtected: string[]; thresholds: { medium: number; high: number }; reportViewedAt: string | null; model: string };
type AuditItem = { type: string; payload: Record<string, unknown> };

/**
 * The risk model's settings (DESIGN §4.7): protected inputs are off by default; ops enable one only after viewing
 * the fairness report, and the change is audited; placements are then scored by the variant trained with it.
 * Band thresholds are configurable the same way.
 */
describe.each(DATABASE_KINDS)('risk settings on %s', (database) => {
  let server: TestServer;
  const ops = () => userOf(server, 'ops@tenure.demo');
  beforeAll(async () => {
    server = await startTestServer({ database });
  }, 60_000);
  afterAll(() => server.close());

  it('starts with no protected input and the default bands; only ops read or change them', async () => {
    const s = await (await ops()).get<Settings>('/api/v1/risk/settings');
    expect(s.body).toMatchObject({ enabledProtected: [], thresholds: { medium: 0.15, high: 0.35 }, reportViewedAt: null, model: 'v1' });
    for (const email of ['admin@huaxin.demo', 'admin@talentbridge.demo', 'c1@talentbridge.demo']) {
      const u = await userOf(server, email);
      expect((await u.get('/api/v1/risk/settings')).status, email).toBe(403);
      expect((await u.put('/api/v1/risk/settings', { enabledProtected: ['Gender'], thresholds: { medium: 0.15, high: 0.35 } })).status, email).toBe(403);
    }
  });

  it('refuses to enable a protected input before the fairness report was viewed, then allows it, audited', async () => {
    const o = await ops();
    const early = await o.put<{ error: { code: string; details: { field: string; reason: string } } }>('/api/v1/risk/settings', { enabledProtected: ['Gender'], thresholds: { medium: 0.15, high: 0.35 } });
    expect(early.status).toBe(409);
    expect(early.body.error.details).toMatchObject({ field: 'enabledProtected', reason: 'fairness_report_not_viewed' });
    expect((await o.get<Settings>('/api/v1/risk/settings')).body.enabledProtected).toEqual([]);

    expect((await o.get('/api/v1/risk/fairness')).status).toBe(200);
    const enabled = await o.put<Settings>('/api/v1/risk/settings', { enabledProtected: ['Gender'], thresholds: { medium: 0.2, high: 0.4 } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabledProtected: ['Gender'], thresholds: { medium: 0.2, high: 0.4 }, model: 'v1+Gender' });
    expect(enabled.body.reportViewedAt).not.toBeNull();

    const audit = (await o.get<{ items: AuditItem[] }>('/api/v1/audit/events?limit=20')).body.items;
    expect(audit.map((e) => e.type)).toContain('risk.fairness_report_viewed');
    const change = audit.find((e) => e.type === 'risk.settings_changed')!;
    expect(change.payload).toMatchObject({ enabledProtected: { from: [], to: ['Gender'] }, thresholds: { from: { medium: 0.15, high: 0.35 }, to: { medium: 0.2, high: 0.4 } } });
  });

  it('scores new placements with the variant and the new bands', async () => {
    const p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard' });
    const r = await (await userOf(server, 'hr@huaxin.demo')).get<{ thresholds: { high: number }; current: { model: string } }>(`/api/v1/placements/${p.placementId}/risk`);
    expect(r.body.thresholds.high).toBe(0.4);
    expect(r.body.current.model).toBe('v1+Gender');
  });

  it('refuses bands out of order or out of range, naming the field', async () => {
    const o = await ops();
    const res = await o.put<{ error: { code: string; message: string } }>('/api/v1/risk/settings', { enabledProtected: [], thresholds: { medium: 0.5, high: 0.4 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('thresholds.high');
    expect((await o.put('/api/v1/risk/settings', { enabledProtected: ['Salary'], thresholds: { medium: 0.1, high: 0.4 } })).status).toBe(400);
    expect((await o.get<Settings>('/api/v1/risk/settings')).body.enabledProtected).toEqual(['Gender']);
  });
});
