import { createHash } from 'node:crypto';
import { newId } from '../platform/ids.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Db, Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import type { UploadedFile } from '../platform/http/multipart.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { cleanFileName, judgeUpload, KIND_WORDS, RESUME_KINDS, type StorableKind } from './file-type.rules.ts';
import * as store from './store.ts';

export type { FileMeta } from './store.ts';

/** Bytes as they arrived, with what the multipart parser knows about them (platform/http/multipart.ts). */
export type Upload = UploadedFile;

/**
 * Who may read a stored file. Files belong to no one area: the area that references a file (a
 * submission's résumé, a dispute's evidence) answers whether the actor may see it. The composition
 * root hands the rules of every area to the download route.
 */
export type FileReadRule = (db: Db, actor: Actor, fileId: string) => Promise<boolean>;

/** Words for the kinds a refusal lists as allowed ("PDF, DOC, DOCX or TXT (UTF-8)"). */
const ALLOWED_WORDS: Readonly<Record<StorableKind, string>> = { pdf: 'PDF', doc: 'DOC', docx: 'DOCX', txt: 'TXT (UTF-8)', png: 'PNG', jpeg: 'JPEG' };

/**
 * The one way any area takes an uploaded file (résumés now, evidence next): size, then the kind sniffed
 * from the bytes in bounded time (file-type.rules.ts), refused with the right code naming `field` before
 * anything is written. Returns what to store, under a clean name with the detected kind's extension.
 */
export function acceptUpload<K extends StorableKind>(
  upload: Upload,
  opts: { maxBytes: number; allowed: readonly K[]; what: string; field?: string; fallbackName?: string },
): { name: string; kind: K; mediaType: string; bytes: Buffer } {
  const field = opts.field ?? 'file';
  const verdict = judgeUpload(upload.bytes, { maxBytes: opts.maxBytes, allowed: opts.allowed, truncated: upload.truncated });
  if (!verdict.ok) {
    if (verdict.code === 'payload_too_large') {
      throw new DomainError('payload_too_large', `${field}: larger than the limit of ${opts.maxBytes} bytes`, { field, maxBytes: opts.maxBytes });
    }
    if (verdict.code === 'invalid_input') throw new DomainError('invalid_input', `${field}: is empty`, { field });
    const words = opts.allowed.map((k) => ALLOWED_WORDS[k]);
    const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
    throw new DomainError('unsupported_media_type', `${field}: the content is ${KIND_WORDS[verdict.detected]}; ${opts.what} must be ${list}`, {
      field,
      detected: verdict.detected,
      allowed: opts.allowed,
    });
  }
  return { name: cleanFileName(upload.fileName, verdict.kind, opts.fallbackName), kind: verdict.kind, mediaType: verdict.mediaType, bytes: upload.bytes };
}

/** A résumé: PDF, DOC, DOCX or UTF-8 text. */
export function acceptResume(upload: Upload, maxBytes: number): { name: string; mediaType: string; bytes: Buffer } {
  return acceptUpload(upload, { maxBytes, allowed: RESUME_KINDS, what: 'a résumé', fallbackName: 'resume' });
}

/** Stores accepted bytes with their SHA-256, owned by the uploader's org, in the caller's transaction. */
export async function storeFile(tx: Tx, ctx: Ctx, file: { name: string; mediaType: string; bytes: Buffer }): Promise<store.FileMeta> {
  const meta: store.FileMeta = {
    id: newId(),
    orgId: ctx.actor.orgId,
    uploadedBy: ctx.actor.userId,
    originalName: file.name,
    mediaType: file.mediaType,
    sizeBytes: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    createdAt: ctx.deps.clock.now().toISOString(),
  };
  await store.insertFile(tx, {
    id: meta.id,
    org_id: meta.orgId,
    uploaded_by: meta.uploadedBy,
    original_name: meta.originalName,
    media_type: meta.mediaType,
    size_bytes: meta.sizeBytes,
    sha256: meta.sha256,
    content: file.bytes,
    created_at: meta.createdAt,
  });
  return meta;
}

/** Metadata of files an area references (internal: the area has already checked access). */
export function fileMetas(db: Db, fileIds: readonly string[]): Promise<store.FileMeta[]> {
  return store.findFileMetas(db, fileIds);
}

/** A file for download when one of the rules lets the actor read it; not_found otherwise, exactly as for an unknown id. */
export async function readFileFor(ctx: Ctx, fileId: string, rules: readonly FileReadRule[]): Promise<{ meta: store.FileMeta; content: Buffer }> {
  const meta = await store.findFileMeta(ctx.deps.db, fileId);
  if (!meta) throw notFound('file');
  let allowed = false;
  for (const rule of rules) {
    if (await rule(ctx.deps.db, ctx.actor, fileId)) {
      allowed = true;
      break;
    }
  }
  if (!allowed) throw notFound('file');
  const content = await store.findFileContent(ctx.deps.db, fileId);
  if (!content) throw notFound('file');
  return { meta, content };
}
