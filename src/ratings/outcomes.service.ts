import { checkinFormById } from '../aftercare/checkin.service.ts';
import { disputeSides } from '../disputes/service.ts';
import { placementFactsById } from '../placements/service.ts';
import { addDays, type CalendarDate } from '../platform/calendar-date.ts';
import type { Db, Tx } from '../platform/db/database.ts';
import { onRecorded, type RecordedEvent } from '../platform/audit/listeners.ts';
import type { ObligationHandlers } from '../platform/scheduler/scheduler.ts';
import { scheduleObligation } from '../platform/scheduler/scheduler.ts';
import { startOfDayIn } from '../platform/zoned-time.ts';
import { countOf, delta, disputeResultForDeliverer, RETENTION_DAYS } from './outcome.rules.ts';
import type { Outcome } from './score.rules.ts';
import * as store from './store.ts';

/**
 * Ratings recomputed when an outcome lands (DESIGN §4.9): listeners on the events the owning areas record
 * (a guarantee passed, a claim decided, a dispute decided, a task done or overdue, a check-in answered or missed),
 * in the same transaction. Each outcome updates one outcome row and three running sums (the consultant's, its
 * agency's, the platform's): O(1) whatever the number of placements. A score is computed from the sums when read.
 *
 * What is not the consultant's doing never counts against it: a rejected claim (a layoff, the employer's breach,
 * a late report) counts as no claim and leaves the guarantee and retention untouched; a claim overturned in the
 * consultant's favour likewise. A rejection overturned against it replaces the earlier count (keys).
 */

type Subject = { consultantId: string; agencyOrgId: string; placementId: string | null };

/** Counts one outcome under `key`, replacing what the key counted before. */
export async function countOutcome(tx: Db, now: Date, who: Subject, key: string, outcome: Outcome): Promise<void> {
  const next = countOf(outcome);
  if (next === null) return;
  const previous = await store.findOutcome(tx, key);
  const changes = delta(previous, next);
  if (previous && changes.length === 0) return;
  // The outcome stays with the consultant it was first counted for (a key names one thing of one placement).
  const owner = previous ? { consultantId: previous.consultantId, agencyOrgId: previous.agencyOrgId, placementId: previous.placementId } : who;
  await store.upsertOutcome(tx, { key, ...owner, metric: next.metric, successesQ: next.successesQ, trials: next.trials }, now.toISOString());
  for (const d of changes) {
    await store.addToCounter(tx, { scope: 'consultant', scopeId: owner.consultantId, agencyOrgId: owner.agencyOrgId, metric: d.metric, dq: d.dq, dt: d.dt });
    await store.addToCounter(tx, { scope: 'agency', scopeId: owner.agencyOrgId, agencyOrgId: null, metric: d.metric, dq: d.dq, dt: d.dt });
    await store.addToCounter(tx, { scope: 'platform', scopeId: 'all', agencyOrgId: null, metric: d.metric, dq: d.dq, dt: d.dt });
  }
}

async function subjectOf(db: Db, placementId: string): Promise<Subject | null> {
  const p = await placementFactsById(db, placementId);
  return p ? { consultantId: p.consultantId, agencyOrgId: p.agencyOrgId, placementId: p.id } : null;
}

const claimIdOf = (e: { payload: unknown }): string => (e.payload as { claimId: string }).claimId;

async function onGuaranteePassed(tx: Tx, now: Date, e: RecordedEvent<'placement.guarantee_passed'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (who) await countOutcome(tx, now, who, `guarantee:${e.subjectId}`, { kind: 'guarantee', result: 'passed' });
}

/** A claim that ends in a remedy (refund or replacement) is covered: the guarantee failed, the hire left before day 180. */
async function onClaimCovered(tx: Tx, now: Date, e: RecordedEvent<'claim.refunded' | 'claim.replacement_pending' | 'claim.decision_overturned'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (!who) return;
  await countOutcome(tx, now, who, `claim:${claimIdOf(e)}`, { kind: 'claim', result: 'covered' });
  if (e.type === 'claim.decision_overturned') return; // the remedy, when applied, fails the guarantee
  await countOutcome(tx, now, who, `guarantee:${e.subjectId}`, { kind: 'guarantee', result: 'failed' });
  await countOutcome(tx, now, who, `retention180:${e.subjectId}`, { kind: 'retention180', result: 'departed' });
}

/**
 * A rejected claim is no claim (it never counts against the consultant), and the departure it reported is not
 * the consultant's doing: day 180 will not count it as in post or departed.
 */
async function onClaimRejected(tx: Tx, now: Date, e: RecordedEvent<'claim.rejected'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (!who) return;
  await countOutcome(tx, now, who, `claim:${claimIdOf(e)}`, { kind: 'claim', result: 'rejected' });
  await countOutcome(tx, now, who, `retention180:${e.subjectId}`, { kind: 'retention180', result: 'departed_excluded_reason' });
}

async function onReplacementResult(tx: Tx, now: Date, e: RecordedEvent<'claim.replaced' | 'claim.replacement_overdue'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (who) await countOutcome(tx, now, who, `replacement:${claimIdOf(e)}`, { kind: 'obligation', onTime: e.type === 'claim.replaced' });
}

async function onDisputeDecided(tx: Tx, now: Date, e: RecordedEvent<'dispute.decided'>): Promise<void> {
  const d = await disputeSides(tx, e.subjectId);
  if (!d) return;
  const result = disputeResultForDeliverer(d.raisedBySide, e.payload.outcome);
  if (result === null) return;
  await countOutcome(tx, now, { consultantId: d.consultantId, agencyOrgId: d.agencyOrgId, placementId: d.placementId }, `dispute:${e.subjectId}`, { kind: 'dispute', result });
}

async function onTask(tx: Tx, now: Date, e: RecordedEvent<'task.completed' | 'task.overdue'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (!who) return;
  const onTime = e.type === 'task.completed' ? e.payload.onTime : false;
  await countOutcome(tx, now, who, `task:${e.payload.taskId}`, { kind: 'obligation', onTime });
}

/**
 * A candidate's form answered in its window is a check-in done on time (getting the answer is the consultant's
 * service); missed, it is late. An employer's form answers how the employer rates the hire (performance, 1–5).
 */
async function onCheckin(tx: Tx, now: Date, e: RecordedEvent<'checkin.answered' | 'checkin.missed'>): Promise<void> {
  const who = await subjectOf(tx, e.subjectId);
  if (!who) return;
  if (e.payload.respondent === 'candidate') {
    await countOutcome(tx, now, who, `checkin:${e.payload.formId}`, { kind: 'obligation', onTime: e.type === 'checkin.answered' });
    return;
  }
  if (e.type !== 'checkin.answered') return;
  const form = await checkinFormById(tx, e.payload.formId);
  const performance = form?.answers?.performance;
  if (typeof performance === 'number') await countOutcome(tx, now, who, `satisfaction:${e.payload.formId}`, { kind: 'satisfaction', answer: performance, scale: 5 });
}

const RETENTION_KIND = 'rating.retention180';

/** At activation, the day-180 look is scheduled (00:00 of start + 180 in the employer's zone). */
async function onActivated(tx: Tx, now: Date, e: RecordedEvent<'placement.activated'>): Promise<void> {
  const on = addDays(e.payload.startDate as CalendarDate, RETENTION_DAYS);
  await scheduleObligation(tx, now, { kind: RETENTION_KIND, subjectType: 'placement_rating', subjectId: e.subjectId, orgId: e.orgId, dueAt: startOfDayIn(on, e.payload.timeZone) });
}

/** Day 180: a hire whose departure was not counted already (a covered claim) and whose placement still runs is in post. */
async function retentionFallsDue(tx: Tx, now: Date, placementId: string): Promise<void> {
  if (await store.findOutcome(tx, `retention180:${placementId}`)) return;
  const p = await placementFactsById(tx, placementId);
  if (!p || !['active', 'guarantee_passed'].includes(p.status)) return;
  await countOutcome(tx, now, { consultantId: p.consultantId, agencyOrgId: p.agencyOrgId, placementId }, `retention180:${placementId}`, { kind: 'retention180', result: 'in_post' });
}

export function ratingObligationHandlers(): ObligationHandlers {
  return { [RETENTION_KIND]: ({ tx, now, obligation }) => retentionFallsDue(tx, now, obligation.subjectId) };
}

/** Wires the listeners (the composition root calls this once). */
export function registerRatingListeners(): void {
  onRecorded(['placement.guarantee_passed'], onGuaranteePassed);
  onRecorded(['claim.refunded', 'claim.replacement_pending', 'claim.decision_overturned'], onClaimCovered);
  onRecorded(['claim.rejected'], onClaimRejected);
  onRecorded(['claim.replaced', 'claim.replacement_overdue'], onReplacementResult);
  onRecorded(['dispute.decided'], onDisputeDecided);
  onRecorded(['task.completed', 'task.overdue'], onTask);
  onRecorded(['checkin.answered', 'checkin.missed'], onCheckin);
  onRecorded(['placement.activated'], onActivated);
}
