import type { PDFDocument } from 'pdf-lib';
import { rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { subsettingFontkit } from './subsetting-fontkit.ts';

// What the printable PDFs (the filing receipt, the 汇总表) share: Chinese and Latin text in two fonts, lines
// written top to bottom onto as many pages as they need.

export const A4_PORTRAIT = { width: 595.28, height: 841.89 };
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
export const grey = rgb(0.45, 0.45, 0.45);

const thousandsFormats = new Map<number, Intl.NumberFormat>();

/** A number as printed: thousands separated, to the given decimals (1234.5 → 1,234.50). */
export function formatThousands(value: number, decimals: number): string {
  let format = thousandsFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    thousandsFormats.set(decimals, format);
  }
  return format.format(value);
}

/**
 * Two fonts: the machine's Chinese font, and Helvetica for what it can encode (digits, Latin letters). A fallback
 * font such as Droid Sans Fallback has no Latin glyphs at all; Helvetica has no Chinese ones.
 */
export class Fonts {
  private readonly latinCharacters: Set<number>;

  constructor(
    readonly latin: PDFFont,
    readonly chinese: PDFFont,
  ) {
    this.latinCharacters = new Set(latin.getCharacterSet());
  }

  /** Helvetica and the Chinese font embedded in the document, the latter with only the glyphs used. */
  static async embed(document: PDFDocument, cjkFont: Uint8Array): Promise<Fonts> {
    document.registerFontkit(subsettingFontkit);
    // Only the glyphs the document uses: a few kilobytes of a 2–20 MB font.
    return new Fonts(
      await document.embedFont(StandardFonts.Helvetica),
      await document.embedFont(cjkFont, { subset: true }),
    );
  }

  /** The text cut into runs of one font each. */
  runs(text: string): Array<{ text: string; font: PDFFont }> {
    const runs: Array<{ text: string; font: PDFFont }> = [];
    for (const character of text) {
      const font = this.latinCharacters.has(character.codePointAt(0)!) ? this.latin : this.chinese;
      const last = runs[runs.length - 1];
      if (last?.font === font) last.text += character;
      else runs.push({ text: character, font });
    }
    return runs;
  }

  widthOf(text: string, size: number): number {
    return this.runs(text).reduce((width, run) => width + run.font.widthOfTextAtSize(run.text, size), 0);
  }

  /** Writes the text on a page at (x, y), run by run in the font that has its glyphs. */
  drawText(page: PDFPage, text: string, at: { x: number; y: number; size: number; color?: RGB }) {
    let x = at.x;
    for (const run of this.runs(text)) {
      page.drawText(run.text, { x, y: at.y, size: at.size, font: run.font, color: at.color });
      x += run.font.widthOfTextAtSize(run.text, at.size);
    }
  }
}

/** Writes lines top to bottom, starting a new page when one is full. */
export class PageWriter {
  private page: PDFPage;
  private y = 0;
  private readonly line: number;

  constructor(
    private readonly document: PDFDocument,
    private readonly fonts: Fonts,
    private readonly layout: { size: { width: number; height: number }; margin: number; line: number } = {
      size: A4_PORTRAIT,
      margin: 48,
      line: 15,
    },
  ) {
    this.line = layout.line;
    this.page = this.newPage();
  }

  /** The width between the margins. */
  get width(): number {
    return this.layout.size.width - 2 * this.layout.margin;
  }

  private newPage(): PDFPage {
    const page = this.document.addPage([this.layout.size.width, this.layout.size.height]);
    this.y = this.layout.size.height - this.layout.margin;
    return page;
  }

  /** Starts a new page. */
  pageBreak() {
    this.page = this.newPage();
  }

  /** Whether the current page still has room for this height. */
  hasRoomFor(height: number): boolean {
    return this.y - height >= this.layout.margin;
  }

  private makeRoom(height: number) {
    if (!this.hasRoomFor(height)) this.page = this.newPage();
  }

  /** Cuts a text to a width, ending in … when cut. */
  private fit(text: string, size: number, width: number): string {
    if (this.fonts.widthOf(text, size) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.fonts.widthOf(`${cut}…`, size) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  private draw(text: string, x: number, size: number, color?: RGB) {
    this.fonts.drawText(this.page, text, { x, y: this.y, size, color });
  }

  text(text: string, options: { size?: number; color?: RGB; isCentered?: boolean } = {}) {
    const size = options.size ?? 10;
    this.makeRoom(size + 6);
    this.y -= size + 6;
    const fitted = this.fit(text, size, this.width);
    const { margin, size: page } = this.layout;
    const x = options.isCentered ? (page.width - this.fonts.widthOf(fitted, size)) / 2 : margin;
    this.draw(fitted, x, size, options.color);
  }

  /** A row of columns at the given x offsets (from the margin); a numeric last column is right-aligned. */
  columns(
    cells: string[],
    offsets: number[],
    options: { size?: number; color?: RGB; isLastNumeric?: boolean } = {},
  ) {
    const widths = offsets.map((offset, index) => (offsets[index + 1] ?? this.width + 6) - offset - 6);
    this.cells(cells, widths, {
      ...options,
      isRightAligned: cells.map((_, index) => index === cells.length - 1 && options.isLastNumeric === true),
      spacing: 6,
    });
  }

  /**
   * A row of a table: each cell in a column of the given width (left to right from the margin, `spacing` apart),
   * cut to fit, left- or right-aligned; with `isBoxed`, each cell framed.
   */
  cells(
    cells: string[],
    widths: number[],
    options: {
      size?: number;
      color?: RGB;
      isRightAligned?: boolean[];
      spacing?: number;
      isBoxed?: boolean;
    } = {},
  ) {
    const size = options.size ?? 9;
    const spacing = options.spacing ?? 0;
    const padding = options.isBoxed ? 2 : 0;
    this.makeRoom(this.line);
    this.y -= this.line;
    let start = this.layout.margin;
    cells.forEach((cell, index) => {
      const width = widths[index]!;
      if (options.isBoxed) {
        this.page.drawRectangle({
          x: start,
          y: this.y - (this.line - size) / 2 - 1,
          width,
          height: this.line,
          borderColor: grey,
          borderWidth: 0.4,
        });
      }
      const fitted = this.fit(cell, size, width - 2 * padding);
      const x = options.isRightAligned?.[index]
        ? start + width - padding - this.fonts.widthOf(fitted, size)
        : start + padding;
      this.draw(fitted, x, size, options.color);
      start += width + spacing;
    });
  }

  /**
   * A figure (a chart) of the given height across the width between the margins: `draw` gets the page, the
   * fonts and the figure's box (x, y of its lower left corner) and draws what it likes inside it.
   */
  figure(
    height: number,
    draw: (box: { page: PDFPage; fonts: Fonts; x: number; y: number; width: number; height: number }) => void,
  ) {
    this.makeRoom(height);
    this.y -= height;
    draw({ page: this.page, fonts: this.fonts, x: this.layout.margin, y: this.y, width: this.width, height });
  }

  rule() {
    this.makeRoom(8);
    this.y -= 5;
    this.page.drawLine({
      start: { x: this.layout.margin, y: this.y },
      end: { x: this.layout.size.width - this.layout.margin, y: this.y },
      thickness: 0.5,
      color: grey,
    });
  }

  gap(height = 8) {
    this.y -= height;
  }
}
