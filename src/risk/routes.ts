import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import type { App } from '../platform/http/types.ts';
import * as service from './service.ts';

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
}
