import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made zip: its deflated bytes and what the headers will claim about it. */
export interface ZipEntry {
  name: string;
  deflated: Buffer;
  crc: number;
  uncompressedSize: number;
}

/** Deflates `chunk` repeated `times` times as a stream, so a 200 MB entry never sits in memory. */
export async function deflatedRepeat(chunk: Buffer, times: number): Promise<Omit<ZipEntry, 'name'>> {
  const deflate = createDeflateRaw({ level: 9 });
  const output: Buffer[] = [];
  deflate.on('data', (data: Buffer) => output.push(data));
  const finished = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let index = 0; index < times; index += 1) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await finished;
  return { deflated: Buffer.concat(output), crc, uncompressedSize: chunk.length * times };
}

/**
 * A zip archive written by hand, because a zip bomb is exactly what zip libraries refuse to write:
 * the headers say what `entry.uncompressedSize` says, true or not.
 */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const spreadsheetNamespace = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationshipNamespace = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const relationshipType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function xmlEntry(name: string, xml: string): ZipEntry {
  const data = Buffer.from(xml, 'utf8');
  return { name, deflated: deflateRawSync(data), crc: crc32(data), uncompressedSize: data.length };
}

/**
 * The smallest workbook Excel and exceljs open, written part by part so a test can blow up one part
 * (the shared strings, the styles) the way a crafted upload does, far beyond what Excel itself would write.
 */
export function handMadeWorkbook(parts: { sharedStrings?: number; cellFormats?: number } = {}): Buffer {
  const sharedStrings = Math.max(parts.sharedStrings ?? 1, 1);
  const cellFormats = Math.max(parts.cellFormats ?? 1, 1);
  const strings: string[] = [];
  for (let index = 0; index < sharedStrings; index += 1) strings.push(`<si><t>s${index}</t></si>`);
  const formats: string[] = [];
  for (let index = 0; index < cellFormats; index += 1)
    formats.push(`<xf numFmtId="${index}" fontId="0" fillId="0" borderId="0"/>`);
  return zipOf([
    xmlEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ),
    xmlEntry(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationshipType}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    xmlEntry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${spreadsheetNamespace}" xmlns:r="${relationshipNamespace}"><sheets><sheet name="企业名录" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    xmlEntry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${relationshipType}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${relationshipType}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${relationshipType}/styles" Target="styles.xml"/></Relationships>`,
    ),
    xmlEntry(
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${spreadsheetNamespace}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
    ),
    xmlEntry(
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${spreadsheetNamespace}" count="${sharedStrings}" uniqueCount="${sharedStrings}">${strings.join('')}</sst>`,
    ),
    xmlEntry(
      'xl/styles.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${spreadsheetNamespace}">` +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        `<cellXfs count="${cellFormats}">${formats.join('')}</cellXfs></styleSheet>`,
    ),
  ]);
}
