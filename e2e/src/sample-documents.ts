import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A one-page A4 PDF with a few lines of text: what a scanner's PDF of a licence or a letter amounts to, and
 * complete enough for the server's parser (which refuses files that only start like a PDF).
 */
export async function samplePdf(title: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let line = 0; line < 12; line += 1) {
    page.drawText(`${title} - line ${line + 1}`, { x: 50, y: 780 - line * 24, size: 14, font });
  }
  return Buffer.from(await document.save());
}
