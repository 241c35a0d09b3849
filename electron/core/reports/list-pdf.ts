import { rgb } from 'pdf-lib';
import { textWidth, wrapText } from '../pdf/document';
import { HEAD_FILL, MUTED, Page, landscapePdf, type Fonts } from '../attendance/timesheet-pdf';
import { LIST_TITLES, listSubtitle, type ListColumnKey, type ListResult } from './lists';

/**
 * A list (lists.ts) as an A4 portrait PDF in Kazakh or Russian: the list's title, a line with
 * the organisation, group, month (birthdays) and date, then the table — a number column and
 * the chosen columns, long cells wrapped, the header repeated on each page — and "X / Y" page
 * numbers. Laid out on the timesheet's fixed-grid page (attendance/timesheet-pdf.ts) with the
 * same fonts; the PDF's title names only the kind of list and the date (no personal data).
 */

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28; // A4 portrait
const PAGE_HEIGHT = 841.89;
const MARGIN = 15 * MM;
const LEFT = MARGIN;
const RIGHT = PAGE_WIDTH - MARGIN;
const TOP = PAGE_HEIGHT - MARGIN;
const BOTTOM = MARGIN;
const WIDTH = RIGHT - LEFT;
const FOOTER_BAND = 12;
const SIZE = 8;
const HEAD_SIZE = 7.5;
const LINE = SIZE * 1.2;
const PAD_Y = 2.5;
const PAD_X = 1.5;
const NUMBER_WIDTH = 20;
const BORDER = rgb(0.55, 0.55, 0.55);

/** How much of the width each column wants (relative); names and addresses the most. */
const WEIGHT: Record<ListColumnKey, number> = {
  name: 3.2,
  iin: 1.6,
  birthDate: 1.3,
  age: 0.7,
  turns: 0.9,
  group: 1.8,
  status: 1.3,
  address: 3,
  representative: 2.8,
  relation: 1.3,
  phone: 1.8,
  email: 2,
  allergen: 2,
  allergyKind: 1.2,
  reaction: 2,
  healthGroup: 1,
  privileges: 2.4,
};

/** Columns whose values must not break inside (numbers, dates, codes): as wide as they need. */
const WHOLE: ReadonlySet<ListColumnKey> = new Set([
  'iin',
  'birthDate',
  'age',
  'turns',
  'healthGroup',
]);

/**
 * Each column's width: at least its widest "whole" value (numbers, dates, codes) or, for the
 * others, its longest word (values and the label's words), so nothing breaks inside a word;
 * what is left of the page is shared by weight (names and addresses take most). When even the
 * minimums do not fit, they are scaled down together (long words then break).
 */
function columnWidths(list: ListResult, fonts: Fonts) {
  const free = WIDTH - NUMBER_WIDTH;
  const words = (text: string) => text.split(/\s+/).filter(Boolean);
  const least = list.columns.map((column) => {
    const values = list.rows.map((row) => row.cells[column.key] ?? '');
    const pieces = WHOLE.has(column.key) ? values : values.flatMap(words);
    const widths = [
      ...pieces.map((piece) => textWidth(fonts.regular, piece, SIZE)),
      ...words(column.label[list.language]).map((word) => textWidth(fonts.bold, word, HEAD_SIZE)),
    ];
    return Math.max(0, ...widths) + 2 * PAD_X + 1;
  });
  const leastTotal = least.reduce((a, b) => a + b, 0);
  if (leastTotal > free)
    return list.columns.map((column, i) => ({ column, width: (free * least[i]!) / leastTotal }));
  const weight = list.columns.reduce((sum, c) => sum + WEIGHT[c.key], 0);
  return list.columns.map((column, i) => ({
    column,
    width: least[i]! + ((free - leastTotal) * WEIGHT[column.key]) / weight,
  }));
}

export interface ListPdfOptions {
  organisation: string;
  creationDate?: Date;
  fontsDir?: string;
}

export async function renderListPdf(
  list: ListResult,
  options: ListPdfOptions,
): Promise<Uint8Array> {
  const language = list.language;
  const title = LIST_TITLES[list.kind][language];
  const { pdf, fonts } = await landscapePdf({
    title: `${title} ${list.asOf}`,
    language,
    creationDate: options.creationDate,
    fontsDir: options.fontsDir,
  });
  const columns = [
    { key: null, label: '№', width: NUMBER_WIDTH },
    ...columnWidths(list, fonts).map(({ column, width }) => ({
      key: column.key,
      label: column.label[language],
      width,
    })),
  ];

  const pages: Page[] = [];
  let page!: Page;
  let y = 0;

  const linesOf = (text: string, width: number, bold: boolean, size: number) =>
    text ? wrapText(text, bold ? fonts.bold : fonts.regular, size, width - 2 * PAD_X) : [];

  const drawRow = (cells: readonly string[], bold: boolean, size: number, fill: boolean) => {
    const lines = columns.map((c, i) => linesOf(cells[i] ?? '', c.width, bold, size));
    const height = Math.max(1, ...lines.map((l) => l.length)) * size * 1.2 + 2 * PAD_Y;
    return { lines, height, draw: () => paint(lines, height, bold, size, fill) };
  };

  const paint = (lines: string[][], height: number, bold: boolean, size: number, fill: boolean) => {
    if (fill) page.fill(LEFT, y, WIDTH, height, HEAD_FILL);
    let x = LEFT;
    columns.forEach((column, i) => {
      lines[i]!.forEach((line, n) => {
        page.text(line, x, y - PAD_Y - n * size * 1.2, column.width, size * 1.2, {
          size,
          bold,
          align: column.key === null ? 'right' : 'left',
        });
      });
      page.page.drawLine({
        start: { x, y },
        end: { x, y: y - height },
        thickness: 0.5,
        color: BORDER,
      });
      x += column.width;
    });
    page.page.drawLine({
      start: { x: RIGHT, y },
      end: { x: RIGHT, y: y - height },
      thickness: 0.5,
      color: BORDER,
    });
    page.hline(LEFT, RIGHT, y);
    y -= height;
    page.hline(LEFT, RIGHT, y);
  };

  const header = drawRow(
    columns.map((c) => c.label),
    true,
    HEAD_SIZE,
    true,
  );

  const newPage = () => {
    page = new Page(pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]), fonts);
    pages.push(page);
    y = TOP;
    if (pages.length === 1) {
      page.text(title, LEFT, y, WIDTH, 16, { size: 13, bold: true, align: 'center' });
      y -= 18;
      for (const line of linesOf(listSubtitle(list, options.organisation), WIDTH, false, 8.5)) {
        page.text(line, LEFT, y, WIDTH, 11, { size: 8.5, align: 'center' });
        y -= 11;
      }
      y -= 6;
    }
    header.draw();
  };

  newPage();
  list.rows.forEach((row, i) => {
    const cells = [String(i + 1), ...list.columns.map((c) => row.cells[c.key] ?? '')];
    const drawn = drawRow(cells, false, SIZE, false);
    if (y - drawn.height < BOTTOM + FOOTER_BAND) newPage();
    drawn.draw();
  });
  if (list.rows.length === 0) {
    page.text(NONE[language], LEFT, y - 4, WIDTH, LINE, { size: SIZE, color: MUTED });
  }
  footers(pages);
  return pdf.save({ useObjectStreams: true });
}

const NONE = { kk: 'Тізімде ешкім жоқ', ru: 'В списке никого нет' } as const;

function footers(pages: readonly Page[]): void {
  pages.forEach((page, i) =>
    page.text(
      `${i + 1} / ${pages.length}`,
      LEFT,
      BOTTOM + FOOTER_BAND - 2,
      WIDTH,
      FOOTER_BAND - 2,
      {
        size: 7,
        align: 'center',
        color: MUTED,
      },
    ),
  );
}
