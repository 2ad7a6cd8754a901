import { notify } from '../notifications/service.ts';
import { acceptUpload, fileMetas, storeFile, type FileMeta, type Upload } from '../files/service.ts';
import { STORABLE_KINDS } from '../files/file-type.rules.ts';
import { getPlacement, lockPlacementFor, placementFactsById, type PlacementFacts } from '../placements/service.ts';
import { sidesOf } from '../placements/placement-access.rules.ts';
import { isPlatformOps, type Actor } from '../platform/auth/actor.ts';
import { record } from '../platform/audit/record.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { inTransaction, type Db, type Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import { DomainError, forbidden, notFound } from '../platform/errors.ts';
import * as store from './store.ts';

/**
 * Claim evidence (DESIGN §4.5): files the poster uploads for a departure it reports — sniffed and size-limited
 * like résumés (files/service.ts `acceptUpload`), kept with their SHA-256. Uploaded for a placement and named
 * when the claim is filed (`evidenceFileIds`), or attached to a claim afterwards. Readable by the poster's org
 * from the upload on, and once attached by both sides of the placement and by platform ops (who review claims).
 */

export type Evidence = FileMeta & { placementId: string; claimId: string | null };

/** At most this many files per claim (the same bound as `evidenceFileIds` when filing). */
export const MAX_EVIDENCE_PER_CLAIM = 20;

const accept = (ctx: Ctx, upload: Upload) =>
  acceptUpload(upload, { maxBytes: ctx.deps.config.maxUploadBytes, allowed: STORABLE_KINDS, what: 'evidence', fallbackName: 'evidence' });

const isPosterOf = (actor: Actor, p: PlacementFacts): boolean => sidesOf(actor, p).includes('poster');

/** Uploads a file as evidence for a placement, before a claim is filed (its id goes into `evidenceFileIds`). */
export async function uploadPlacementEvidence(ctx: Ctx, placementId: string, readUpload: () => Promise<Upload>): Promise<Evidence> {
  // Who may upload is answered before the body is read (a stranger learns nothing from a bad upload), and again under the lock.
  const { placement: seen } = await getPlacement(ctx, placementId);
  if (!isPosterOf(ctx.actor, seen)) throw forbidden("only the poster's users upload evidence of a departure");
  const upload = await readUpload();
  return inTransaction(ctx.deps.db, async (tx) => {
    const placement = await lockPlacementFor(tx, ctx, placementId);
    if (!isPosterOf(ctx.actor, placement)) throw forbidden("only the poster's users upload evidence of a departure");
    return storeEvidence(tx, ctx, placement, accept(ctx, upload), null);
  });
}

/** Attaches a new evidence file to a claim (its poster's users, in any state: evidence also serves a dispute). */
export async function attachClaimEvidence(ctx: Ctx, claimId: string, readUpload: () => Promise<Upload>): Promise<Evidence> {
  const filed = await store.findClaim(ctx.deps.db, claimId);
  if (!filed) throw notFound('claim');
  const { placement: seen } = await getPlacement(ctx, filed.placement_id).catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'not_found' ? notFound('claim') : e;
  });
  if (!isPosterOf(ctx.actor, seen)) throw forbidden("only the poster's users add evidence to a claim");
  const upload = await readUpload();
  return inTransaction(ctx.deps.db, async (tx) => {
    const seen = await store.findClaim(tx, claimId);
    if (!seen) throw notFound('claim');
    const placement = await lockPlacementFor(tx, ctx, seen.placement_id).catch((e: unknown) => {
      throw e instanceof DomainError && e.code === 'not_found' ? notFound('claim') : e;
    });
    if (!isPosterOf(ctx.actor, placement)) throw forbidden("only the poster's users add evidence to a claim");
    // Read again under the placement's lock: attachments to one claim are counted one after the other.
    const claim = (await store.findClaim(tx, claimId))!;
    const ids = JSON.parse(claim.evidence_file_ids) as string[];
    if (ids.length >= MAX_EVIDENCE_PER_CLAIM) {
      throw new DomainError('conflict', `a claim holds at most ${MAX_EVIDENCE_PER_CLAIM} evidence files`, { field: 'file', max: MAX_EVIDENCE_PER_CLAIM });
    }
    const accepted = accept(ctx, upload);
    const evidence = await storeEvidence(tx, ctx, placement, accepted, claim.id);
    await store.setClaimEvidenceIds(tx, claim.id, canonicalJson([...ids, evidence.id]), ctx.deps.clock.now().toISOString());
    await notify(tx, ctx.deps.clock.now(), { orgId: placement.agencyOrgId, userId: placement.consultantId, kind: 'claim.evidence_added', subjectType: 'claim', subjectId: claim.id, params: {} });
    return evidence;
  });
}

async function storeEvidence(tx: Tx, ctx: Ctx, placement: PlacementFacts, file: { name: string; mediaType: string; bytes: Buffer }, claimId: string | null): Promise<Evidence> {
  const meta = await storeFile(tx, ctx, file);
  await store.insertEvidence(tx, { file_id: meta.id, placement_id: placement.id, org_id: ctx.actor.orgId, uploaded_by: ctx.actor.userId, claim_id: claimId, created_at: meta.createdAt });
  await record(tx, ctx, {
    type: 'claim.evidence_uploaded',
    subjectType: 'placement',
    subjectId: placement.id,
    orgId: placement.posterOrgId,
    workOf: placement.consultantId,
    payload: { fileId: meta.id, claimId, mediaType: meta.mediaType, sizeBytes: meta.sizeBytes, sha256: meta.sha256 },
  });
  return { ...meta, placementId: placement.id, claimId };
}

/**
 * Checks the `evidenceFileIds` of a claim being filed: evidence the poster's org uploaded for this placement and not
 * yet attached to a claim. Any other id is refused as if it did not exist.
 */
export async function checkEvidenceForFiling(tx: Tx, ctx: Ctx, placementId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = new Map((await store.evidenceRows(tx, ids)).map((r) => [r.file_id, r]));
  const missing = ids.find((id) => {
    const r = rows.get(id);
    return !r || r.placement_id !== placementId || r.org_id !== ctx.actor.orgId || r.claim_id !== null;
  });
  if (missing) throw new DomainError('invalid_input', `evidenceFileIds: no evidence ${missing} of yours for this placement`, { field: 'evidenceFileIds' });
}

/** Attaches the evidence named when filing to the new claim (checked by checkEvidenceForFiling in the same transaction). */
export async function attachFiledEvidence(tx: Tx, claimId: string, ids: readonly string[]): Promise<void> {
  await store.attachEvidence(tx, ids, claimId);
}

/** A claim's evidence, oldest first, for whoever may see the claim. */
export async function listClaimEvidence(ctx: Ctx, claimId: string): Promise<Evidence[]> {
  const claim = await store.findClaim(ctx.deps.db, claimId);
  if (!claim) throw notFound('claim');
  // Whoever may see the placement sees its claims (as getClaim decides).
  await getPlacement(ctx, claim.placement_id).catch((e: unknown) => {
    throw e instanceof DomainError && e.code === 'not_found' ? notFound('claim') : e;
  });
  const rows = await store.evidenceOfClaim(ctx.deps.db, claim.id);
  const metas = new Map((await fileMetas(ctx.deps.db, rows.map((r) => r.file_id))).map((m) => [m.id, m]));
  return rows.flatMap((r) => {
    const m = metas.get(r.file_id);
    return m ? [{ ...m, placementId: r.placement_id, claimId: r.claim_id }] : [];
  });
}

/**
 * The file-read rule of evidence (wired in src/tenure.ts): the poster's org reads what it uploaded; once attached to
 * a claim, both sides of the placement and platform ops read it. Nobody else, whatever the id.
 */
export async function canReadEvidence(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  const row = await store.findEvidence(db, fileId);
  if (!row) return false;
  const placement = await placementFactsById(db, row.placement_id);
  if (!placement) return false;
  if (isPosterOf(actor, placement) && actor.orgId === row.org_id) return true;
  if (row.claim_id === null) return false;
  return isPlatformOps(actor) || sidesOf(actor, placement).length > 0;
}
