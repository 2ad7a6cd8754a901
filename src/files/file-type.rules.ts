/**
 * What an uploaded file really is, decided from its bytes (never from its name or the browser's
 * Content-Type, which anyone can set). Résumés may be PDF, DOC, DOCX or TXT; everything else is
 * refused naming what was found, so the user knows why ("this is a PNG image").
 */

import { normalizeText } from '../platform/text.ts';
import { zipMembersAmong, type ZipWork } from './zip-directory.rules.ts';

/** Kinds Tenure may store at all (each upload path allows some of them). */
export const STORABLE_KINDS = ['pdf', 'doc', 'docx', 'txt', 'png', 'jpeg'] as const;
export type StorableKind = (typeof STORABLE_KINDS)[number];
export const RESUME_KINDS = ['pdf', 'doc', 'docx', 'txt'] as const satisfies readonly StorableKind[];
export type ResumeKind = (typeof RESUME_KINDS)[number];

/** Kinds we recognise well enough to name in a refusal. */
export type DetectedKind =
  | StorableKind
  | 'empty'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'tiff'
  | 'exe'
  | 'elf'
  | 'mach-o'
  | 'zip'
  | 'xlsx'
  | 'pptx'
  | 'odt'
  | 'xls'
  | 'ppt'
  | 'rar'
  | '7z'
  | 'gzip'
  | 'rtf'
  | 'html'
  | 'text-not-utf8'
  | 'binary';

export const MEDIA_TYPE_OF: Readonly<Record<StorableKind, string>> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

/** The extension a downloaded file gets: the detected kind's, whatever name the uploader's file had. */
export const EXTENSION_OF: Readonly<Record<StorableKind, string>> = { pdf: 'pdf', doc: 'doc', docx: 'docx', txt: 'txt', png: 'png', jpeg: 'jpg' };

/** Words for refusals ("the file is a PNG image"). */
export const KIND_WORDS: Readonly<Record<DetectedKind, string>> = {
  pdf: 'a PDF document',
  doc: 'a Word 97–2003 document (DOC)',
  docx: 'a Word document (DOCX)',
  txt: 'a UTF-8 text file',
  empty: 'empty',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tiff: 'a TIFF image',
  exe: 'a Windows program (EXE/DLL)',
  elf: 'a Linux program (ELF)',
  'mach-o': 'a macOS program (Mach-O)',
  zip: 'a ZIP archive',
  xlsx: 'an Excel workbook (XLSX)',
  pptx: 'a PowerPoint presentation (PPTX)',
  odt: 'an OpenDocument file',
  xls: 'an Excel 97–2003 workbook (XLS)',
  ppt: 'a PowerPoint 97–2003 presentation (PPT)',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gzip: 'a gzip archive',
  rtf: 'an RTF document',
  html: 'an HTML page',
  'text-not-utf8': 'text that is not UTF-8 (save it as UTF-8, or upload a PDF)',
  binary: 'an unrecognised binary file',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const utf16le = (s: string): number[] => [...s].flatMap((c) => [c.charCodeAt(0), 0]);

function indexOf(b: Uint8Array, needle: readonly number[], from = 0, to = b.length): number {
  const first = needle[0];
  const last = Math.min(to, b.length) - needle.length;
  for (let i = from; i <= last; i++) {
    if (b[i] !== first) continue;
    let ok = true;
    for (let j = 1; j < needle.length; j++) {
      if (b[i + j] !== needle[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OFFICE_MARKERS = ['word/document.xml', 'xl/workbook.xml', 'ppt/presentation.xml', 'mimetype', 'content.xml'] as const;

function zipKind(b: Uint8Array): { kind: DetectedKind; work: ZipWork } {
  const { found, walk } = zipMembersAmong(b, OFFICE_MARKERS);
  const kind: DetectedKind = found.has('word/document.xml')
    ? 'docx'
    : found.has('xl/workbook.xml')
      ? 'xlsx'
      : found.has('ppt/presentation.xml')
        ? 'pptx'
        : found.has('mimetype') && found.has('content.xml')
          ? 'odt'
          : 'zip';
  return { kind, work: walk.work };
}

/**
 * An OLE2 compound file is a DOC unless its directory names only an Excel or PowerPoint stream
 * (an XLS renamed .doc). Directory entry names are UTF-16LE.
 */
function ole2Kind(b: Uint8Array): DetectedKind {
  if (indexOf(b, utf16le('WordDocument')) >= 0) return 'doc';
  if (indexOf(b, utf16le('Workbook')) >= 0 || indexOf(b, utf16le('Book\0')) >= 0) return 'xls';
  if (indexOf(b, utf16le('PowerPoint Document')) >= 0) return 'ppt';
  return 'doc';
}

/** Text: valid UTF-8, no NUL byte, and at least 95% printable characters (tabs and line breaks count). */
function textKind(b: Uint8Array): DetectedKind {
  if (b.includes(0)) return 'binary';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return hasMostlyPrintableBytes(b) ? 'text-not-utf8' : 'binary';
  }
  let total = 0;
  let control = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || (c >= 0x80 && c < 0xa0)) control++;
  }
  if (control * 20 > total) return 'binary';
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 64).toLowerCase();
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return 'txt';
}

/** GBK/Big5 text fails UTF-8 decoding but is not a program: say so, rather than "binary". */
function hasMostlyPrintableBytes(b: Uint8Array): boolean {
  let control = 0;
  for (const v of b) if (v < 0x20 && v !== 0x09 && v !== 0x0a && v !== 0x0d) control++;
  return control * 20 <= b.length;
}

/**
 * What a file is, with how much of a ZIP archive's structure was examined to tell (null for other
 * kinds, whose checks are single linear passes). Any file up to the upload limit is judged in time
 * linear in its size: the only structure followed is a ZIP's, and zip-directory.rules.ts bounds that.
 */
export function sniffFile(b: Uint8Array): { kind: DetectedKind; zipWork: ZipWork | null } {
  if (startsWith(b, ZIP_LOCAL) || startsWith(b, ZIP_EMPTY)) {
    const { kind, work } = zipKind(b);
    return { kind, zipWork: work };
  }
  return { kind: detectNonZipKind(b), zipWork: null };
}

export function detectFileKind(b: Uint8Array): DetectedKind {
  return sniffFile(b).kind;
}

function detectNonZipKind(b: Uint8Array): DetectedKind {
  if (b.length === 0) return 'empty';
  if (startsWith(b, ascii('%PDF-'))) return 'pdf';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ole2Kind(b);
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(b, ascii('BM')) && b.length >= 26 && u32(b, 2) === b.length) return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, ascii('MZ'))) return 'exe';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => startsWith(b, s))) return 'mach-o';
  if (startsWith(b, ascii('Rar!\x1a\x07'))) return 'rar';
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  return textKind(b);
}

export type UploadVerdict<K extends StorableKind> =
  | { ok: true; kind: K; mediaType: string }
  | { ok: false; code: 'payload_too_large'; sizeBytes: number; maxBytes: number }
  | { ok: false; code: 'invalid_input'; reason: 'empty' }
  | { ok: false; code: 'unsupported_media_type'; detected: DetectedKind };

/**
 * Whether an upload may be stored as one of `allowed`: size first (a truncated file is never judged
 * by its head), then the kind sniffed from the bytes. Résumés and evidence alike come through here.
 */
export function judgeUpload<K extends StorableKind>(b: Uint8Array, opts: { maxBytes: number; allowed: readonly K[]; truncated?: boolean }): UploadVerdict<K> {
  if (opts.truncated || b.length > opts.maxBytes) return { ok: false, code: 'payload_too_large', sizeBytes: b.length, maxBytes: opts.maxBytes };
  const kind = detectFileKind(b);
  if (kind === 'empty') return { ok: false, code: 'invalid_input', reason: 'empty' };
  const allowed = opts.allowed.find((k) => k === kind);
  if (allowed === undefined) return { ok: false, code: 'unsupported_media_type', detected: kind };
  return { ok: true, kind: allowed, mediaType: MEDIA_TYPE_OF[allowed] };
}

export function judgeResumeUpload(b: Uint8Array, opts: { maxBytes: number; truncated?: boolean }): UploadVerdict<ResumeKind> {
  return judgeUpload(b, { ...opts, allowed: RESUME_KINDS });
}

const MAX_NAME_CHARS = 200;

/**
 * The name to keep for a download: the last path segment of what the browser sent, NFC, without control,
 * zero-width or direction-changing characters, at most 200 characters, and always ending in the extension
 * of the detected kind (`cv\u202Efdp.exe` sniffed as a PDF is kept as `cvfdp.pdf`); `fallback.<ext>` when
 * nothing is left.
 */
export function cleanFileName(name: string | undefined, kind: StorableKind, fallback = 'file'): string {
  const base = normalizeText(name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/"/g, '').trim();
  const dot = clean.lastIndexOf('.');
  // The sender's extension goes (it may lie); a dot far from the end is part of the name.
  const stem = (dot >= 0 && clean.length - dot <= 10 ? clean.slice(0, dot) : clean).replace(/[.\s]+$/, '').trim();
  const ext = `.${EXTENSION_OF[kind]}`;
  const kept = stem === '' || stem === '.' || stem === '..' ? fallback : [...stem].slice(0, MAX_NAME_CHARS - ext.length).join('');
  return `${kept}${ext}`;
}
/**
 * `Content-Disposition: attachment` with the name twice: an ASCII fallback for old clients and the
 * exact UTF-8 name in RFC 5987/6266 form (`filename*=UTF-8''…`), which keeps Chinese names intact.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
