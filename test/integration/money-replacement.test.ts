import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActor } from '../../src/demo/seed.ts';
import * as ledger from '../../src/ledger/service.ts';
import { addDays, type CalendarDate } from '../../src/platform/calendar-date.ts';
import { calendarDateOf } from '../../src/platform/clock.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import type { Ctx } from '../../src/platform/deps.ts';
import { DomainError } from '../../src/platform/errors.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { activePlacement, customPlanVersion } from '../support/money-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The ledger's replacement move (DESIGN §4.6), called directly: a placement's pending `guarantee_passed`
 * installments and its `after_guarantee` release move to its replacement's guarantee end, staying on the original
 * with their trigger and due dates moved (dueDays kept); along a chain, every earlier placement's waiting money moves
 * again; the originals pass when the last replacement's guarantee does. Fee 60,000.00 CNY, half on start (paid),
 * half when the guarantee passes (due 15 days later), platform fee 10 %.
 */
describe.each(DATABASE_KINDS)('moving money to a replacement, on %s', (database) => {
  let server: TestServer;
  let ops: Ctx;
  let today: CalendarDate;
  const ids: string[] = [];

  const installments = async (id: string) => (await ledger.installmentsView(server.deps, id)).map((i) => [i.sequence, i.trigger, i.triggerDate, i.dueDate, i.status]);
  const move = (original: string, replacement: string, guaranteeEndsOn: CalendarDate) =>
    inTransaction(server.deps.db, (tx) => ledger.moveToReplacement(tx, ops, { originalPlacementId: original, replacementPlacementId: replacement, guaranteeEndsOn }));
  const movedEvents = async (id: string) =>
    (await server.deps.db.selectFrom('audit_events').select('payload').where('subject_id', '=', id).where('type', '=', 'money.moved_to_replacement').orderBy('seq').execute()).map((e) => JSON.parse(e.payload) as unknown);

  beforeAll(async () => {
    server = await startTestServer({ database });
    ops = { deps: server.deps, actor: demoActor(server.ids, 'ops@tenure.demo') };
    today = calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
    const version = await customPlanVersion(server, 'admin@huaxin.demo', {
      currency: 'CNY',
      platformFeePercent: 10,
      release: 'after_guarantee',
      installments: [
        { trigger: 'start', percent: 50, dueDays: 15 },
        { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
      ],
      guarantee: { days: 90, covered: ['voluntary_resignation'], noticeDays: 7, requireTimelyPayment: false, paymentGraceDays: 5 },
    });
    // Three placements that started today; the first pays its first installment.
    for (let i = 0; i < 3; i++) {
      ids.push(await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', planVersionId: version, startDate: today, order: { reward: { type: 'fixed', amount: '60000.00' } } }));
    }
    const [first] = await ledger.installmentsView(server.deps, ids[0]!);
    await ledger.recordPayment(ops, first!.id, { amount: '30000.00', paidOn: today, reference: 'BANK' });
  }, 180_000);
  afterAll(async () => server?.close());

  it('moves the pending guarantee installment and the release to the replacement’s guarantee end, once', async () => {
    const [a, b] = [ids[0]!, ids[1]!];
    const endsOn = addDays(today, 120);
    expect(await installments(a)).toEqual([
      [1, 'start', today, addDays(today, 15), 'paid'],
      [2, 'guarantee_passed', addDays(today, 90), addDays(today, 105), 'scheduled'],
    ]);
    await move(a, b, endsOn);
    expect(await installments(a)).toEqual([
      [1, 'start', today, addDays(today, 15), 'paid'],
      [2, 'guarantee_passed', endsOn, addDays(endsOn, 15), 'scheduled'],
    ]);
    expect(await ledger.placementMoney(server.deps, a)).toMatchObject({ guaranteeEndsOn: endsOn, guaranteeOver: false, successorPlacementId: b });
    expect(await movedEvents(a)).toEqual([{ replacementPlacementId: b, guaranteeEndsOn: endsOn, installments: [{ sequence: 2, triggerDate: endsOn, dueDate: addDays(endsOn, 15) }] }]);
    // The same move again changes nothing; a move to another replacement is refused.
    await move(a, b, endsOn);
    expect(await movedEvents(a)).toHaveLength(1);
    await expect(move(a, ids[2]!, endsOn)).rejects.toThrow(DomainError);
  });

  it('along a chain, the first hire’s waiting money moves again; passing the last replacement passes them all', async () => {
    const [a, b, c] = [ids[0]!, ids[1]!, ids[2]!];
    const endsOn = addDays(today, 200);
    await move(b, c, endsOn);
    expect((await installments(a))[1]).toEqual([2, 'guarantee_passed', endsOn, addDays(endsOn, 15), 'scheduled']);
    expect((await installments(b))[1]).toEqual([2, 'guarantee_passed', endsOn, addDays(endsOn, 15), 'scheduled']);
    expect((await movedEvents(a)).at(-1)).toEqual({ replacementPlacementId: c, guaranteeEndsOn: endsOn, installments: [{ sequence: 2, triggerDate: endsOn, dueDate: addDays(endsOn, 15) }] });
    // The original's 30,000.00 waits in escrow until the last replacement passes.
    expect((await ledger.moneySummaryOf(server.deps.db, (await ledger.placementMoney(server.deps, a))!)).inEscrow).toBe(30_000_00n);
    await inTransaction(server.deps.db, (tx) => ledger.passGuarantee(tx, ops, { placementId: c, on: endsOn }));
    for (const id of [a, b, c]) {
      expect(await ledger.placementMoney(server.deps, id)).toMatchObject({ guaranteeOver: true });
      expect((await installments(id))[1]).toEqual([2, 'guarantee_passed', id === c ? addDays(today, 90) : endsOn, addDays(id === c ? addDays(today, 90) : endsOn, 15), 'open']);
    }
    const money = await ledger.moneySummaryOf(server.deps.db, (await ledger.placementMoney(server.deps, a))!);
    // Released: the platform 10 % = 3,000.00, the deliverer 27,000.00.
    expect(money).toMatchObject({ inEscrow: 0n, releasedToDeliverer: 27_000_00n, platformFees: 3_000_00n });
    expect((await ledger.checkLedger(server.deps.db)).violations).toEqual([]);
  });
});
