import type { Ctx } from '../platform/deps.ts';
import { forbidden } from '../platform/errors.ts';
import type { FairnessReport } from './fairness.ts';
import { committedFairnessReport } from './model-file.ts';

/** The risk model's fairness report (DESIGN §4.7), for platform ops only: it is about the model, not a tenant. */
export function fairnessReportFor(ctx: Ctx): FairnessReport {
  if (ctx.actor.role !== 'platform_ops') throw forbidden('only platform operations see the risk model’s fairness report');
  return committedFairnessReport();
}
