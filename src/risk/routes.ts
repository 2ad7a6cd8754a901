import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import type { App } from '../platform/http/types.ts';
import { IdParam } from '../platform/http/schemas.ts';
import { PROTECTED_INPUTS } from './features.rules.ts';
import { placementRisk } from './placement-risk.service.ts';
import * as service from './service.ts';

const Words = z.object({ zh: z.string(), en: z.string() });
const Thresholds = z.object({ medium: z.number().gt(0).lt(1), high: z.number().gt(0).max(1) }).strict();
const ScoreView = z.object({
  id: z.string(),
  scoredAt: z.string(),
  scoredOn: z.string(),
  trigger: z.enum(['hire', 'checkin_answered', 'checkin_missed']),
  day: z.number().int().nullable().describe('the check-in day that triggered it'),
  probability: z.number().describe('estimated probability that the hire leaves within the guarantee'),
  band: z.enum(['low', 'medium', 'high']),
  factors: z.array(z.object({ input: z.string(), contribution: z.number().nullable().describe('to the log-odds; null: a signal the model has no input for'), words: Words })),
  model: z.string(),
});
const SettingsView = z.object({
  enabledProtected: z.array(z.enum(PROTECTED_INPUTS)),
  thresholds: Thresholds,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  protectedInputs: z.array(z.enum(PROTECTED_INPUTS)),
  reportViewedAt: z.string().nullable().describe('when the caller last viewed the fairness report (needed before enabling a protected input)'),
  model: z.string(),
});
const scoreView = (s: { id: string; scoredAt: string; scoredOn: string; trigger: 'hire' | 'checkin_answered' | 'checkin_missed'; day: number | null; probabilityPpm: number; band: 'low' | 'medium' | 'high'; factors: { input: string; contribution: number | null; words: { zh: string; en: string } }[]; model: string }) => ({
  id: s.id,
  scoredAt: s.scoredAt,
  scoredOn: s.scoredOn,
  trigger: s.trigger,
  day: s.day,
  probability: s.probabilityPpm / 1_000_000,
  band: s.band,
  factors: s.factors,
  model: s.model,
});

const Attribute = z.enum(['gender', 'age', 'maritalStatus']);
const ProxyCell = z.object({ auc: z.number(), group: z.string().describe('the group this input picks out best (one against the rest); empty when none beats chance') });
const Bin = z.object({ bin: z.number().int(), n: z.number().int(), meanPredicted: z.number(), observedRate: z.number() });
const FairnessView = z.object({
  model: z.object({ name: z.string(), version: z.number().int(), lambda: z.number(), protectedInputs: z.array(z.string()) }),
  data: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int(), leavers: z.number().int() }),
  folds: z.number().int(),
  thresholds: z.object({ medium: z.number(), high: z.number() }),
  overall: z.object({ auc: z.number(), aucAtHire: z.number(), flagRate: z.number(), leaverRate: z.number() }),
  calibration: z.object({
    withCheckIns: z.object({ brier: z.number(), deciles: z.array(Bin) }),
    atHire: z.object({ brier: z.number(), deciles: z.array(Bin) }),
  }),
  groups: z.array(
    z.object({
      attribute: Attribute,
      group: z.string(),
      n: z.number().int(),
      leavers: z.number().int(),
      leaverRate: z.number(),
      auc: z.number().nullable(),
      aucAtHire: z.number().nullable(),
      flagRate: z.number(),
      meanScore: z.number(),
    }),
  ),
  proxies: z.array(
    z.object({
      input: z.string(),
      proxy: z.object({ gender: ProxyCell, age: ProxyCell, maritalStatus: ProxyCell }),
      aucWithout: z.number(),
      aucCost: z.number(),
    }),
  ),
});

export function registerRiskRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/risk/fairness',
    {
      schema: {
        tags: ['risk'],
        summary:
          "The retention-risk model's fairness report (platform ops): cross-validated AUC and flag rate per gender, age band and marital status, calibration, and per input its proxy AUC for each protected attribute and the AUC cost of dropping it",
        response: { 200: FairnessView },
      },
    },
    async (req) => service.fairnessReportFor(ctxOf(deps, req)),
  );
  app.get(
    '/api/v1/placements/:placementId/risk',
    {
      schema: {
        tags: ['risk'],
        summary: "A placement's retention risk: the latest score with its band and top factors in words, and its history (both sides, ops)",
        params: z.object({ placementId: IdParam }),
        response: { 200: z.object({ thresholds: Thresholds, current: ScoreView.nullable(), history: z.array(ScoreView) }) },
      },
    },
    async (req) => {
      const r = await placementRisk(ctxOf(deps, req), req.params.placementId);
      return { thresholds: r.thresholds, current: r.current && scoreView(r.current), history: r.history.map(scoreView) };
    },
  );
  app.get(
    '/api/v1/risk/settings',
    { schema: { tags: ['risk'], summary: "The risk model's settings: band thresholds and protected inputs enabled (platform ops)", response: { 200: SettingsView } } },
    async (req) => service.riskSettingsFor(ctxOf(deps, req)),
  );
  app.put(
    '/api/v1/risk/settings',
    {
      schema: {
        tags: ['risk'],
        summary: 'Change the band thresholds and the protected inputs the model uses (platform ops; enabling one needs the fairness report viewed first; audited)',
        body: z.object({ enabledProtected: z.array(z.enum(PROTECTED_INPUTS)).max(3), thresholds: Thresholds }).strict(),
        response: { 200: SettingsView },
      },
    },
    async (req) => service.updateRiskSettings(ctxOf(deps, req), req.body),
  );
}
