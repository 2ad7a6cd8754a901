import { isPlatformOps } from '../platform/auth/actor.ts';
import { record } from '../platform/audit/record.ts';
import { inTransaction } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden } from '../platform/errors.ts';
import { checkBandThresholds, DEFAULT_BAND_THRESHOLDS, type BandThresholds } from './factors.rules.ts';
import type { FairnessReport } from './fairness.ts';
import { PROTECTED_INPUTS, type ProtectedInput } from './features.rules.ts';
import { committedFairnessReport } from './model-file.ts';
import { modelName } from './placement-risk.service.ts';
import * as store from './store.ts';

function assertOps(ctx: Ctx, what: string): void {
  if (!isPlatformOps(ctx.actor)) throw forbidden(`only platform operations ${what}`);
}

/**
 * The risk model's fairness report (DESIGN §4.7), for platform ops only: it is about the model, not a tenant.
 * Each view is recorded (and audited): enabling a protected input needs one first.
 */
export async function fairnessReportFor(ctx: Ctx): Promise<FairnessReport> {
  assertOps(ctx, 'see the risk model’s fairness report');
  const report = committedFairnessReport();
  await inTransaction(ctx.deps.db, async (tx) => {
    await store.recordReportView(tx, ctx.actor.userId, ctx.deps.wallClock.now().toISOString());
    await record(tx, ctx, { type: 'risk.fairness_report_viewed', subjectType: 'platform', subjectId: 'risk_model', orgId: ctx.actor.orgId, payload: { modelVersion: report.model.version } });
  });
  return report;
}

export type RiskSettingsView = store.RiskSettings & { protectedInputs: ProtectedInput[]; reportViewedAt: string | null; model: string };

export async function riskSettingsFor(ctx: Ctx): Promise<RiskSettingsView> {
  assertOps(ctx, 'see the risk model’s settings');
  const s = await store.settings(ctx.deps.db, DEFAULT_BAND_THRESHOLDS);
  return { ...s, protectedInputs: [...PROTECTED_INPUTS], reportViewedAt: await store.lastReportView(ctx.deps.db, ctx.actor.userId), model: modelName(s.enabledProtected) };
}

/**
 * Ops change the band thresholds and which protected inputs the model uses (none by default). Enabling one needs
 * the fairness report viewed first by the same operator; the change is audited (codes and numbers only). With a
 * protected input enabled, placements are scored by a model variant trained with it (docs/risk-model.md).
 */
export async function updateRiskSettings(ctx: Ctx, input: { enabledProtected: ProtectedInput[]; thresholds: BandThresholds }): Promise<RiskSettingsView> {
  assertOps(ctx, 'change the risk model’s settings');
  const thresholds = checkBandThresholds(input.thresholds);
  const enabled = PROTECTED_INPUTS.filter((p) => input.enabledProtected.includes(p));
  await inTransaction(ctx.deps.db, async (tx) => {
    const current = await store.lockSettings(tx, ctx.deps.dialect, DEFAULT_BAND_THRESHOLDS);
    const viewedAt = await store.lastReportView(tx, ctx.actor.userId);
    const newlyEnabled = enabled.filter((p) => !current.enabledProtected.includes(p));
    if (newlyEnabled.length > 0 && viewedAt === null) {
      throw new DomainError('invalid_transition', `enabledProtected: view the fairness report before enabling ${newlyEnabled.join(', ')}`, { field: 'enabledProtected', reason: 'fairness_report_not_viewed' });
    }
    const same = current.enabledProtected.join(',') === enabled.join(',') && current.thresholds.medium === thresholds.medium && current.thresholds.high === thresholds.high;
    if (same) return;
    await store.saveSettings(tx, { enabledProtected: enabled, thresholds, at: ctx.deps.clock.now().toISOString(), by: ctx.actor.userId });
    await record(tx, ctx, {
      type: 'risk.settings_changed',
      subjectType: 'platform',
      subjectId: 'risk_model',
      orgId: ctx.actor.orgId,
      payload: { enabledProtected: { from: current.enabledProtected, to: enabled }, thresholds: { from: current.thresholds, to: thresholds }, reportViewedAt: viewedAt },
    });
  });
  return riskSettingsFor(ctx);
}
