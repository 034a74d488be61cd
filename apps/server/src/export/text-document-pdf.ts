import { PDFDocument } from 'pdf-lib';
import { A4_PORTRAIT, Fonts, grey, PageWriter } from './pdf-page-writer.ts';

// A plain document as a PDF (the survey's 制度, a filing manual): a title, then headings and paragraphs wrapped to
// the page's width, over as many pages as they need.

/** A block of the document: a heading, a paragraph, or a small grey note. */
export type DocumentBlock = { heading: string } | { paragraph: string } | { note: string };

/** Cuts a text into lines no wider than the width (Chinese wraps between any two characters). */
export function wrapText(fonts: Fonts, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const character of text) {
    if (line !== '' && fonts.widthOf(line + character, size) > width) {
      lines.push(line);
      line = '';
    }
    line += character;
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** The document as a PDF, its Chinese text in a subset of the given font. */
export async function buildTextDocumentPdf(
  document: { title: string; blocks: DocumentBlock[] },
  cjkFont: Uint8Array,
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const fonts = await Fonts.embed(pdf, cjkFont);
  pdf.setTitle(document.title);
  pdf.setCreator('软件和信息技术服务业统计直报系统');
  const writer = new PageWriter(pdf, fonts, { size: A4_PORTRAIT, margin: 56, line: 15 });
  writer.text(document.title, { size: 16, isCentered: true });
  writer.gap(8);
  for (const block of document.blocks) {
    if ('heading' in block) {
      writer.gap(6);
      for (const line of wrapText(fonts, block.heading, 12, writer.width)) writer.text(line, { size: 12 });
    } else {
      const isNote = 'note' in block;
      const size = isNote ? 8 : 10;
      const text = isNote ? block.note : block.paragraph;
      for (const line of wrapText(fonts, text, size, writer.width))
        writer.text(line, { size, color: isNote ? grey : undefined });
    }
  }
  return Buffer.from(await pdf.save());
}
