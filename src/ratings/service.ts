import { getOrg, listOrgs, listUsers, namesOfUser } from '../identity/service.ts';
import { isPlatformOps } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/deps.ts';
import { forbidden } from '../platform/errors.ts';
import { z } from 'zod';
import { cursorCodec, IdKey, type Page } from '../platform/http/pagination.ts';
import { rate, type Rating, type Tallies } from './score.rules.ts';
import { ratingConfigOf } from './tier.service.ts';
import * as store from './store.ts';

const idCursor = cursorCodec(z.strictObject({ i: IdKey }));

/**
 * Who sees which rating (DESIGN §4.9): a consultant its own, with the components; an agency's admin its agency's
 * and its consultants'; platform ops every one. An agency never sees another agency's score or its inputs.
 */

export type ConsultantRatingView = Rating & { consultantId: string; name: string; agencyOrgId: string; weights: Record<string, number> };
export type AgencyRatingView = Rating & { orgId: string; name: string };

function withWeights(ctx: Ctx, r: Rating) {
  return { ...r, weights: { ...ratingConfigOf(ctx.deps.config).weights } };
}

/** The calling consultant's own rating. */
export async function myRating(ctx: Ctx): Promise<ConsultantRatingView> {
  if (ctx.actor.role !== 'consultant') throw forbidden('only a consultant has a rating of its own');
  const db = ctx.deps.db;
  const [own, platform, names] = await Promise.all([store.talliesOf(db, 'consultant', ctx.actor.userId), store.talliesOf(db, 'platform', 'all'), namesOfUser(db, ctx.actor.userId)]);
  return { ...withWeights(ctx, rate(own, platform, ratingConfigOf(ctx.deps.config))), consultantId: ctx.actor.userId, name: names.userName, agencyOrgId: ctx.actor.orgId };
}

export type OrgRatings = Page<ConsultantRatingView> & { kind: 'agency' | 'other'; agency: (AgencyRatingView & { weights: Record<string, number> }) | null };

/**
 * An org's ratings: for an agency, its own score and its consultants' (paged by user id), for its admins and
 * platform ops; an org that delivers nothing (an employer) has none to show. Its consultants see their own only.
 */
export async function orgRatings(ctx: Ctx, orgId: string, q: { cursor?: string | undefined; limit: number }): Promise<OrgRatings> {
  const a = ctx.actor;
  const org = await getOrg(ctx, orgId); // not_found for anyone outside the org (ops see every org)
  if (!isPlatformOps(a) && !(a.orgId === orgId && (a.role === 'agency_admin' || a.role === 'employer_admin'))) {
    throw forbidden("an org's ratings are for its admins and platform operations; a consultant sees its own");
  }
  if (org.kind !== 'agency') return { kind: 'other', agency: null, items: [], nextCursor: null };
  const db = ctx.deps.db;
  const config = ratingConfigOf(ctx.deps.config);
  const platform = await store.talliesOf(db, 'platform', 'all');
  const agency = rate(await store.talliesOf(db, 'agency', orgId), platform, config);
  const after = q.cursor ? idCursor.decode(q.cursor) : undefined;
  const consultants = (await listUsers(ctx, orgId)).filter((u) => u.role === 'consultant' && (after === undefined || u.id > after.i)).sort((x, y) => (x.id < y.id ? -1 : 1));
  const page = consultants.slice(0, q.limit);
  const tallies = await store.consultantTallies(
    db,
    page.map((u) => u.id),
  );
  const items = page.map((u) => ({ ...withWeights(ctx, rate(tallies.get(u.id) as Tallies, platform, config)), consultantId: u.id, name: u.name, agencyOrgId: orgId }));
  const last = page[page.length - 1];
  return {
    kind: 'agency',
    agency: { ...withWeights(ctx, agency), orgId, name: org.name },
    items,
    nextCursor: consultants.length > q.limit && last ? idCursor.encode({ i: last.id }) : null,
  };
}

/** Every agency's score, for platform ops (paged by org id). */
export async function agencyRatings(ctx: Ctx, q: { cursor?: string | undefined; limit: number }): Promise<Page<AgencyRatingView>> {
  if (!isPlatformOps(ctx.actor)) throw forbidden('only platform operations see every agency’s rating');
  const db = ctx.deps.db;
  const config = ratingConfigOf(ctx.deps.config);
  const platform = await store.talliesOf(db, 'platform', 'all');
  const after = q.cursor ? idCursor.decode(q.cursor) : undefined;
  const agencies = (await listOrgs(ctx)).filter((o) => o.kind === 'agency' && (after === undefined || o.id > after.i)).sort((x, y) => (x.id < y.id ? -1 : 1));
  const page = agencies.slice(0, q.limit);
  const items: AgencyRatingView[] = [];
  for (const o of page) items.push({ ...rate(await store.talliesOf(db, 'agency', o.id), platform, config), orgId: o.id, name: o.name });
  const last = page[page.length - 1];
  return { items, nextCursor: agencies.length > q.limit && last ? idCursor.encode({ i: last.id }) : null };
}
