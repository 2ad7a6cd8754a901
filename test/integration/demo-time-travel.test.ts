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
 * The demo's story (src/demo/demo-story.ts) plays out on its days: a hire, a fall-off replaced, another refunded.
 */
describe.each(DATABASE_KINDS)('time-travel demo on %s', (database) => {
  let server: TestServer;
  let oneJump: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true, clock: 'manual' });
    oneJump = await startTestServer({ database, demoMarketplace: true, clock: 'manual' });
  }, 240_000);
  afterAll(async () => {
    await server.close();
    await oneJump.close();
  });

  /** What a user sees of the story's placements and claims at the end, by candidate. */
  async function storyOutcome(s: TestServer) {
    const db = s.deps.db;
    const placements = await db.selectFrom('placements').select(['id', 'candidate_name', 'status', 'fee', 'replaces_placement_id']).where('candidate_name', 'in', ['杨帆', '李娜', '黄磊']).execute();
    const byName = Object.fromEntries(placements.map((p) => [p.candidate_name, p]));
    const claims = await db.selectFrom('claims').select(['placement_id', 'state', 'remedy', 'decision']).where('placement_id', 'in', placements.map((p) => p.id)).execute();
    const claimOf = (name: string) => claims.filter((c) => c.placement_id === byName[name]?.id).map((c) => ({ state: c.state, remedy: c.remedy, refund: (JSON.parse(c.decision ?? '{}') as { refund?: unknown }).refund ?? null }));
    return {
      yang: { status: byName['杨帆']?.status, claims: claimOf('杨帆') },
      lina: { status: byName['李娜']?.status, fee: byName['李娜']?.fee, replaces: byName['李娜']?.replaces_placement_id === byName['杨帆']?.id },
      huang: { status: byName['黄磊']?.status, claims: claimOf('黄磊') },
    };
  }

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

    // The story: 杨帆 hired, resigned on day 33 of the story and replaced by 李娜 (no fee, linked); 黄磊 left and was refunded.
    const story = await storyOutcome(server);
    expect(story).toMatchObject({
      yang: { status: 'replaced', claims: [{ state: 'replaced', remedy: 'replacement' }] },
      lina: { status: 'active', replaces: true },
      huang: { status: 'refunded', claims: [{ state: 'refunded', remedy: 'refund' }] },
    });
    expect(BigInt(story.lina.fee ?? -1)).toBe(0n);
    expect((await db.selectFrom('obligations').select('status').where('kind', '=', 'demo.story').execute()).map((o) => o.status)).toEqual(Array(8).fill('done'));

    expect(await verifyAuditLog(db, server.deps.signingKey.publicKeyPem)).toMatchObject({ ok: true });
    expect((await checkLedger(db)).violations).toEqual([]);

    // Advancing the 120 days in one jump plays the same story: each step acts on its own day.
    const jump = await (await ApiUser.signIn(oneJump.url, 'ops@tenure.demo')).post<{ obligationsRun: number }>('/api/v1/clock/advance', { days: 120 });
    expect(jump.status).toBe(200);
    expect(await storyOutcome(oneJump)).toEqual(story);
    expect((await checkLedger(oneJump.deps.db)).violations).toEqual([]);
  }, 600_000);
});
