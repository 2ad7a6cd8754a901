import type { Db } from '../platform/db/database.ts';
import type { FilesTable } from '../platform/db/schema.ts';

/** A stored file without its bytes. */
export type FileMeta = { id: string; orgId: string; uploadedBy: string; originalName: string; mediaType: string; sizeBytes: number; sha256: string; createdAt: string };

const META_COLUMNS = ['id', 'org_id', 'uploaded_by', 'original_name', 'media_type', 'size_bytes', 'sha256', 'created_at'] as const;

const toMeta = (r: Omit<FilesTable, 'content'>): FileMeta => ({
  id: r.id,
  orgId: r.org_id,
  uploadedBy: r.uploaded_by,
  originalName: r.original_name,
  mediaType: r.media_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  createdAt: r.created_at,
});

export async function insertFile(db: Db, row: FilesTable): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

/** Unscoped: callers decide access through the area that references the file. */
export async function findFileMeta(db: Db, fileId: string): Promise<FileMeta | undefined> {
  const row = await db.selectFrom('files').select(META_COLUMNS).where('id', '=', fileId).executeTakeFirst();
  return row && toMeta(row);
}

export async function findFileMetas(db: Db, fileIds: readonly string[]): Promise<FileMeta[]> {
  if (fileIds.length === 0) return [];
  const rows = await db.selectFrom('files').select(META_COLUMNS).where('id', 'in', [...fileIds]).execute();
  return rows.map(toMeta);
}

export async function findFileContent(db: Db, fileId: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('files').select('content').where('id', '=', fileId).executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}
