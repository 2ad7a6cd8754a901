import type { Db, Tx } from '../platform/db/database.ts';
import type { RobotChannelsTable, WebhookEndpointsTable } from '../platform/db/schema.ts';
import type { MessageLanguage } from './message-words.ts';

/** An org's event list: kinds, or ['*'] for every kind. */
export type EventList = string[];

export type WebhookEndpoint = {
  id: string;
  orgId: string;
  url: string;
  events: EventList;
  /** Sealed (platform/auth/secret-box.ts), as are `previousSecret` and a robot's `secret`: opened only to sign. */
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type RobotChannel = {
  id: string;
  orgId: string;
  provider: RobotChannelsTable['provider'];
  name: string;
  url: string;
  secret: string | null;
  events: EventList;
  language: MessageLanguage;
  createdAt: string;
};

const toEndpoint = (r: WebhookEndpointsTable): WebhookEndpoint => ({
  id: r.id,
  orgId: r.org_id,
  url: r.url,
  events: JSON.parse(r.events) as EventList,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRobot = (r: RobotChannelsTable): RobotChannel => ({
  id: r.id,
  orgId: r.org_id,
  provider: r.provider,
  name: r.name,
  url: r.url,
  secret: r.secret,
  events: JSON.parse(r.events) as EventList,
  language: r.language,
  createdAt: r.created_at,
});

export async function insertEndpoint(tx: Tx, row: WebhookEndpointsTable): Promise<void> {
  await tx.insertInto('webhook_endpoints').values(row).execute();
}

export async function endpointsOf(db: Db, orgIds: readonly string[]): Promise<WebhookEndpoint[]> {
  if (orgIds.length === 0) return [];
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('org_id', 'in', [...orgIds]).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  return rows.map(toEndpoint);
}

/** A live endpoint by id (locked for the rest of the transaction on PostgreSQL when `lock`). */
export async function findEndpoint(db: Db, id: string, opts: { lock?: boolean; postgres?: boolean } = {}): Promise<WebhookEndpoint | undefined> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
  if (opts.lock && opts.postgres) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toEndpoint(row);
}

export async function rotateEndpointSecret(tx: Tx, id: string, secret: string, previous: string, previousUntil: string, at: string): Promise<void> {
  await tx.updateTable('webhook_endpoints').set({ secret, previous_secret: previous, previous_secret_until: previousUntil, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteEndpoint(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('webhook_endpoints').set({ deleted_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function insertRobot(tx: Tx, row: RobotChannelsTable): Promise<void> {
  await tx.insertInto('robot_channels').values(row).execute();
}

export async function robotsOf(db: Db, orgIds: readonly string[]): Promise<RobotChannel[]> {
  if (orgIds.length === 0) return [];
  const rows = await db.selectFrom('robot_channels').selectAll().where('org_id', 'in', [...orgIds]).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  return rows.map(toRobot);
}

export async function findRobot(db: Db, id: string): Promise<RobotChannel | undefined> {
  const row = await db.selectFrom('robot_channels').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row && toRobot(row);
}

export async function deleteRobot(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable('robot_channels').set({ deleted_at: at }).where('id', '=', id).execute();
}

/** Orgs' e-mail event lists; an org without a row sends every kind. */
export async function orgEmailEvents(db: Db, orgIds: readonly string[]): Promise<Map<string, EventList>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.selectFrom('org_notification_settings').select(['org_id', 'email_events']).where('org_id', 'in', [...orgIds]).execute();
  return new Map(rows.map((r) => [r.org_id, JSON.parse(r.email_events) as EventList]));
}

export async function saveOrgEmailEvents(tx: Tx, orgId: string, events: EventList, at: string, by: string): Promise<void> {
  await tx
    .insertInto('org_notification_settings')
    .values({ org_id: orgId, email_events: JSON.stringify(events), updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ email_events: JSON.stringify(events), updated_at: at, updated_by: by }))
    .execute();
}

export type UserChannelSettings = { emailEnabled: boolean; language: MessageLanguage };

export async function userSettings(db: Db, userIds: readonly string[]): Promise<Map<string, UserChannelSettings>> {
  if (userIds.length === 0) return new Map();
  const out = new Map<string, UserChannelSettings>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db.selectFrom('user_notification_settings').selectAll().where('user_id', 'in', userIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.user_id, { emailEnabled: Number(r.email_enabled) === 1, language: r.language });
  }
  return out;
}

export async function saveUserSettings(tx: Tx, userId: string, s: UserChannelSettings, at: string): Promise<void> {
  const values = { email_enabled: s.emailEnabled ? 1 : 0, language: s.language, updated_at: at };
  await tx
    .insertInto('user_notification_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}
