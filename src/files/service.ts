import { createHash } from 'node:crypto';
import { newId } from '../platform/ids.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Db, Tx } from '../platform/db/database.ts';
import type { Ctx } from '../platform/deps.ts';
import type { UploadedFile } from '../platform/http/multipart.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { cleanFileName, judgeResumeUpload, KIND_WORDS, RESUME_KINDS } from './file-type.rules.ts';
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

/**
 * Checks a résumé upload (size, then kind sniffed from the bytes) and refuses it with the right code,
 * before anything is written. Returns what to store.
 */
export function acceptResume(upload: Upload, maxBytes: number): { name: string; mediaType: string; bytes: Buffer } {
  const verdict = judgeResumeUpload(upload.bytes, { maxBytes, truncated: upload.truncated });
  if (!verdict.ok) {
    if (verdict.code === 'payload_too_large') {
      throw new DomainError('payload_too_large', `file: larger than the limit of ${maxBytes} bytes`, { field: 'file', maxBytes });
    }
    if (verdict.code === 'invalid_input') throw new DomainError('invalid_input', 'file: is empty', { field: 'file' });
    throw new DomainError('unsupported_media_type', `file: the content is ${KIND_WORDS[verdict.detected]}; a résumé must be PDF, DOC, DOCX or TXT (UTF-8)`, {
      field: 'file',
      detected: verdict.detected,
      allowed: RESUME_KINDS,
    });
  }
  return { name: cleanFileName(upload.fileName, verdict.kind), mediaType: verdict.mediaType, bytes: upload.bytes };
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
