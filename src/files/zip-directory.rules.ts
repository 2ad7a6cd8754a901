/**
 * The member names of a ZIP archive, read the way zip readers do: from the end-of-central-directory
 * record, which sits in the last 22 + 65,535 (comment) bytes, then along the central directory it
 * points to. Every step moves forward by at least one fixed-size header, the walk stops after
 * `MAX_ZIP_ENTRIES` entries, and a name longer than `MAX_ZIP_NAME_BYTES` ends the walk, so any file
 * is read in time linear in its size and constant extra memory — a file stuffed with overlapping
 * local headers claiming 64 KB names cannot make the server decode a name at every marker.
 *
 * A file whose end record is missing (cut short) is walked from its first local header, header after
 * header by the sizes each one states, with the same caps; it never searches the bytes for markers.
 */

export const MAX_ZIP_ENTRIES = 4096;
export const MAX_ZIP_NAME_BYTES = 1024;
/** The end record is 22 bytes and may be followed by a comment of up to 65,535 bytes. */
export const ZIP_END_SEARCH_BYTES = 22 + 0xffff;

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
/** General-purpose flag bit 3: sizes follow the data, so a local header alone cannot say where the next one starts. */
const DATA_DESCRIPTOR_FLAG = 0x08;

/** How much the walk looked at: the regression guard for hostile archives (bounded work, not wall time). */
export type ZipWork = { bytesExamined: number; entriesExamined: number };
export type ZipWalk = { source: 'central-directory' | 'local-headers' | 'none'; stopped: 'end' | 'entry-cap' | 'name-too-long' | 'malformed'; work: ZipWork };

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** Where the end-of-central-directory record starts, searching backwards only within its possible span. */
function findEndRecord(b: Uint8Array, work: ZipWork): number {
  const lowest = Math.max(0, b.length - ZIP_END_SEARCH_BYTES);
  for (let at = b.length - END_RECORD; at >= lowest; at--) {
    work.bytesExamined++;
    if (b[at] !== 0x50 || u32(b, at) !== END_SIG) continue;
    work.bytesExamined += END_RECORD;
    // The comment must end exactly at the end of the file, as zip readers require; else a stray marker in data.
    if (at + END_RECORD + u16(b, at + 20) === b.length) return at;
  }
  return -1;
}

/**
 * Calls `visit` with each member name's bytes (a view, never a copy) in archive order, at most
 * MAX_ZIP_ENTRIES times; answers where the names came from, why the walk stopped and its work.
 */
export function walkZipEntries(b: Uint8Array, visit: (name: Uint8Array) => void): ZipWalk {
  const work: ZipWork = { bytesExamined: 0, entriesExamined: 0 };
  const end = findEndRecord(b, work);
  if (end >= 0) return { source: 'central-directory', stopped: walkCentralDirectory(b, end, visit, work), work };
  if (b.length >= LOCAL_HEADER && u32(b, 0) === LOCAL_SIG) return { source: 'local-headers', stopped: walkLocalHeaders(b, visit, work), work };
  return { source: 'none', stopped: 'malformed', work };
}

function walkCentralDirectory(b: Uint8Array, end: number, visit: (name: Uint8Array) => void, work: ZipWork): ZipWalk['stopped'] {
  const count = u16(b, end + 10);
  const start = u32(b, end + 16);
  const limit = Math.min(end, start + u32(b, end + 12));
  let at = start;
  for (let i = 0; i < count; i++) {
    if (work.entriesExamined >= MAX_ZIP_ENTRIES) return 'entry-cap';
    if (at + CENTRAL_HEADER > limit || u32(b, at) !== CENTRAL_SIG) return 'malformed';
    work.entriesExamined++;
    work.bytesExamined += CENTRAL_HEADER;
    const nameLength = u16(b, at + 28);
    if (nameLength > MAX_ZIP_NAME_BYTES) return 'name-too-long';
    const nameAt = at + CENTRAL_HEADER;
    if (nameAt + nameLength > limit) return 'malformed';
    visit(b.subarray(nameAt, nameAt + nameLength));
    at = nameAt + nameLength + u16(b, at + 30) + u16(b, at + 32);
  }
  return 'end';
}

function walkLocalHeaders(b: Uint8Array, visit: (name: Uint8Array) => void, work: ZipWork): ZipWalk['stopped'] {
  let at = 0;
  while (at + LOCAL_HEADER <= b.length && u32(b, at) === LOCAL_SIG) {
    if (work.entriesExamined >= MAX_ZIP_ENTRIES) return 'entry-cap';
    work.entriesExamined++;
    work.bytesExamined += LOCAL_HEADER;
    const nameLength = u16(b, at + 26);
    if (nameLength > MAX_ZIP_NAME_BYTES) return 'name-too-long';
    const nameAt = at + LOCAL_HEADER;
    if (nameAt + nameLength > b.length) return 'malformed';
    visit(b.subarray(nameAt, nameAt + nameLength));
    if (u16(b, at + 6) & DATA_DESCRIPTOR_FLAG) return 'end';
    at = nameAt + nameLength + u16(b, at + 28) + u32(b, at + 18);
  }
  return 'end';
}

/** Which of `wanted` are member names of the archive (names compared as bytes; constant memory). */
export function zipMembersAmong(b: Uint8Array, wanted: readonly string[]): { found: Set<string>; walk: ZipWalk } {
  const encoded = wanted.map((w) => ({ name: w, bytes: new TextEncoder().encode(w) }));
  const found = new Set<string>();
  let compared = 0;
  const walk = walkZipEntries(b, (name) => {
    for (const w of encoded) {
      if (name.length !== w.bytes.length || found.has(w.name)) continue;
      compared += name.length;
      if (w.bytes.every((v, i) => name[i] === v)) found.add(w.name);
    }
  });
  walk.work.bytesExamined += compared;
  return { found, walk };
}
