import { aftercareObligationHandlers } from './aftercare/obligation-handlers.ts';
import { registerAftercareRoutes } from './aftercare/routes.ts';
import { onClaimReason } from './aftercare/claim.service.ts';
import { registerAssessmentRoutes } from './assessments/routes.ts';
import { canReadAssessmentEvidence, failedMilestoneCheck, milestoneFallsDue } from './assessments/service.ts';
import { registerDisputeRoutes } from './disputes/routes.ts';
import { DEMO_STORY, demoStoryHandler } from './demo/demo-story.ts';
import { canReadDisputeEvidence, disputeObligationHandlers } from './disputes/service.ts';
import { actorFromApiToken, actorFromSession } from './identity/auth-service.ts';
import { registerIdentityRoutes } from './identity/routes.ts';
import { auditReachOf } from './identity/roles.rules.ts';
import { registerMarketplaceRoutes } from './marketplace/routes.ts';
import { registerPlacementRoutes } from './placements/routes.ts';
import { onPlacementActivated } from './placements/service.ts';
import { guaranteeEndHandler } from './aftercare/guarantee.service.ts';
import { replacementActivated, replacementHire } from './aftercare/replacement.service.ts';
import { registerLedgerRoutes } from './ledger/routes.ts';
import { createInstallmentsOnActivation, ledgerObligationHandlers } from './ledger/service.ts';
import { registerPlanRoutes } from './plans/routes.ts';
import { registerRiskRoutes } from './risk/routes.ts';
import { registerIntegrationRoutes } from './integrations/routes.ts';
import { registerAnalyticsRoutes } from './analytics/routes.ts';
import { ratingObligationHandlers, registerRatingListeners } from './ratings/outcomes.service.ts';
import { registerRatingRoutes } from './ratings/routes.ts';
import { registerRiskListeners } from './risk/placement-risk.service.ts';
import { ensureBuiltInPlans } from './plans/service.ts';
import { registerNotificationRoutes } from './notifications/routes.ts';
import { notificationSenders } from './notifications/senders.ts';
import { registerChannelRoutes } from './notifications/channels.routes.ts';
import { registerFileRoutes } from './files/routes.ts';
import { registerSubmissionRoutes } from './submissions/routes.ts';
import { canReadResume, onReplacementHire } from './submissions/service.ts';
import { canReadEvidence } from './aftercare/evidence.service.ts';
import { loadOrCreateSigningKey } from './platform/audit/signing-key.ts';
import { loadOrCreateKeyedHashSecret } from './platform/auth/keyed-hash.ts';
import { openClock, SystemClock, type Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { openDatabase, type Dialect } from './platform/db/database.ts';
import { migrate } from './platform/db/migrator.ts';
import { createMetrics } from './platform/metrics.ts';
import type { AppDeps } from './platform/deps.ts';
import { buildHttpApp } from './platform/http/app.ts';
import { registerOperationsRoutes } from './platform/http/operations-routes.ts';
import { registerPlatformRoutes } from './platform/http/platform-routes.ts';
import type { App } from './platform/http/types.ts';
import type { ObligationHandlers } from './platform/scheduler/scheduler.ts';

/**
 * The composition root: the only module that knows every area. It opens the database, migrates it,
 * and wires areas' routes and obligation handlers onto the platform's machinery.
 */
export type Tenure = { deps: AppDeps; close(): Promise<void> };

/** Every area's obligation handlers by kind; a kind without one stays pending and visible. */
export function obligationHandlers(dialect: Dialect, config: Config): ObligationHandlers {
  return {
    ...aftercareObligationHandlers(dialect, publicOrigin(config)),
    ...ledgerObligationHandlers(dialect),
    ...disputeObligationHandlers(dialect),
    ...ratingObligationHandlers(),
    'guarantee.end': guaranteeEndHandler(dialect),
    'milestone.due': ({ tx, now, obligation }) => milestoneFallsDue(tx, now, obligation, dialect),
  };
}

// The ledger creates a placement's installments in the transaction that activates it (placements must not
// import the ledger, which reads placements: the hook is wired here).
onPlacementActivated(createInstallmentsOnActivation);
// A replacement accepted by both sides takes over the money waiting on the placement it replaces (after the
// ledger has opened its accounts); a replacement hire asks the claim first (submissions must not import aftercare).
onPlacementActivated(replacementActivated);
onReplacementHire(replacementHire);
// A claim for a failed skill milestone needs one on record (aftercare must not import the assessments area).
onClaimReason('skill_milestone_failed', failedMilestoneCheck);
// Ratings count outcomes as the areas that own them record them (guarantee, claims, disputes, tasks, check-ins).
registerRatingListeners();
// A placement's retention risk is scored at hire and after each candidate check-in, answered or missed.
registerRiskListeners();

/** Where links sent to people outside (the candidate's check-in page) point: the web app's own address. */
function publicOrigin(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}

export async function openTenure(
  config: Config,
  opts: { wallClock?: Clock; handlers?: ObligationHandlers; log?: (m: string) => void } = {},
): Promise<Tenure> {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, countQueries: config.queryCount });
  try {
    const keyedHashSecret = loadOrCreateKeyedHashSecret(config.dataDir, config.keyedHashSecret);
    await migrate(handle.db, handle.dialect, { keyedHashSecret }, opts.log);
    const deps: AppDeps = {
      db: handle.db,
      dialect: handle.dialect,
      config,
      clock: await openClock(handle.db, config.clockMode, config.clockStart),
      wallClock: opts.wallClock ?? new SystemClock(),
      signingKey: loadOrCreateSigningKey(config.dataDir, config.auditPrivateKeyPem),
      keyedHashSecret,
      obligationHandlers: opts.handlers ?? obligationHandlers(handle.dialect, config),
      metrics: createMetrics(),
      outboxSenders: {},
    };
    // The outbox's senders read endpoints and robots through deps (e-mail, group robots, webhooks).
    deps.outboxSenders = notificationSenders(deps, publicOrigin(config));
    // The demo's story acts through users' use cases, which need the whole of deps (only a manual-clock demo schedules it).
    if (!opts.handlers) deps.obligationHandlers = { ...deps.obligationHandlers, [DEMO_STORY]: demoStoryHandler(() => deps) };
    // Every database, demo or not, offers the built-in after-sales plans from its first start.
    await ensureBuiltInPlans(deps);
    return { deps, close: () => handle.close() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export function buildApp(deps: AppDeps, opts: { webDistDir?: string; logger?: boolean } = {}): Promise<App> {
  return buildHttpApp(
    deps,
    { fromSession: (secret) => actorFromSession(deps, secret), fromApiToken: (token) => actorFromApiToken(deps, token) },
    (app) => {
      registerPlatformRoutes(app, deps, { auditReachOf });
      registerOperationsRoutes(app, deps);
      registerIdentityRoutes(app, deps);
      registerMarketplaceRoutes(app, deps);
      registerPlacementRoutes(app, deps);
      registerPlanRoutes(app, deps);
      registerNotificationRoutes(app, deps);
      registerChannelRoutes(app, deps);
      registerSubmissionRoutes(app, deps);
      registerRiskRoutes(app, deps);
      registerRatingRoutes(app, deps);
      registerAftercareRoutes(app, deps);
      registerLedgerRoutes(app, deps);
      registerDisputeRoutes(app, deps);
      registerAnalyticsRoutes(app, deps);
      registerAssessmentRoutes(app, deps);
      registerIntegrationRoutes(app, deps);
      // Files are read under the rules of the areas that reference them (a submission's résumé, a claim's, a dispute's or an assessment's evidence).
      registerFileRoutes(app, deps, [canReadResume, canReadEvidence, canReadDisputeEvidence, canReadAssessmentEvidence]);
    },
    opts,
  );
}
