import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';

/**
 * Whether an uploaded scan is really a document a reviewer can read, judged by parsing it rather than by its
 * first bytes: a PDF must load (cross-reference table, trailer, catalog) and have a page of a paper size; a PNG
 * must decode (every chunk's CRC, the compressed image data); a JPEG must be a well-formed stream of segments
 * with a frame header, scan data and an end marker. Anything smaller than a scan can be, or with fewer pixels
 * than a legible card, is refused too. Answers a reason to show, or null when the content is acceptable.
 */

/** A legible scan of a card or a page is never smaller than this. */
export const minDocumentBytes = 1024;
/** Pixels per side: below this a card's text cannot be read; above, it is no scan but a decompression bomb. */
const minImageSide = 200;
const maxImageSide = 20_000;
const maxImagePixels = 60_000_000;
/** PDF page sides in points (1/72 inch): from a business card to an A0 sheet and a little more. */
const minPageSide = 100;
const maxPageSide = 5_000;

export async function describePdfProblem(content: Buffer): Promise<string | null> {
  const broken = '不是完整的 PDF 文件（无法解析其结构）';
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(content, { updateMetadata: false, ignoreEncryption: false });
  } catch (error) {
    if ((error as Error).name === 'EncryptedPDFError') return '文件已加密，请上传未加密的 PDF';
    return broken;
  }
  // pdf-lib loads leniently and resolves the page tree only on demand, where a missing catalog throws.
  let sizes: Array<{ width: number; height: number }>;
  try {
    sizes = document.getPages().map((page) => page.getSize());
  } catch {
    return broken;
  }
  if (sizes.length === 0) return 'PDF 文件没有页面';
  for (const { width, height } of sizes) {
    const sides = [Math.abs(width), Math.abs(height)];
    if (sides.some((side) => !Number.isFinite(side) || side < minPageSide || side > maxPageSide)) {
      return 'PDF 页面尺寸不是证件或纸张的尺寸';
    }
  }
  return null;
}

function describeImageSize(width: number, height: number): string | null {
  if (width > maxImageSide || height > maxImageSide || width * height > maxImagePixels) {
    return `图片尺寸过大（${width}×${height} 像素）`;
  }
  if (width < minImageSide || height < minImageSide) {
    return `图片分辨率过低（${width}×${height} 像素），无法看清证件内容`;
  }
  return null;
}

export function describePngProblem(content: Buffer): string | null {
  // The header's size is checked before decoding, so a small file cannot claim a huge image.
  if (content.length < 33 || content.toString('latin1', 12, 16) !== 'IHDR') return '不是完整的 PNG 图片';
  const sizeProblem = describeImageSize(content.readUInt32BE(16), content.readUInt32BE(20));
  if (sizeProblem) return sizeProblem;
  try {
    PNG.sync.read(content);
  } catch {
    return '不是完整的 PNG 图片（无法解码）';
  }
  return null;
}

// JPEG markers that stand alone (no length field): TEM and the restart markers.
const standaloneMarkers = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);
// Start-of-frame markers carry the image size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
const isFrameMarker = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks the JPEG segment by segment (ITU T.81 B.1): SOI, marker segments with their lengths, a frame header,
 * scans whose entropy-coded data runs to the next marker, and EOI. Full decoding in JavaScript takes about two
 * seconds for a 12-megapixel scan on one core, blocking every other request, so the structure is checked instead.
 */
export function describeJpegProblem(content: Buffer): string | null {
  const broken = '不是完整的 JPEG 图片';
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8) return broken;
  let offset = 2;
  let frame: { width: number; height: number } | null = null;
  let scans = 0;
  while (offset < content.length) {
    if (content[offset] !== 0xff) return broken;
    // Fill bytes (0xFF) may precede a marker.
    while (offset < content.length && content[offset] === 0xff) offset += 1;
    if (offset >= content.length) return broken;
    const marker = content[offset]!;
    offset += 1;
    if (marker === 0xd9) {
      if (!frame || scans === 0) return `${broken}（缺少图像数据）`;
      return describeImageSize(frame.width, frame.height);
    }
    if (standaloneMarkers.has(marker)) continue;
    if (offset + 2 > content.length) return broken;
    const length = content.readUInt16BE(offset);
    if (length < 2 || offset + length > content.length) return broken;
    if (isFrameMarker(marker)) {
      if (length < 8) return broken;
      frame = { height: content.readUInt16BE(offset + 3), width: content.readUInt16BE(offset + 5) };
    }
    offset += length;
    if (marker === 0xda) {
      if (!frame) return broken;
      scans += 1;
      // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart marker inside a scan.
      while (offset < content.length) {
        if (content[offset] === 0xff) {
          const next = content[offset + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            offset += 2;
            continue;
          }
          if (next === 0xff) {
            offset += 1;
            continue;
          }
          break;
        }
        offset += 1;
      }
    }
  }
  return `${broken}（缺少结束标记）`;
}

/** The problem with a file of the detected media type, or null when it is a readable document. */
export async function describeDocumentProblem(content: Buffer, mediaType: string): Promise<string | null> {
  if (content.length < minDocumentBytes) return '文件过小，不是证件的扫描件';
  switch (mediaType) {
    case 'application/pdf':
      return describePdfProblem(content);
    case 'image/png':
      return describePngProblem(content);
    case 'image/jpeg':
      return describeJpegProblem(content);
    default:
      return '只接受 PDF、JPG 或 PNG 文件';
  }
}
