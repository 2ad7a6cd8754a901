import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { ctxOf } from '../platform/http/app.ts';
import { pageQuery, pageSchema } from '../platform/http/pagination.ts';
import { IdParam } from '../platform/http/schemas.ts';
import type { App } from '../platform/http/types.ts';
import { METRICS } from './score.rules.ts';
import * as service from './service.ts';

const Tier = z.enum(['S', 'A', 'B', 'C']);
const MetricView = z.object({
  metric: z.enum(METRICS),
  raw: z.number().nullable().describe('the observed rate; null with no outcome yet'),
  shrunk: z.number().describe('shrunk toward the platform mean by the Beta prior'),
  successes: z.number(),
  trials: z.number().int(),
});
const RatingFields = {
  metrics: z.array(MetricView),
  score: z.number().describe('0–100: the weighted mean of the shrunk metrics'),
  platformScore: z.number().describe("the platform mean's score (a newcomer's)"),
  tier: Tier,
  sampleSize: z.number().int().describe('outcomes behind the score'),
};
const Weights = z.record(z.string(), z.number());
const ConsultantRating = z.object({ ...RatingFields, consultantId: z.string(), name: z.string(), agencyOrgId: z.string(), weights: Weights });
const AgencyRating = z.object({ ...RatingFields, orgId: z.string(), name: z.string() });

export function registerRatingRoutes(app: App, deps: AppDeps): void {
  app.get(
    '/api/v1/ratings/me',
    { schema: { tags: ['ratings'], summary: "The calling consultant's rating: score, tier, components and sample size (consultants only)", response: { 200: ConsultantRating } } },
    async (req) => service.myRating(ctxOf(deps, req)),
  );
  app.get(
    '/api/v1/orgs/:orgId/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: "An agency's rating and its consultants' (its admins and platform ops); an org that delivers nothing has none",
        params: z.object({ orgId: IdParam }),
        querystring: z.object(pageQuery),
        response: { 200: pageSchema(ConsultantRating).extend({ kind: z.enum(['agency', 'other']), agency: AgencyRating.extend({ weights: Weights }).nullable() }) },
      },
    },
    async (req) => service.orgRatings(ctxOf(deps, req), req.params.orgId, req.query),
  );
  app.get(
    '/api/v1/ratings/agencies',
    { schema: { tags: ['ratings'], summary: "Every agency's rating (platform ops)", querystring: z.object(pageQuery), response: { 200: pageSchema(AgencyRating) } } },
    async (req) => service.agencyRatings(ctxOf(deps, req), req.query),
  );
}
