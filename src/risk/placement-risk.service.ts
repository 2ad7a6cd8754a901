import { checkinFormById, flagRiskHigh, todayOf } from '../aftercare/checkin.service.ts';
import { orderJobFacts } from '../marketplace/service.ts';
import { getPlacement, placementFactsById } from '../placements/service.ts';
import { candidateBackgroundOf } from '../submissions/service.ts';
import { onRecorded, type RecordedEvent } from '../platform/audit/listeners.ts';
import { recordSystem } from '../platform/audit/record.ts';
import type { Db, Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { newId } from '../platform/ids.ts';
import { DEFAULT_BAND_THRESHOLDS, riskBand, topFactors, type BandThresholds } from './factors.rules.ts';
import type { ProtectedInput } from './features.rules.ts';
import { committedModel, readLabelledCsv } from './model-file.ts';
import { fitModel, scoreProfile, type FittedModel } from './model.ts';
import { PROJECT_ROOT, TRAINING_DATA } from './paths.ts';
import { factorsShown, placementProfile, type CandidateCheckin } from './placement-profile.rules.ts';
import * as store from './store.ts';

/**
 * Retention risk on placements (DESIGN §4.7): a score at hire and after each candidate check-in, answered or
 * missed, kept as a history with its top factors in words; rising to high flags the placement (both sides told,
 * a retention-intervention task for the consultant) through aftercare's flag.
 */

/** The model in force: the committed one, or — with protected inputs enabled by ops — a variant trained with them. */
type ActiveModel = { model: Pick<FittedModel, 'features' | 'intercept'>; name: string };
const variants = new Map<string, ActiveModel>();

/** The name scores carry: `v1`, or `v1+Age,Gender` for a variant (known without training it). */
export function modelName(enabled: readonly ProtectedInput[]): string {
  const v = `v${committedModel().version}`;
  return enabled.length === 0 ? v : `${v}+${[...enabled].sort().join(',')}`;
}

function activeModel(enabled: readonly ProtectedInput[]): ActiveModel {
  const committed = committedModel();
  if (enabled.length === 0) return { model: committed, name: modelName(enabled) };
  const key = [...enabled].sort().join(',');
  let v = variants.get(key);
  if (v === undefined) {
    // Same data, seed and penalty as the committed model; only the inputs differ (deterministic, ~0.2 s, once per process).
    const rows = readLabelledCsv(`${PROJECT_ROOT}${TRAINING_DATA}`).rows;
    const fitted = fitModel(rows, { lambda: committed.training.lambda, seed: committed.training.seed, enabledProtected: enabled });
    v = { model: fitted, name: modelName(enabled) };
    variants.set(key, v);
  }
  return v;
}

type Trigger = 'hire' | 'checkin_answered' | 'checkin_missed';

/** Scores a placement now and appends the score to its history; a rise to high after a check-in flags it. */
export async function scorePlacement(tx: Tx, now: Date, input: { placementId: string; trigger: Trigger; formId: string | null; day: number | null; answers: Partial<CandidateCheckin> | null }): Promise<store.RiskScore | null> {
  const p = await placementFactsById(tx, input.placementId);
  if (!p) return null;
  const job = await orderJobFacts(tx, p.orderId);
  if (!job) return null;
  const settings = await store.settings(tx, DEFAULT_BAND_THRESHOLDS);
  const { model, name } = activeModel(settings.enabledProtected);
  const background = (await candidateBackgroundOf(tx, p.submissionId)) ?? null;
  const profile = placementProfile(job, background, input.answers);
  const probability = scoreProfile(model, profile);
  const checkIn = input.trigger === 'hire' || input.day === null ? null : { day: input.day, missed: input.trigger === 'checkin_missed' };
  const factors = factorsShown(topFactors(model, profile, checkIn), input.answers, input.day);
  const band = riskBand(probability, settings.thresholds);
  const previous = await store.latestScore(tx, p.id);
  const row = {
    id: newId(),
    placement_id: p.id,
    scored_at: now.toISOString(),
    scored_on: todayOf(now, p),
    trigger: input.trigger,
    form_id: input.formId,
    day: input.day,
    probability_ppm: Math.round(probability * 1_000_000),
    band,
    factors: JSON.stringify(factors),
    model: name,
  };
  await store.insertScore(tx, row);
  await recordSystem(tx, now, {
    type: 'placement.risk_scored',
    subjectType: 'placement',
    subjectId: p.id,
    orgId: p.posterOrgId,
    workOf: p.consultantId,
    payload: { scoreId: row.id, trigger: input.trigger, formId: input.formId, probabilityPpm: row.probability_ppm, band, previousBand: previous?.band ?? null, model: name },
  });
  // The score at hire is the baseline; a rise to high after a check-in is what calls for an intervention.
  if (band === 'high' && previous !== undefined && previous.band !== 'high' && input.trigger !== 'hire') await flagRiskHigh(tx, now, p.id, input.formId);
  return (await store.latestScore(tx, p.id)) ?? null;
}

async function onHire(tx: Tx, now: Date, e: RecordedEvent<'placement.created'>): Promise<void> {
  await scorePlacement(tx, now, { placementId: e.subjectId, trigger: 'hire', formId: null, day: null, answers: null });
}

async function onCandidateCheckin(tx: Tx, now: Date, e: RecordedEvent<'checkin.answered' | 'checkin.missed'>): Promise<void> {
  if (e.payload.respondent !== 'candidate') return;
  const answered = e.type === 'checkin.answered';
  const form = answered ? await checkinFormById(tx, e.payload.formId) : undefined;
  await scorePlacement(tx, now, {
    placementId: e.subjectId,
    trigger: answered ? 'checkin_answered' : 'checkin_missed',
    formId: e.payload.formId,
    day: e.payload.day,
    answers: (form?.answers as Partial<CandidateCheckin> | null | undefined) ?? null,
  });
}

/** Wires the scoring to the events (the composition root calls this once). */
export function registerRiskListeners(): void {
  onRecorded(['placement.created'], onHire);
  onRecorded(['checkin.answered', 'checkin.missed'], onCandidateCheckin);
}

export type RiskView = { thresholds: BandThresholds; current: store.RiskScore | null; history: store.RiskScore[] };

/** A placement's risk and its history, for both sides of the placement and ops (placements decides who is a side). */
export async function placementRisk(ctx: Ctx, placementId: string): Promise<RiskView> {
  const { placement } = await getPlacement(ctx, placementId);
  const db: Db = ctx.deps.db;
  const [history, settings] = await Promise.all([store.scoresOf(db, placement.id), store.settings(db, DEFAULT_BAND_THRESHOLDS)]);
  return { thresholds: settings.thresholds, current: history[history.length - 1] ?? null, history };
}
