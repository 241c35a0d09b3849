import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkitNamespace from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFHexString,
  beginText,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
  type Color,
  type PDFFont,
  type PDFImage,
  type PDFName,
  type PDFPage,
} from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * A small flowing-layout engine over pdf-lib for the documents the core prints: the child's
 * subject-access report and the bilingual contract. Electron-free (runs in the CLI, web host
 * and tests alike). A4 portrait, 20 mm margins, DejaVu Sans embedded as a subset.
 *
 * Everything — text, rules, images, the page footer — stays inside the margins: the content
 * area's bottom is raised by a footer band, and the footer ("X / Y") sits in that band.
 * The footer is language-neutral on purpose: the contract is Kazakh and Russian on the same
 * page, "X / Y" reads the same in both, and nothing needs translating.
 */

/** The umd package: Node's ESM loader puts the real object on `default`, bundlers may not. */
const fontkit = ((fontkitNamespace as unknown as { default?: unknown }).default ??
  fontkitNamespace) as typeof fontkitNamespace;

export type PdfLanguage = 'kk' | 'ru';
export type TextAlign = 'left' | 'center' | 'right';

export interface PdfDocumentOptions {
  /**
   * Document title: stored in the PDF metadata and shown in a viewer's title bar, the print
   * queue and the file's properties. It must NOT contain personal data — no names, IINs,
   * birth dates or addresses. "Договор № 2025-0042" or "Subject-access report" are fine.
   */
  title: string;
  /** The document's main language, written as the PDF's /Lang. */
  language: PdfLanguage;
  /** Folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf; default resources/fonts. */
  fontsDir?: string;
  /** Creation (and modification) date; pass a fixed one for byte-identical output. */
  creationDate?: Date;
}

export interface ParagraphOptions {
  bold?: boolean;
  /** Font size in points, 10.5 by default (kept within 4…48). */
  size?: number;
  align?: TextAlign;
}

export interface KeyValueTableOptions {
  /** Share of the content width given to the label column, 0.36 by default. */
  labelWidth?: number;
  size?: number;
}

export interface TwoColumnsOptions {
  bold?: boolean;
  size?: number;
  /** A thin rule between the columns; on by default. */
  divider?: boolean;
}

export interface SignatureParty {
  title: string;
  lines: readonly string[];
}

export interface FinishOptions {
  /** Two-sided printing: each document of a batch starts on a new sheet. */
  sheetPerDocument?: boolean;
}

export interface ImageOptions {
  widthMm: number;
  align?: TextAlign;
}

export interface QrCodeOptions {
  align?: TextAlign;
}

export const PRODUCER = 'Balabaqsha Desk';

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 20 * MM;
const FOOTER_BAND = 8 * MM; // inside the bottom margin box: content stops above it
const FOOTER_SIZE = 8.5;
const BODY_SIZE = 10.5;
const LINE_HEIGHT = 1.35; // × font size
const PARAGRAPH_GAP = 2.5 * MM;
const CELL_PAD_X = 1.5 * MM;
const CELL_PAD_Y = 1.2 * MM;
const COLUMN_GUTTER = 8 * MM;
const SIGNATURE_GUTTER = 10 * MM;
const SIGNATURE_LINE_HEIGHT = 2.4; // × font size: room to sign above each line
const RULE_WIDTH = 0.5;
const EPSILON = 0.001;

const TEXT_COLOR = rgb(0.08, 0.08, 0.08);
const FOOTER_COLOR = rgb(0.35, 0.35, 0.35);
const RULE_COLOR = rgb(0.6, 0.6, 0.6);
const LABEL_FILL = rgb(0.94, 0.94, 0.94);
const QR_COLOR = rgb(0, 0, 0);

const HEADINGS = {
  1: { size: 16, before: 5 * MM, after: 3 * MM },
  2: { size: 13, before: 4 * MM, after: 2 * MM },
  3: { size: 11.5, before: 3 * MM, after: 1.5 * MM },
} as const;

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/**
 * A font file's bytes, read once per process (one cache for every PDF the core builds): batch
 * printing builds many documents in a row.
 */
const fontCache = new Map<string, Promise<Uint8Array>>();

export function readFont(path: string): Promise<Uint8Array> {
  let bytes = fontCache.get(path);
  if (!bytes) {
    bytes = readFile(path).then((buffer) => new Uint8Array(buffer));
    bytes.catch(() => fontCache.delete(path));
    fontCache.set(path, bytes);
  }
  return bytes;
}

/** resources/fonts beside the sources, or under BALABAQSHA_RESOURCES in a build. */
export function defaultFontsDir(): string {
  const resources =
    process.env.BALABAQSHA_RESOURCES ??
    fileURLToPath(new URL('../../../resources', import.meta.url));
  return join(resources, 'fonts');
}

/** Advance width of each character at size 1000, per font: measured once, summed after. */
const advanceWidths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The drawn width of a text: the sum of its characters' advance widths, which is how the PDF
 * places embedded glyphs (no kerning). pdf-lib's own measure shapes the whole string with
 * fontkit on every call, and wrapping measures thousands of candidate lines per document.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let widths = advanceWidths.get(font);
  if (!widths) advanceWidths.set(font, (widths = new Map()));
  let total = 0;
  for (const char of text) {
    let width = widths.get(char);
    if (width === undefined) {
      width = font.widthOfTextAtSize(char, 1000);
      widths.set(char, width);
    }
    total += width;
  }
  return (total * size) / 1000;
}

/**
 * Text as the font's glyph codes, one character at a time: each character is shaped by
 * pdf-lib once per document (which also puts its glyph in the subset and the ToUnicode map)
 * and lines are joined from those codes. So a line is drawn exactly as textWidth measured it
 * (character by character, no ligatures or kerning), and the shaping that pdf-lib's drawText
 * would run on every line — most of a 300-contract batch's time — runs once per character.
 */
class GlyphEncoder {
  private readonly codes = new Map<string, string>();

  constructor(private readonly font: PDFFont) {}

  encode(text: string): PDFHexString {
    let hex = '';
    for (const char of text) {
      let code = this.codes.get(char);
      if (code === undefined) {
        code = this.font.encodeText(char).asString();
        this.codes.set(char, code);
      }
      hex += code;
    }
    return PDFHexString.of(hex);
  }
}

/**
 * Splits text into lines no wider than maxWidth: explicit newlines start a new line (an
 * empty line stays empty), runs of spaces collapse, words wrap by measured width, and a word
 * wider than a whole line is broken between characters. No-break spaces do not break.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const widthOf = (s: string) => textWidth(font, s, size);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/[^\S\n\u00a0\u202f]+/).filter((word) => word.length > 0);
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = Array.from(word);
      while (rest.length > 0) {
        const take = longestFittingPrefix(rest, widthOf, maxWidth);
        const piece = rest.slice(0, take).join('');
        rest = rest.slice(take);
        if (rest.length > 0) lines.push(piece);
        else line = piece;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** How many leading characters fit in maxWidth; at least one, so wrapping always advances. */
function longestFittingPrefix(
  chars: string[],
  widthOf: (s: string) => number,
  maxWidth: number,
): number {
  let low = 1;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (widthOf(chars.slice(0, mid).join('')) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Sizes are kept sane: a line always fits a page, so layout always terminates. */
function fontSize(size: number | undefined): number {
  return Math.min(Math.max(size ?? BODY_SIZE, 4), 48);
}

interface TextStyle {
  font: PDFFont;
  size: number;
}

export class PdfDocumentBuilder {
  private page: PDFPage;
  /** Top of the free space on the current page, in PDF points from the page's bottom. */
  private y: number;
  private finished = false;
  /** Index of the first page of each document in this file (batches hold several). */
  private readonly documentStarts = [0];
  private readonly left = MARGIN;
  private readonly width = PAGE_WIDTH - 2 * MARGIN;
  private readonly top = PAGE_HEIGHT - MARGIN;
  private readonly bottom = MARGIN + FOOTER_BAND;
  private readonly glyphs: Map<PDFFont, Set<number>>;
  private readonly encoders: Map<PDFFont, GlyphEncoder>;
  /** Each font's resource name on each page: one entry per font and page, not one per line. */
  private readonly fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

  private constructor(
    private readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.glyphs = new Map([regular, bold].map((font) => [font, new Set(font.getCharacterSet())]));
    this.encoders = new Map([regular, bold].map((font) => [font, new GlyphEncoder(font)]));
    this.page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = this.top;
  }

  static async create(options: PdfDocumentOptions): Promise<PdfDocumentBuilder> {
    const title = options.title.trim();
    if (!title) throw new Error('A PDF needs a title');
    // A cheap guard for the rule above: an IIN is twelve digits in a row.
    if (/\d{12}/.test(title)) throw new Error('A PDF title must not carry personal data');
    const fontsDir = options.fontsDir ?? defaultFontsDir();
    const [regularBytes, boldBytes] = await Promise.all([
      readFont(join(fontsDir, FONT_FILES.regular)),
      readFont(join(fontsDir, FONT_FILES.bold)),
    ]);

    const pdf = await PDFDocument.create({ updateMetadata: false });
    pdf.registerFontkit(fontkit);
    const regular = await pdf.embedFont(regularBytes, { subset: true });
    const bold = await pdf.embedFont(boldBytes, { subset: true });

    const date = options.creationDate ?? new Date();
    pdf.setTitle(title, { showInWindowTitleBar: true });
    pdf.setLanguage(options.language);
    pdf.setProducer(PRODUCER);
    pdf.setCreator(PRODUCER);
    pdf.setCreationDate(date);
    pdf.setModificationDate(date);
    return new PdfDocumentBuilder(pdf, regular, bold);
  }

  /** Pages so far (the final count once finish() is called). */
  get pageCount(): number {
    return this.pdf.getPageCount();
  }

  /** A bold heading (level 1 largest); kept on a page together with room for two lines. */
  heading(text: string, level: 1 | 2 | 3 = 1): this {
    this.assertOpen();
    const spec = HEADINGS[level];
    const style = { font: this.bold, size: spec.size };
    const lines = this.wrap(text, style, this.width);
    const lineHeight = spec.size * LINE_HEIGHT;
    if (!this.atPageTop) this.gap(spec.before);
    const needed = lines.length * lineHeight + spec.after + 2 * BODY_SIZE * LINE_HEIGHT;
    if (needed > this.available && needed <= this.contentHeight) this.newPage();
    this.flow(lines, style, 'left');
    this.gap(spec.after);
    return this;
  }

  /** Wrapped text flowing across pages; never leaves a lone first line at a page's foot. */
  paragraph(text: string, options: ParagraphOptions = {}): this {
    this.assertOpen();
    const style = {
      font: options.bold ? this.bold : this.regular,
      size: fontSize(options.size),
    };
    const lines = this.wrap(text, style, this.width);
    const lineHeight = style.size * LINE_HEIGHT;
    if (lines.length > 1 && this.available < 2 * lineHeight) this.newPage();
    this.flow(lines, style, options.align ?? 'left');
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /**
   * Label | value rows, both columns wrapping. A row is never split across pages: one that
   * does not fit moves to the next page, and only a row taller than a whole page splits, by
   * lines.
   */
  keyValueTable(
    rows: readonly (readonly [string, string])[],
    options: KeyValueTableOptions = {},
  ): this {
    this.assertOpen();
    const style = { font: this.regular, size: fontSize(options.size) };
    const lineHeight = style.size * LINE_HEIGHT;
    const labelWidth = this.width * Math.min(Math.max(options.labelWidth ?? 0.36, 0.15), 0.85);
    const valueX = this.left + labelWidth;
    const textWidth = (column: number) => column - 2 * CELL_PAD_X;

    for (const [label, value] of rows) {
      const labelLines = this.wrap(label, style, textWidth(labelWidth));
      const valueLines = this.wrap(value, style, textWidth(this.width - labelWidth));
      const count = Math.max(labelLines.length, valueLines.length);
      const rowHeight = count * lineHeight + 2 * CELL_PAD_Y;
      if (rowHeight > this.available && rowHeight <= this.contentHeight) this.newPage();

      let from = 0;
      while (from < count) {
        const fit = Math.floor((this.available - 2 * CELL_PAD_Y + EPSILON) / lineHeight);
        if (fit < 1) {
          this.newPage();
          continue;
        }
        const take = Math.min(fit, count - from);
        const height = take * lineHeight + 2 * CELL_PAD_Y;
        const rowTop = this.y;
        this.page.drawRectangle({
          x: this.left,
          y: rowTop - height,
          width: labelWidth,
          height,
          color: LABEL_FILL,
        });
        this.box(this.left, rowTop, this.width, height);
        this.rule(valueX, rowTop, valueX, rowTop - height);
        for (let i = 0; i < take; i++) {
          const lineTop = rowTop - CELL_PAD_Y - i * lineHeight;
          this.drawLine(labelLines[from + i], style, this.left + CELL_PAD_X, lineTop, lineHeight);
          this.drawLine(valueLines[from + i], style, valueX + CELL_PAD_X, lineTop, lineHeight);
        }
        this.y -= height;
        from += take;
        if (from < count) this.newPage();
      }
    }
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /**
   * Two texts side by side (Kazakh | Russian), each wrapping on its own; both flow on across
   * pages line by line, so the longer one simply continues below the shorter.
   */
  twoColumns(leftText: string, rightText: string, options: TwoColumnsOptions = {}): this {
    this.assertOpen();
    const style = {
      font: options.bold ? this.bold : this.regular,
      size: fontSize(options.size),
    };
    const lineHeight = style.size * LINE_HEIGHT;
    const columnWidth = (this.width - COLUMN_GUTTER) / 2;
    const rightX = this.left + columnWidth + COLUMN_GUTTER;
    const dividerX = this.left + columnWidth + COLUMN_GUTTER / 2;
    const leftLines = this.wrap(leftText, style, columnWidth);
    const rightLines = this.wrap(rightText, style, columnWidth);
    const count = Math.max(leftLines.length, rightLines.length);
    if (count > 1 && this.available < 2 * lineHeight) this.newPage();

    let segmentTop = this.y;
    const closeSegment = () => {
      if ((options.divider ?? true) && segmentTop - this.y > EPSILON) {
        this.rule(dividerX, segmentTop, dividerX, this.y);
      }
    };
    for (let i = 0; i < count; i++) {
      if (this.available < lineHeight - EPSILON) {
        closeSegment();
        this.newPage();
        segmentTop = this.y;
      }
      this.drawLine(leftLines[i], style, this.left, this.y, lineHeight);
      this.drawLine(rightLines[i], style, rightX, this.y, lineHeight);
      this.y -= lineHeight;
    }
    closeSegment();
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /**
   * The parties side by side, each a bold title then its lines with room to sign above each;
   * kept together on one page.
   */
  signatureBlock(parties: readonly SignatureParty[]): this {
    this.assertOpen();
    if (parties.length === 0) return this;
    const titleStyle = { font: this.bold, size: BODY_SIZE };
    const lineStyle = { font: this.regular, size: BODY_SIZE };
    const titleHeight = BODY_SIZE * LINE_HEIGHT;
    const slotHeight = BODY_SIZE * SIGNATURE_LINE_HEIGHT;
    const columnWidth = (this.width - SIGNATURE_GUTTER * (parties.length - 1)) / parties.length;
    const columns = parties.map((party) => ({
      title: this.wrap(party.title, titleStyle, columnWidth),
      lines: party.lines.flatMap((line) => this.wrap(line, lineStyle, columnWidth)),
    }));
    // Titles may wrap to different heights; the lines below them start level across parties.
    const titlesHeight = Math.max(...columns.map((c) => c.title.length)) * titleHeight;
    const height = titlesHeight + Math.max(...columns.map((c) => c.lines.length)) * slotHeight;

    if (height > this.contentHeight) {
      // Cannot be kept together anywhere: flow the parties one after another instead.
      for (const party of parties) {
        this.paragraph(party.title, { bold: true });
        for (const line of party.lines) this.paragraph(line);
      }
      return this;
    }
    if (height > this.available) this.newPage();
    const blockTop = this.y;
    columns.forEach((column, index) => {
      const x = this.left + index * (columnWidth + SIGNATURE_GUTTER);
      column.title.forEach((line, i) => {
        this.drawLine(line, titleStyle, x, blockTop - i * titleHeight, titleHeight);
      });
      let lineTop = blockTop - titlesHeight;
      for (const line of column.lines) {
        // The text sits at the foot of its slot, leaving the space above it for a signature.
        this.drawLine(line, lineStyle, x, lineTop - slotHeight + titleHeight, titleHeight);
        lineTop -= slotHeight;
      }
    });
    this.y = blockTop - height;
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /** Vertical space; none at the top of a page. */
  spacer(mm: number): this {
    this.assertOpen();
    if (!this.atPageTop) this.gap(mm * MM);
    return this;
  }

  /** Starts a new page unless the current one is still empty. */
  pageBreak(): this {
    this.assertOpen();
    if (!this.atPageTop) this.newPage();
    return this;
  }

  /**
   * Starts the next document of a batch on a new page, with its own page numbering: one file,
   * one set of embedded fonts, one print job for many contracts.
   */
  nextDocument(): this {
    this.assertOpen();
    this.newPage();
    this.documentStarts.push(this.pdf.getPageCount() - 1);
    return this;
  }

  /** A JPEG (or PNG), scaled to widthMm (at most the content width and height). */
  async image(bytes: Uint8Array, options: ImageOptions): Promise<this> {
    this.assertOpen();
    const image = await this.embedImage(bytes);
    let width = Math.min(options.widthMm * MM, this.width);
    let height = (width * image.height) / image.width;
    if (height > this.contentHeight) {
      width *= this.contentHeight / height;
      height = this.contentHeight;
    }
    if (height > this.available + EPSILON) this.newPage();
    const x = this.alignedX(width, options.align ?? 'left');
    this.page.drawImage(image, { x, y: this.y - height, width, height });
    this.y -= height;
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /**
   * A QR code of sizeMm square, quiet zone included, drawn as one vector path so no seams
   * show between modules. Error correction M.
   */
  qrCode(payload: string, sizeMm: number, options: QrCodeOptions = {}): this {
    this.assertOpen();
    const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    const count = modules.size;
    const quietZone = 4;
    const size = Math.min(sizeMm * MM, this.width, this.contentHeight);
    const moduleSize = size / (count + 2 * quietZone);
    let path = '';
    for (let row = 0; row < count; row++) {
      let column = 0;
      while (column < count) {
        if (!modules.get(row, column)) {
          column++;
          continue;
        }
        const start = column;
        while (column < count && modules.get(row, column)) column++;
        const [x0, x1, y0] = [start + quietZone, column + quietZone, row + quietZone];
        path += `M${x0} ${y0}H${x1}V${y0 + 1}H${x0}Z`;
      }
    }
    if (size > this.available + EPSILON) this.newPage();
    const x = this.alignedX(size, options.align ?? 'left');
    this.page.drawSvgPath(path, { x, y: this.y, scale: moduleSize, color: QR_COLOR });
    this.y -= size;
    this.gap(PARAGRAPH_GAP);
    return this;
  }

  /**
   * Adds "X / Y" to every page, now that Y is known, and returns the file's bytes. Nothing can
   * be added after; it may be called again (e.g. for another printer's duplex choice).
   *
   * `sheetPerDocument`: for two-sided printing, every document of a batch starts on a new
   * sheet — a document with an odd number of pages is followed by a blank page (no footer,
   * so its "X / Y" stays its own). Without it no page is added.
   */
  async finish(options: FinishOptions = {}): Promise<Uint8Array> {
    if (!this.finished) {
      this.finished = true;
      this.drawFooters();
    }
    if (!options.sheetPerDocument) return this.pdf.save({ useObjectStreams: true });
    const total = this.pdf.getPageCount();
    const ends = [...this.documentStarts.slice(1), total];
    // Blank pages go in from the back, so the indexes in front stay valid.
    const blanks: PDFPage[] = [];
    for (let index = this.documentStarts.length - 1; index >= 0; index--) {
      const end = ends[index]!;
      if ((end - this.documentStarts[index]!) % 2 === 1)
        blanks.push(this.pdf.insertPage(end, [PAGE_WIDTH, PAGE_HEIGHT]));
    }
    try {
      return await this.pdf.save({ useObjectStreams: true });
    } finally {
      // The builder keeps its pages as laid out: the padding belongs to this file only.
      for (const blank of blanks) {
        this.pdf.removePage(this.pdf.getPages().indexOf(blank));
        this.pdf.context.delete(blank.ref);
      }
    }
  }

  private drawFooters(): void {
    const pages = this.pdf.getPages();
    const style = { font: this.regular, size: FOOTER_SIZE };
    const descent = style.font.heightAtSize(FOOTER_SIZE) - this.ascent(style);
    const ends = [...this.documentStarts.slice(1), pages.length];
    pages.forEach((page, index) => {
      const documentIndex = this.documentStarts.findLastIndex((start) => start <= index);
      const start = this.documentStarts[documentIndex]!;
      const text = `${index - start + 1} / ${ends[documentIndex]! - start}`;
      const width = textWidth(style.font, text, FOOTER_SIZE);
      this.drawText(
        page,
        text,
        style,
        this.left + (this.width - width) / 2,
        MARGIN + descent,
        FOOTER_COLOR,
      );
    });
  }

  private get available(): number {
    return this.y - this.bottom;
  }

  private get contentHeight(): number {
    return this.top - this.bottom;
  }

  private get atPageTop(): boolean {
    return this.top - this.y < EPSILON;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('The PDF document is already finished');
  }

  private newPage(): void {
    this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = this.top;
  }

  /** Text at a baseline point, in glyph codes from the document's per-font encoder. */
  private drawText(
    page: PDFPage,
    text: string,
    { font, size }: TextStyle,
    x: number,
    baseline: number,
    color: Color,
  ): void {
    let keys = this.fontKeys.get(page);
    if (!keys) this.fontKeys.set(page, (keys = new Map()));
    let fontKey = keys.get(font);
    if (!fontKey) keys.set(font, (fontKey = page.node.newFontDictionary(font.name, font.ref)));
    page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingColor(color),
      setFontAndSize(fontKey, size),
      moveText(x, baseline),
      showText(this.encoders.get(font)!.encode(text)),
      endText(),
      popGraphicsState(),
    );
  }

  /** Space that never starts a page: at a page's foot it just uses up what is left. */
  private gap(height: number): void {
    this.y = Math.max(this.y - height, this.bottom);
  }

  private wrap(text: string, style: TextStyle, maxWidth: number): string[] {
    return wrapText(this.printable(text, style.font), style.font, style.size, maxWidth);
  }

  /**
   * NFC (a letter typed as base + combining mark becomes the precomposed Kazakh letter the
   * font has), newlines unified, tabs as spaces, other controls dropped, and a character the
   * font lacks shown as U+FFFD rather than as an invisible or misleading glyph.
   */
  private printable(text: string, font: PDFFont): string {
    const glyphs = this.glyphs.get(font) ?? new Set<number>();
    const missing = glyphs.has(0xfffd) ? '\uFFFD' : '?';
    let out = '';
    for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
      const code = char.codePointAt(0) ?? 0;
      if (char === '\n' || char === ' ') out += char;
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
      else out += glyphs.has(code) ? char : missing;
    }
    return out;
  }

  /** Draws lines one under another, starting a new page whenever the next does not fit. */
  private flow(lines: readonly string[], style: TextStyle, align: TextAlign): void {
    const lineHeight = style.size * LINE_HEIGHT;
    for (const line of lines) {
      if (this.available < lineHeight - EPSILON) this.newPage();
      const x = this.alignedX(textWidth(style.font, line, style.size), align);
      this.drawLine(line, style, x, this.y, lineHeight);
      this.y -= lineHeight;
    }
  }

  /** One line of text in a line box whose top is lineTop, centred vertically in it. */
  private drawLine(
    text: string | undefined,
    style: TextStyle,
    x: number,
    lineTop: number,
    lineHeight: number,
  ): void {
    if (!text) return;
    const glyphHeight = style.font.heightAtSize(style.size);
    const baseline = lineTop - (lineHeight - glyphHeight) / 2 - this.ascent(style);
    this.drawText(this.page, text, style, x, baseline, TEXT_COLOR);
  }

  private ascent(style: TextStyle): number {
    return style.font.heightAtSize(style.size, { descender: false });
  }

  private alignedX(width: number, align: TextAlign): number {
    const free = Math.max(this.width - width, 0);
    if (align === 'center') return this.left + free / 2;
    if (align === 'right') return this.left + free;
    return this.left;
  }

  /** A rectangle outline whose stroke stays inside the given box. */
  private box(x: number, top: number, width: number, height: number): void {
    const inset = RULE_WIDTH / 2;
    this.page.drawRectangle({
      x: x + inset,
      y: top - height + inset,
      width: width - RULE_WIDTH,
      height: height - RULE_WIDTH,
      borderColor: RULE_COLOR,
      borderWidth: RULE_WIDTH,
    });
  }

  private rule(x1: number, y1: number, x2: number, y2: number): void {
    this.page.drawLine({
      start: { x: x1, y: y1 },
      end: { x: x2, y: y2 },
      thickness: RULE_WIDTH,
      color: RULE_COLOR,
    });
  }

  private async embedImage(input: Uint8Array): Promise<PDFImage> {
    // pdf-lib's JPEG embedder reads `bytes.buffer` from offset 0: a view into a larger buffer
    // (a pooled Buffer, a subarray) is copied into one of its own first.
    const bytes =
      input.byteOffset === 0 && input.byteLength === input.buffer.byteLength
        ? input
        : new Uint8Array(input);
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
      return this.pdf.embedJpg(bytes);
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
      return this.pdf.embedPng(bytes);
    }
    throw new Error('Only JPEG and PNG images can be placed in a PDF');
  }
}
