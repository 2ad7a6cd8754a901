import { canonicalJson } from '../platform/canonical-json.ts';
import type { Tx } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { enqueueMessages, type NewOutboxMessage } from '../platform/outbox/outbox.ts';
import { contactsOf, type Contact } from '../identity/service.ts';
import * as channels from './channels.store.ts';
import { languageOf, wantsEvent } from './channel-settings.rules.ts';

/** An inbox item as written, announced on the org's channels. */
export type AnnouncedItem = {
  id: string;
  orgId: string;
  userId: string | null;
  kind: string;
  subjectType: string;
  subjectId: string;
  params: Record<string, string | number>;
  createdAt: string;
};

/** What an e-mail about an inbox item carries (its words are rendered when it is sent, in `language`). */
export type ItemEmailPayload = { to: string; language: 'zh-CN' | 'en'; kind: string; params: Record<string, string | number>; subjectType: string; subjectId: string };
/** What a robot message carries (the robot's provider, address and language are read when it is sent). */
export type RobotPayload = { kind: string; params: Record<string, string | number>; subjectType: string; subjectId: string };
/** A webhook delivery: the exact body, signed when it is sent. */
export type WebhookPayload = { body: string };

/**
 * The outbox rows that announce `items`, written in the caller's transaction: an e-mail to each person the item
 * reaches (org settings: which kinds go by e-mail; user settings: e-mail on or off, the language), a message to
 * each of the org's robots and an event to each of its webhook endpoints that take the kind. A handful of
 * queries whatever the number of items (a scheduler batch announces hundreds at once).
 */
export async function announce(tx: Tx, items: readonly AnnouncedItem[]): Promise<void> {
  if (items.length === 0) return;
  const orgIds = [...new Set(items.map((i) => i.orgId))];
  // One after the other: a transaction is one connection.
  const endpoints = await channels.endpointsOf(tx, orgIds);
  const robots = await channels.robotsOf(tx, orgIds);
  const emailEvents = await channels.orgEmailEvents(tx, orgIds);
  const contacts = await contactsOf(tx, orgIds);
  const settings = await channels.userSettings(tx, contacts.map((c) => c.userId));
  const byOrg = <T extends { orgId: string }>(list: readonly T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.orgId, [...(m.get(x.orgId) ?? []), x]);
    return m;
  };
  const endpointsByOrg = byOrg(endpoints);
  const robotsByOrg = byOrg(robots);
  const contactsByOrg = byOrg(contacts);
  const out: NewOutboxMessage[] = [];
  for (const item of items) {
    const base = { orgId: item.orgId, eventId: item.id, eventType: item.kind };
    if (wantsEvent(emailEvents.get(item.orgId) ?? ['*'], item.kind)) {
      for (const c of recipientsOf(item, contactsByOrg.get(item.orgId) ?? [])) {
        const s = settings.get(c.userId);
        if (s && !s.emailEnabled) continue;
        const payload: ItemEmailPayload = { to: c.email, language: languageOf(s, c.locale), kind: item.kind, params: item.params, subjectType: item.subjectType, subjectId: item.subjectId };
        out.push({ ...base, channel: 'email', targetId: c.userId, payload });
      }
    }
    for (const r of robotsByOrg.get(item.orgId) ?? []) {
      if (!wantsEvent(r.events, item.kind)) continue;
      const payload: RobotPayload = { kind: item.kind, params: item.params, subjectType: item.subjectType, subjectId: item.subjectId };
      out.push({ ...base, channel: r.provider, targetId: r.id, payload });
    }
    for (const e of endpointsByOrg.get(item.orgId) ?? []) {
      if (!wantsEvent(e.events, item.kind)) continue;
      const id = newId();
      // The delivery's id is its idempotency key: the same on every retry and replay of it.
      const body = canonicalJson({
        id,
        type: item.kind,
        createdAt: item.createdAt,
        data: { notificationId: item.id, orgId: item.orgId, userId: item.userId, subjectType: item.subjectType, subjectId: item.subjectId, params: item.params },
      });
      const payload: WebhookPayload = { body };
      out.push({ ...base, id, channel: 'webhook', targetId: e.id, payload });
    }
  }
  if (out.length > 0) await enqueueMessages(tx, new Date(items[0]!.createdAt), out);
}

/** A personal item reaches its user; an org-wide one the people who act for the org (as the inbox does). */
function recipientsOf(item: AnnouncedItem, contacts: readonly Contact[]): Contact[] {
  return item.userId !== null ? contacts.filter((c) => c.userId === item.userId) : contacts.filter((c) => c.receivesOrgWide);
}
