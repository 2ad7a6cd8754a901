/**
 * A record bundle: the audit events of one subject (a placement), each with its RFC 9162 inclusion proof against
 * one signed checkpoint, the checkpoint, the public key, and a signed manifest listing every event of the subject
 * up to that checkpoint (so an event left out is noticed too). Pure: building the manifest's signature and
 * verifying a bundle need no database and no network — `npx tenure audit verify-bundle` runs exactly this.
 * The format is documented for third-party verifiers in docs/record-bundle.md.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.ts';
import { auditLeafBytes, type AuditEvent } from './audit-log.ts';
import { publicKeyFingerprint, verifyCheckpoint } from './checkpoint.ts';
import { hashFromHex, leafHash, verifyInclusion } from './merkle.ts';

export const RECORD_BUNDLE_FORMAT = 'tenure-record-bundle/1';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const LeafEvent = z.strictObject({
  seq: z.number().int().min(0),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  orgId: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  type: z.string(),
  payload: z.unknown(),
});
const Manifest = z.strictObject({
  format: z.literal(RECORD_BUNDLE_FORMAT),
  subject: z.strictObject({ type: z.string(), id: z.string() }),
  treeSize: z.number().int().min(0),
  rootHash: Hex64,
  generatedAt: z.string(),
  events: z.array(z.strictObject({ index: z.number().int().min(0), type: z.string(), leafHash: Hex64 })),
});
export type RecordManifest = z.infer<typeof Manifest>;

export const RecordBundleSchema = z.strictObject({
  format: z.literal(RECORD_BUNDLE_FORMAT),
  publicKey: z.string(),
  checkpoint: z.strictObject({ treeSize: z.number().int().min(0), rootHash: Hex64, issuedAt: z.string(), signature: z.string() }),
  manifest: Manifest,
  manifestSignature: z.string(),
  events: z.array(z.strictObject({ index: z.number().int().min(0), event: LeafEvent, leafHash: Hex64, proof: z.array(Hex64) })),
});
export type RecordBundle = z.infer<typeof RecordBundleSchema>;

/** The bytes the manifest signature covers: a line naming the format (so it can never pass for a checkpoint), then the manifest's canonical JSON. */
export function manifestSigningBytes(manifest: RecordManifest): Buffer {
  return Buffer.from(`${RECORD_BUNDLE_FORMAT}\n${canonicalJson(manifest)}`, 'utf8');
}

export function signManifest(manifest: RecordManifest, privateKeyPem: string): string {
  return sign(null, manifestSigningBytes(manifest), createPrivateKey(privateKeyPem)).toString('base64');
}

/** Assembles a bundle from the subject's events (ascending), their proofs, and a checkpoint covering them. */
export function assembleRecordBundle(input: {
  subject: { type: string; id: string };
  events: readonly { event: AuditEvent; proof: readonly Buffer[] }[];
  checkpoint: { treeSize: number; rootHash: string; issuedAt: string; signature: string };
  key: { privateKeyPem: string; publicKeyPem: string };
  generatedAt: string;
}): RecordBundle {
  const events = input.events.map(({ event, proof }) => ({
    index: event.seq,
    event: { ...event, payload: event.payload ?? null },
    leafHash: leafHash(auditLeafBytes(event)).toString('hex'),
    proof: proof.map((h) => h.toString('hex')),
  }));
  const manifest: RecordManifest = {
    format: RECORD_BUNDLE_FORMAT,
    subject: input.subject,
    treeSize: input.checkpoint.treeSize,
    rootHash: input.checkpoint.rootHash,
    generatedAt: input.generatedAt,
    events: events.map((e) => ({ index: e.index, type: e.event.type, leafHash: e.leafHash })),
  };
  return {
    format: RECORD_BUNDLE_FORMAT,
    publicKey: input.key.publicKeyPem,
    checkpoint: input.checkpoint,
    manifest,
    manifestSignature: signManifest(manifest, input.key.privateKeyPem),
    events,
  };
}

export type BundleVerification =
  | { ok: true; subject: { type: string; id: string }; events: number; treeSize: number; checkpointIssuedAt: string; keyFingerprint: string; first: string | null; last: string | null; types: Record<string, number> }
  | { ok: false; failedEvent: { index: number; type: string } | null; reason: string };

/**
 * Verifies a bundle offline. `trustedPublicKeyPem`, when given, is the key obtained independently (the server's
 * `/api/v1/audit/public-key`, the docs): the bundle's own key must be that one. A failure names the first event
 * (in the manifest's order) whose proof or signature fails; a failure of the checkpoint, the manifest or the key
 * fails every event, so it names the first one.
 */
export function verifyRecordBundle(input: unknown, trustedPublicKeyPem?: string): BundleVerification {
  const parsed = RecordBundleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, failedEvent: null, reason: `not a ${RECORD_BUNDLE_FORMAT} bundle: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim() };
  }
  const b = parsed.data;
  const firstListed = b.manifest.events[0] ?? null;
  const failAll = (reason: string): BundleVerification => ({ ok: false, failedEvent: firstListed && { index: firstListed.index, type: firstListed.type }, reason });

  let fingerprint: string;
  try {
    fingerprint = publicKeyFingerprint(b.publicKey);
  } catch {
    return failAll('the bundle’s public key is not an Ed25519 public key (PEM)');
  }
  if (trustedPublicKeyPem !== undefined && publicKeyFingerprint(trustedPublicKeyPem) !== fingerprint) {
    return failAll(`the bundle is signed with key ${fingerprint.slice(0, 16)}…, not with the trusted key ${publicKeyFingerprint(trustedPublicKeyPem).slice(0, 16)}…`);
  }
  if (!verifyCheckpoint(b.checkpoint, b.publicKey)) return failAll(`the checkpoint (tree size ${b.checkpoint.treeSize}) is not signed by the bundle’s key: its root, size, time or signature was changed`);
  if (!verifySignature(manifestSigningBytes(b.manifest), b.manifestSignature, b.publicKey)) return failAll('the manifest (the list of the subject’s events) is not signed by the bundle’s key: an event was added to or removed from it');
  if (b.manifest.treeSize !== b.checkpoint.treeSize || b.manifest.rootHash !== b.checkpoint.rootHash) return failAll('the manifest was signed for another checkpoint');

  const root = hashFromHex(b.checkpoint.rootHash);
  for (const [position, listed] of b.manifest.events.entries()) {
    const failed = { index: listed.index, type: listed.type };
    const entry = b.events[position];
    if (!entry) return { ok: false, failedEvent: failed, reason: `event #${listed.index} (${listed.type}) is missing from the bundle` };
    if (entry.index !== listed.index) {
      return { ok: false, failedEvent: failed, reason: `event #${listed.index} (${listed.type}) is missing at its place: found event #${entry.index} there (events removed or reordered)` };
    }
    if (entry.event.seq !== listed.index) return { ok: false, failedEvent: failed, reason: `event #${listed.index} (${listed.type}) says it is event #${entry.event.seq}` };
    const leaf = leafHash(auditLeafBytes(entry.event));
    if (leaf.toString('hex') !== listed.leafHash || entry.leafHash !== listed.leafHash) {
      return { ok: false, failedEvent: failed, reason: `event #${listed.index} (${listed.type}) was altered: its content does not hash to the leaf the manifest lists` };
    }
    if (!verifyInclusion(leaf, listed.index, b.checkpoint.treeSize, entry.proof.map(hashFromHex), root)) {
      return { ok: false, failedEvent: failed, reason: `event #${listed.index} (${listed.type}): its inclusion proof does not lead to the checkpoint’s root` };
    }
  }
  const extra = b.events[b.manifest.events.length];
  if (extra) return { ok: false, failedEvent: { index: extra.index, type: extra.event.type }, reason: `event #${extra.index} (${extra.event.type}) is not listed in the signed manifest` };

  const types: Record<string, number> = {};
  for (const e of b.events) types[e.event.type] = (types[e.event.type] ?? 0) + 1;
  return {
    ok: true,
    subject: b.manifest.subject,
    events: b.events.length,
    treeSize: b.checkpoint.treeSize,
    checkpointIssuedAt: b.checkpoint.issuedAt,
    keyFingerprint: fingerprint,
    first: b.events[0]?.event.occurredAt ?? null,
    last: b.events.at(-1)?.event.occurredAt ?? null,
    types,
  };
}

function verifySignature(bytes: Buffer, signatureBase64: string, publicKeyPem: string): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== signatureBase64) return false;
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
