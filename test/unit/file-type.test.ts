import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, detectFileKind, judgeResumeUpload, zipEntryNames } from '../../src/files/file-type.rules.ts';
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

  it('finds DOCX member names from local headers when the central directory is cut off', () => {
    const docx = minimalDocx();
    expect(zipEntryNames(docx)).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(detectFileKind(docx.subarray(0, docx.length - 40))).toBe('docx');
  });

  it('tells an OLE2 file without a directory apart from nothing: the DOC magic decides', () => {
    const bare = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(detectFileKind(bare)).toBe('doc');
  });
});

describe('download names', () => {
  it('keeps the last path segment without control characters', () => {
    expect(cleanFileName('C:\\Users\\me\\张伟-简历.pdf', 'pdf')).toBe('张伟-简历.pdf');
    expect(cleanFileName('../../etc/passwd\n', 'txt')).toBe('passwd');
    expect(cleanFileName('', 'docx')).toBe('resume.docx');
    expect(cleanFileName(undefined, 'pdf')).toBe('resume.pdf');
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
