import { crc32 } from 'node:zlib';

/** Small but real files of each kind, built byte by byte, for upload tests. */

export function minimalPdf(text = 'Resume'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 20 100 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 20 100 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An OLE2 compound file (header, FAT sector, directory sector) whose directory holds a `WordDocument` stream. */
export function minimalDoc(streamName = 'WordDocument'): Buffer {
  const SECTOR = 512;
  const buf = Buffer.alloc(SECTOR * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x003e, 24); // minor version
  buf.writeUInt16LE(0x0003, 26); // major version 3: 512-byte sectors
  buf.writeUInt16LE(0xfffe, 28); // little-endian
  buf.writeUInt16LE(9, 30); // sector shift
  buf.writeUInt16LE(6, 32); // mini sector shift
  buf.writeUInt32LE(1, 44); // FAT sectors
  buf.writeUInt32LE(1, 48); // first directory sector
  buf.writeUInt32LE(4096, 56); // mini stream cutoff
  buf.writeUInt32LE(0xfffffffe, 60); // no mini FAT
  buf.writeUInt32LE(0xfffffffe, 68); // no DIFAT sectors
  buf.writeUInt32LE(0, 76); // DIFAT[0]: FAT in sector 0
  for (let i = 1; i < 109; i++) buf.writeUInt32LE(0xffffffff, 76 + i * 4);
  const fat = SECTOR; // sector 0
  buf.writeUInt32LE(0xfffffffd, fat); // sector 0 is the FAT
  buf.writeUInt32LE(0xfffffffe, fat + 4); // sector 1: directory, end of chain
  for (let i = 2; i < 128; i++) buf.writeUInt32LE(0xffffffff, fat + i * 4);
  const dir = SECTOR * 2; // sector 1
  const entry = (at: number, name: string, type: number, child: number) => {
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(buf, at);
    buf.writeUInt16LE(n.length, at + 64);
    buf.writeUInt8(type, at + 66);
    buf.writeUInt8(1, at + 67); // black
    buf.writeUInt32LE(0xffffffff, at + 68);
    buf.writeUInt32LE(0xffffffff, at + 72);
    buf.writeUInt32LE(child, at + 76);
    buf.writeUInt32LE(0xfffffffe, at + 116); // start sector: none (empty stream)
  };
  entry(dir, 'Root Entry', 5, 1);
  entry(dir + 128, streamName, 2, 0xffffffff);
  return buf;
}

/** A ZIP archive with stored (uncompressed) entries, central directory and end record. */
export function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function minimalDocx(text = '张伟 简历'): Buffer {
  return zipOf({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
}

export function minimalXlsx(): Buffer {
  return zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
}

export function utf8Text(text = '张伟\n手机 138 0013 8000\nJava 架构师，10 年经验。\n'): Buffer {
  return Buffer.from(text, 'utf8');
}

export function minimalPng(): Buffer {
  return Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1e1b40000000049454e44ae426082', 'hex');
}

export function minimalExe(): Buffer {
  const b = Buffer.alloc(256, 0);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}
