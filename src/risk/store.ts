import type { Db } from '../platform/db/database.ts';
import { toNumber, type RiskScoresTable } from '../platform/db/schema.ts';
import type { BandThresholds, RiskBand } from './factors.rules.ts';
import type { ProtectedInput } from './features.rules.ts';
import type { StoredFactor } from './placement-profile.rules.ts';

/** Risk queries: a placement's score history, the model's settings, the fairness report's views. */

export type RiskScore = {
  id: string;
  placementId: string;
  scoredAt: string;
  scoredOn: string;
  trigger: RiskScoresTable['trigger'];
  formId: string | null;
  day: number | null;
  probabilityPpm: number;
  band: RiskBand;
  factors: StoredFactor[];
  model: string;
};

const toScore = (r: RiskScoresTable): RiskScore => ({
  id: r.id,
  placementId: r.placement_id,
  scoredAt: r.scored_at,
  scoredOn: r.scored_on,
  trigger: r.trigger,
  formId: r.form_id,
  day: r.day === null ? null : toNumber(r.day),
  probabilityPpm: toNumber(r.probability_ppm),
  band: r.band,
  factors: JSON.parse(r.factors) as StoredFactor[],
  model: r.model,
});

export async function insertScore(db: Db, row: RiskScoresTable): Promise<void> {
  await db.insertInto('risk_scores').values(row).execute();
}

export async function latestScore(db: Db, placementId: string): Promise<RiskScore | undefined> {
  const r = await db.selectFrom('risk_scores').selectAll().where('placement_id', '=', placementId).orderBy('scored_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return r && toScore(r);
}

/** Oldest first (a placement has one score at hire and one per candidate check-in: a handful). */
export async function scoresOf(db: Db, placementId: string): Promise<RiskScore[]> {
  const rows = await db.selectFrom('risk_scores').selectAll().where('placement_id', '=', placementId).orderBy('scored_at').orderBy('id').execute();
  return rows.map(toScore);
}

export type RiskSettings = { enabledProtected: ProtectedInput[]; thresholds: BandThresholds; updatedAt: string | null; updatedBy: string | null };

export async function settings(db: Db, defaults: BandThresholds): Promise<RiskSettings> {
  const r = await db.selectFrom('risk_settings').selectAll().where('id', '=', 'current').executeTakeFirst();
  if (!r) return { enabledProtected: [], thresholds: defaults, updatedAt: null, updatedBy: null };
  return { enabledProtected: JSON.parse(r.enabled_protected) as ProtectedInput[], thresholds: JSON.parse(r.thresholds) as BandThresholds, updatedAt: r.updated_at, updatedBy: r.updated_by };
}

/** Takes the settings row's lock (PostgreSQL: FOR UPDATE; SQLite: a write) before reading it, creating it when missing. */
export async function lockSettings(db: Db, dialect: 'sqlite' | 'postgres', defaults: BandThresholds): Promise<RiskSettings> {
  await db
    .insertInto('risk_settings')
    .values({ id: 'current', enabled_protected: '[]', thresholds: JSON.stringify(defaults), updated_at: null, updated_by: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  if (dialect === 'sqlite') await db.updateTable('risk_settings').set((eb) => ({ id: eb.ref('id') })).where('id', '=', 'current').execute();
  else await db.selectFrom('risk_settings').select('id').where('id', '=', 'current').forUpdate().execute();
  return settings(db, defaults);
}

export async function saveSettings(db: Db, s: { enabledProtected: ProtectedInput[]; thresholds: BandThresholds; at: string; by: string }): Promise<void> {
  await db
    .updateTable('risk_settings')
    .set({ enabled_protected: JSON.stringify(s.enabledProtected), thresholds: JSON.stringify(s.thresholds), updated_at: s.at, updated_by: s.by })
    .where('id', '=', 'current')
    .execute();
}

export async function recordReportView(db: Db, userId: string, at: string): Promise<void> {
  await db.insertInto('risk_report_views').values({ user_id: userId, viewed_at: at }).onConflict((oc) => oc.columns(['user_id', 'viewed_at']).doNothing()).execute();
}

export async function lastReportView(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('risk_report_views').select('viewed_at').where('user_id', '=', userId).orderBy('viewed_at', 'desc').executeTakeFirst();
  return r?.viewed_at ?? null;
}
