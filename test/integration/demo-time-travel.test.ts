import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/ledger/service.ts';
import { verifyAuditLog } from '../../src/platform/audit/audit-verify.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The time-travel demo (the lifecycle's item 8): a fresh demo world on the manual clock, 120 days advanced by platform
 * ops one day at a time through the API, as the Time page does. Nothing due is left behind, the audit log verifies
 * and every ledger invariant holds (the services behind `npx tenure audit verify` and `npx tenure ledger check`).
 */
describe.each(DATABASE_KINDS)('time-travel demo on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true, clock: 'manual' });
  }, 120_000);
  afterAll(() => server.close());

  it('advancing 120 days as ops runs the lifecycle and leaves nothing overdue and unprocessed; the log verifies and the ledger checks', async () => {
    const db = server.deps.db;
    const placementOf = async (name: string) => db.selectFrom('placements').select(['id', 'status']).where('candidate_name', '=', name).executeTakeFirstOrThrow();
    const zhang = await placementOf('张伟');
    // The fall-off reported in the demo was refunded at once.
    const sun = await placementOf('孙建国');
    expect(sun.status).toBe('refunded');
    expect((await db.selectFrom('claims').select('state').where('placement_id', '=', sun.id).execute()).map((c) => c.state)).toEqual(['refunded']);
    const formsBefore = await db.selectFrom('checkin_forms').select('id').where('placement_id', '=', zhang.id).execute();

    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    for (let day = 1; day <= 120; day++) {
      const res = await ops.post<{ obligationsRun: number }>('/api/v1/clock/advance', { days: 1 });
      expect(res.status, `day ${day}`).toBe(200);
    }

    const now = server.deps.clock.now().toISOString();
    const handled = Object.keys(server.deps.obligationHandlers);
    const left = await db.selectFrom('obligations').select(['kind', 'subject_id', 'due_at', 'status', 'last_error']).where('due_at', '<=', now).where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('kind', 'in', handled)]), eb('status', '=', 'failed')])).execute();
    expect(left).toEqual([]);

    // 张伟's later check-ins opened and, unanswered, were missed; the missed candidate forms flagged the placement.
    const forms = await db.selectFrom('checkin_forms').select(['id', 'day', 'respondent', 'status']).where('placement_id', '=', zhang.id).execute();
    expect(forms.length).toBeGreaterThan(formsBefore.length);
    expect(forms.filter((f) => f.day === 90).map((f) => f.status)).toEqual(['missed', 'missed']);
    expect((await db.selectFrom('placement_flags').select('id').where('placement_id', '=', zhang.id).execute()).length).toBeGreaterThanOrEqual(2);
    // Its guarantee passed, and escrow was released.
    expect((await placementOf('张伟')).status).toBe('guarantee_passed');
    const released = await db.selectFrom('audit_events').select('type').where('subject_id', '=', zhang.id).where('type', 'in', ['placement.guarantee_passed', 'escrow.released']).execute();
    expect(released.map((e) => e.type).sort()).toEqual(['escrow.released', 'placement.guarantee_passed']);

    expect(await verifyAuditLog(db, server.deps.signingKey.publicKeyPem)).toMatchObject({ ok: true });
    expect((await checkLedger(db)).violations).toEqual([]);
  }, 600_000);
});
