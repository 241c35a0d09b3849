import ExcelJS from 'exceljs';
import {
  bilingual,
  suppressionSummary,
  type AnonymisedStats,
  type PublishedCell,
  type PublishedTable,
} from './anonymised';
import { SMALL_CELL } from './suppression';
import type { Words } from './stats-words';

/**
 * The anonymised statistics as an .xlsx workbook laid out for people (issue 15 item 2): the
 * same tables and counts as the CSV (statsCsv), every label in Kazakh and Russian at once.
 *
 * - Sheet 1 "Статистика": a title, the report's day, then each table as a block: a 1-D table
 *   as category | count with its total last; a 2-D table (age group × language) as a
 *   cross-table, rows × columns with the row totals in the last column and the column totals
 *   in the last row. A count is a number (always ≥ 5) or the words SUPPRESSED.
 * - Sheet 2 "Жасыру · Скрытие": the rules in words and, per table, how many cells were
 *   suppressed for each reason: never which cell for which reason (anonymised.ts
 *   suppressionSummary: that would bound the hidden counts).
 *
 * Nothing else: no kindergarten name or BIN either (a private kindergarten is often an
 * individual entrepreneur, whose name and BIN are a person's name and IIN). The workbook's
 * dates are fixed (1970), so the same counts give the same bytes but for the report's day.
 */

export const SUPPRESSED: Words = { kk: 'жасырылған', ru: 'скрыто' };

const W = {
  title: { kk: 'Балалар туралы анонимді статистика', ru: 'Обезличенная статистика о детях' },
  asOf: { kk: 'Есепті күн', ru: 'Дата отчёта' },
  count: { kk: 'Балалар саны', ru: 'Число детей' },
  sheet: 'Статистика',
  suppressionSheet: 'Жасыру · Скрытие',
  suppressionTitle: { kk: 'Не жасырылды және неге', ru: 'Что скрыто и почему' },
  table: { kk: 'Кесте', ru: 'Таблица' },
  primary: { kk: `${SMALL_CELL}-тен аз`, ru: `Меньше ${SMALL_CELL}` },
  complementary: { kk: 'Қосымша жасырылған', ru: 'Скрыто дополнительно' },
  all: { kk: 'Барлығы жасырылған', ru: 'Всего скрыто' },
  total: { kk: 'Барлығы', ru: 'Всего' },
  rules: [
    {
      kk: `${SMALL_CELL} баладан аз санайтын әр ұяшық (0 да) жасырылған: оның орнында «${SUPPRESSED.kk}» деп жазылған.`,
      ru: `Каждая ячейка, в которой меньше ${SMALL_CELL} детей (и 0 тоже), скрыта: в ней написано «${SUPPRESSED.ru}».`,
    },
    {
      kk: 'Жасырылған санды жолдар мен бағандардың қорытындыларынан есептеп шығаруға болмас үшін басқа ұяшықтар да жасырылған (қосымша жасыру).',
      ru: 'Чтобы скрытое число нельзя было вычислить по итогам строк и столбцов, скрыты и другие ячейки (дополнительное скрытие).',
    },
    {
      kk: 'Қай ұяшық қай себеппен жасырылғаны көрсетілмейді: ол да жасырылған санды ашар еді. Төменде тек әр кестедегі саны берілген.',
      ru: 'Какая ячейка скрыта по какой причине, не указано: это тоже раскрыло бы скрытое число. Ниже только их число в каждой таблице.',
    },
    {
      kk: 'Файлда ЖСН, аты-жөні, туған күні, телефоны, мекенжайы жоқ: тек балалар саны.',
      ru: 'В файле нет ИИН, ФИО, дат рождения, телефонов и адресов: только число детей.',
    },
  ],
} as const;

export interface StatsXlsxOptions {
  /** The report's day, yyyy-mm-dd. */
  asOf: string;
  /** Which children are counted, in words (stats-facts.ts decides): printed under the title. */
  counted?: Words;
}

const GREY = 'FF666666';
const HEAD_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE9ECEF' },
};

const dotted = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

function countValue(cell: PublishedCell | undefined): number | string {
  if (!cell) return '';
  return cell.count === 'suppressed' ? bilingual(SUPPRESSED) : cell.count;
}

/** Counts right-aligned; the suppressed words grey and italic, so they read as "no number". */
function styleCount(cell: ExcelJS.Cell): void {
  cell.alignment = { horizontal: 'right' };
  if (typeof cell.value === 'string')
    cell.font = { ...cell.font, italic: true, color: { argb: GREY } };
}

function head(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle' };
  row.eachCell((cell) => (cell.fill = HEAD_FILL));
}

const isTotal = (cell: PublishedCell) => Object.keys(cell.key).length === 0;

/** A 1-D table: category | count, its total last (bold). */
function listBlock(ws: ExcelJS.Worksheet, table: PublishedTable): void {
  head(ws.addRow([bilingual(table.dimensions[0]!), bilingual(W.count)]));
  const cells = [...table.cells.filter((cell) => !isTotal(cell)), ...table.cells.filter(isTotal)];
  for (const cell of cells) {
    const row = ws.addRow([bilingual(cell.category), countValue(cell)]);
    if (isTotal(cell)) row.font = { bold: true };
    styleCount(row.getCell(2));
  }
}

/**
 * A 2-D table as a cross-table. Its cells' keys tell the layout: inner cells name both
 * dimensions, a row's total only the first, a column's total only the second, the grand
 * total none (anonymised.ts, the age group × language table).
 */
function crossBlock(ws: ExcelJS.Worksheet, table: PublishedTable): void {
  const inner = table.cells.filter((cell) => Object.keys(cell.key).length === 2);
  const [rowDim, columnDim] = Object.keys(inner[0]?.key ?? {}) as [string, string];
  const only = (dim: string) =>
    table.cells.filter((cell) => Object.keys(cell.key).length === 1 && dim in cell.key);
  const rowTotals = only(rowDim);
  const columnTotals = only(columnDim);
  const grand = table.cells.find(isTotal);
  const find = (row: string, column: string) =>
    inner.find((cell) => cell.key[rowDim] === row && cell.key[columnDim] === column);
  const [rowWords, columnWords] = table.dimensions as [Words, Words];

  head(
    ws.addRow([
      `${bilingual(rowWords)} \\ ${bilingual(columnWords)}`,
      ...columnTotals.map((cell) => bilingual(cell.category)),
      bilingual(W.total),
    ]),
  );
  for (const margin of rowTotals) {
    const code = margin.key[rowDim]!;
    const row = ws.addRow([
      bilingual(margin.category),
      ...columnTotals.map((column) => countValue(find(code, column.key[columnDim]!))),
      countValue(margin),
    ]);
    row.getCell(columnTotals.length + 2).font = { bold: true };
    for (let at = 2; at <= columnTotals.length + 2; at++) styleCount(row.getCell(at));
  }
  const last = ws.addRow([bilingual(W.total), ...columnTotals.map(countValue), countValue(grand)]);
  last.font = { bold: true };
  for (let at = 2; at <= columnTotals.length + 2; at++) styleCount(last.getCell(at));
}

export async function statsXlsx(
  stats: AnonymisedStats,
  options: StatsXlsxOptions,
): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Balabaqsha Desk';
  book.created = new Date(0);
  book.modified = new Date(0);

  const ws = book.addWorksheet(W.sheet);
  ws.columns = [{ width: 52 }, { width: 24 }, { width: 24 }, { width: 24 }];
  ws.addRow([bilingual(W.title)]).font = { bold: true, size: 13 };
  ws.addRow([`${bilingual(W.asOf)}: ${dotted(options.asOf)}`]);
  if (options.counted) ws.addRow([bilingual(options.counted)]).font = { color: { argb: GREY } };
  ws.addRow([bilingual(W.rules[0])]).font = { color: { argb: GREY } };
  for (const table of stats.tables) {
    ws.addRow([]);
    ws.addRow([bilingual(table.name)]).font = { bold: true, size: 12 };
    if (table.dimensions.length === 2) crossBlock(ws, table);
    else listBlock(ws, table);
  }

  const notes = book.addWorksheet(W.suppressionSheet);
  notes.columns = [{ width: 52 }, { width: 18 }, { width: 22 }, { width: 20 }];
  notes.addRow([bilingual(W.suppressionTitle)]).font = { bold: true, size: 13 };
  for (const rule of W.rules) {
    for (const language of ['kk', 'ru'] as const) {
      const row = notes.addRow([rule[language]]);
      notes.mergeCells(row.number, 1, row.number, 4);
      row.alignment = { wrapText: true, vertical: 'top' };
      row.height = 30;
    }
  }
  notes.addRow([]);
  head(
    notes.addRow([
      bilingual(W.table),
      bilingual(W.primary),
      bilingual(W.complementary),
      bilingual(W.all),
    ]),
  );
  const summary = suppressionSummary(stats);
  for (const line of summary) {
    notes.addRow([
      bilingual(line.name),
      line.primary,
      line.complementary,
      line.primary + line.complementary,
    ]);
  }
  const sum = (pick: (line: (typeof summary)[number]) => number) =>
    summary.reduce((total, line) => total + pick(line), 0);
  notes.addRow([
    bilingual(W.total),
    sum((line) => line.primary),
    sum((line) => line.complementary),
    sum((line) => line.primary + line.complementary),
  ]).font = { bold: true };

  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** `statistics-2026-12-01.csv`: the kind and the day only. */
export const statsFileName = (asOf: string, format: 'csv' | 'xlsx') =>
  `statistics-${asOf}.${format}`;
