import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, detectFileKind, judgeResumeUpload, sniffFile } from '../../src/files/file-type.rules.ts';
import { MAX_ZIP_ENTRIES, walkZipEntries, ZIP_END_SEARCH_BYTES } from '../../src/files/zip-directory.rules.ts';
import { minimalDoc, minimalDocx, minimalExe, minimalPdf, minimalPng, minimalXlsx, utf8Text, zipOf } from '../support/file-fixtures.ts';

const MAX = 10 * 1024;

describe('résumé type from the bytes', () => {
  it.each([
    ['PDF', minimalPdf(), 'pdf', 'application/pdf'],
    ['DOC (OLE2 with a WordDocument stream)', minimalDoc(), 'doc', 'application/msword'],
    ['DOCX (ZIP holding word/document.xml)', minimalDocx(), 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['UTF-8 text with Chinese', utf8Text(), 'txt', 'text/plain; charset=utf-8'],
    ['UTF-8 text with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8Text()]), 'txt', 'text/plain; charset=utf-8'],
  ])('accepts %s', (_, bytes, kind, mediaType) => {
    expect(judgeResumeUpload(bytes, { maxBytes: MAX })).toEqual({ ok: true, kind, mediaType });
  });

  it.each([
    ['a PNG renamed .pdf', minimalPng(), 'png'],
    ['a Windows program', minimalExe(), 'exe'],
    ['an ELF program', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'elf'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), 'jpeg'],
    ['a plain ZIP', zipOf({ 'a.txt': 'hello' }), 'zip'],
    ['an XLSX', minimalXlsx(), 'xlsx'],
    ['an XLS in OLE2', minimalDoc('Workbook'), 'xls'],
    ['GBK text (not UTF-8)', Buffer.from([0xd5, 0xc5, 0xce, 0xb0, 0x0a, 0xbc, 0xf2, 0xc0, 0xfa]), 'text-not-utf8'],
    ['text with NUL bytes (UTF-16)', Buffer.from('résumé', 'utf16le'), 'binary'],
    ['control characters', Buffer.from(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))), 'binary'],
    ['an RTF', Buffer.from('{\\rtf1\\ansi Hello}'), 'rtf'],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'html'],
    ['gzip', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'gzip'],
  ])('refuses %s, naming what it is', (_, bytes, detected) => {
    expect(judgeResumeUpload(bytes, { maxBytes: MAX })).toEqual({ ok: false, code: 'unsupported_media_type', detected });
  });

  it('refuses a PDF that is one byte over the limit and accepts one exactly at it', () => {
    const pdf = minimalPdf();
    expect(judgeResumeUpload(pdf, { maxBytes: pdf.length })).toMatchObject({ ok: true, kind: 'pdf' });
    expect(judgeResumeUpload(pdf, { maxBytes: pdf.length - 1 })).toEqual({ ok: false, code: 'payload_too_large', sizeBytes: pdf.length, maxBytes: pdf.length - 1 });
  });

  it('refuses a file the upload limit truncated, even though its head looks fine', () => {
    expect(judgeResumeUpload(minimalPdf().subarray(0, 100), { maxBytes: 100, truncated: true })).toMatchObject({ ok: false, code: 'payload_too_large' });
  });

  it('refuses an empty file', () => {
    expect(detectFileKind(Buffer.alloc(0))).toBe('empty');
    expect(judgeResumeUpload(Buffer.alloc(0), { maxBytes: MAX })).toEqual({ ok: false, code: 'invalid_input', reason: 'empty' });
  });

  it('reads DOCX member names from the central directory, and header by header when the directory is cut off', () => {
    const docx = minimalDocx();
    const names: string[] = [];
    expect(walkZipEntries(docx, (n) => names.push(Buffer.from(n).toString('utf8')))).toMatchObject({ source: 'central-directory', stopped: 'end' });
    expect(names).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(walkZipEntries(docx.subarray(0, docx.length - 40), () => undefined)).toMatchObject({ source: 'local-headers' });
    expect(detectFileKind(docx.subarray(0, docx.length - 40))).toBe('docx');
  });

  it('tells an OLE2 file without a directory apart from nothing: the DOC magic decides', () => {
    const bare = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(detectFileKind(bare)).toBe('doc');
  });
});

/** Local file headers claiming 64 KB names, one every `step` bytes, so each header's name holds the next markers (the attack of issue 7). */
function overlappingLocalHeaders(size: number, step = 32): Buffer {
  const b = Buffer.alloc(size, 0x41);
  for (let at = 0; at + 30 <= size; at += step) {
    b.writeUInt32LE(0x04034b50, at);
    b.writeUInt16LE(0xffff, at + 26); // name length
    b.writeUInt16LE(0xffff, at + 28); // extra length
  }
  return b;
}

describe('hostile archives are sniffed in bounded work', () => {
  it.each([
    ['240 KB', 240 * 1024],
    ['10 MB (the upload limit)', 10 * 1024 * 1024],
  ])('overlapping local headers with 64 KB names, %s: refused as a ZIP after a bounded look', (_, size) => {
    const hostile = overlappingLocalHeaders(size);
    const { kind, zipWork } = sniffFile(hostile);
    expect(kind).toBe('zip');
    expect(judgeResumeUpload(hostile, { maxBytes: 10 * 1024 * 1024 })).toEqual({ ok: false, code: 'unsupported_media_type', detected: 'zip' });
    // The end-record search over its 64 KB span, then one header: not a name decoded at every marker.
    expect(zipWork!.entriesExamined).toBeLessThanOrEqual(1);
    expect(zipWork!.bytesExamined).toBeLessThanOrEqual(ZIP_END_SEARCH_BYTES + 200);
  });

  it('a central directory of thousands of tiny entries stops at the entry cap; work stays linear in the size', () => {
    const names: Record<string, string> = {};
    for (let i = 0; i < MAX_ZIP_ENTRIES + 500; i++) names[`f${i}`] = '';
    const zip = zipOf({ ...names, 'word/document.xml': '<w/>' });
    const { kind, zipWork } = sniffFile(zip);
    expect(kind).toBe('zip'); // word/document.xml lies beyond the cap: not trusted as a DOCX
    expect(zipWork!.entriesExamined).toBe(MAX_ZIP_ENTRIES);
    expect(zipWork!.bytesExamined).toBeLessThan(ZIP_END_SEARCH_BYTES + zip.length);
  });

  it('an end record pointing at overlapping headers, or claiming 65,535 entries, ends the walk at once', () => {
    const hostile = overlappingLocalHeaders(100_000);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(100_000, 12);
    end.writeUInt32LE(0, 16);
    const { kind, zipWork } = sniffFile(Buffer.concat([hostile, end]));
    expect(kind).toBe('zip');
    expect(zipWork!.entriesExamined).toBe(0);
  });

  it('a central directory entry with a name over the cap ends the walk', () => {
    const zip = zipOf({ ['x'.repeat(2000)]: '', 'word/document.xml': '<w/>' });
    expect(walkZipEntries(zip, () => undefined)).toMatchObject({ source: 'central-directory', stopped: 'name-too-long' });
    expect(detectFileKind(zip)).toBe('zip');
  });

  it('real DOCX and PDF files still pass, and an empty ZIP is a ZIP', () => {
    expect(sniffFile(minimalDocx())).toMatchObject({ kind: 'docx', zipWork: { entriesExamined: 2 } });
    expect(sniffFile(minimalPdf())).toEqual({ kind: 'pdf', zipWork: null });
    expect(detectFileKind(zipOf({}))).toBe('zip');
  });
});

describe('download names', () => {
  it('keeps the last path segment without control characters, with the extension of the detected kind', () => {
    expect(cleanFileName('C:\\Users\\me\\张伟-简历.pdf', 'pdf')).toBe('张伟-简历.pdf');
    expect(cleanFileName('../../etc/passwd\n', 'txt')).toBe('passwd.txt');
    expect(cleanFileName('', 'docx', 'resume')).toBe('resume.docx');
    expect(cleanFileName(undefined, 'pdf')).toBe('file.pdf');
    expect(cleanFileName('简历.exe', 'pdf')).toBe('简历.pdf');
    expect(cleanFileName('photo.JPEG', 'jpeg')).toBe('photo.jpg');
  });

  it('drops bidi, zero-width and control characters, so a name cannot show another extension than it has', () => {
    expect(cleanFileName('cv\u202Efdp.exe', 'pdf')).toBe('cvfdp.pdf');
    expect(cleanFileName('cv\u202Efdp.exe', 'docx')).toBe('cvfdp.docx');
    expect(cleanFileName('\u200B\u2067\u200F.pdf', 'pdf', 'resume')).toBe('resume.pdf');
    expect(cleanFileName('Re\u0301sume\u0301.pdf', 'pdf')).toBe('Résumé.pdf'); // NFC
    expect(cleanFileName('a\u0000b\u0085c.txt', 'txt')).toBe('abc.txt');
  });

  it('cuts long names to 200 characters including the extension', () => {
    const long = `${'简'.repeat(300)}.pdf`;
    expect([...cleanFileName(long, 'pdf')].length).toBe(200);
    expect(cleanFileName(long, 'pdf').endsWith('.pdf')).toBe(true);
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('resume.pdf')).toBe(`attachment; filename="resume.pdf"; filename*=UTF-8''resume.pdf`);
    expect(contentDisposition('张伟 简历(2026).pdf')).toBe(
      `attachment; filename="__ __(2026).pdf"; filename*=UTF-8''%E5%BC%A0%E4%BC%9F%20%E7%AE%80%E5%8E%86%282026%29.pdf`,
    );
    expect(contentDisposition('a"b\\c.txt')).toContain('filename="a_b_c.txt"');
  });
});
