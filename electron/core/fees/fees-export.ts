import ExcelJS from 'exceljs';
import { fullName } from '../children/fields';
import { formatTenge } from '../attendance/fees';
import {
  BOTTOM,
  HEAD_FILL,
  LEFT,
  MUTED,
  Page,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  RIGHT,
  TOP,
  WIDTH,
  landscapePdf,
} from '../attendance/timesheet-pdf';
import type { Language } from '../attendance/codes';
import { MONTH_NAMES } from '../vocabulary/months';
import type { DebtorRow, FeeSheet, FeeSheetRow } from './fees-record';

/**
 * The fee sheet and the debtors list as an A4 landscape PDF (the timesheet's grid page) and as
 * an .xlsx workbook (exceljs), in Kazakh or Russian. Amounts are integer tiyn in the core; the
 * PDF prints them as people write them (formatTenge), the workbook holds them as numbers in
 * tenge with a ₸ format and its totals as SUM formulas (with their values).
 */

interface Words {
  sheetTitle: string;
  debtorsTitle: string;
  sheetName: string;
  debtorsSheetName: string;
  months: readonly string[];
  group: string;
  number: string;
  child: string;
  chargedDays: string;
  workingDays: string;
  base: string;
  reduction: string;
  reductionAmount: string;
  amount: string;
  paid: string;
  groupTotal: string;
  total: string;
  charged: string;
  paidTotal: string;
  debt: string;
  through: string;
  open: string;
  accountant: string;
  director: string;
  none: string;
}

const WORDS: Record<Language, Words> = {
  kk: {
    sheetTitle: 'Ата-ана төлемін есептеу ведомосы',
    debtorsTitle: 'Ата-ана төлемі бойынша қарызы барлар тізімі',
    sheetName: 'Төлем ведомосы',
    debtorsSheetName: 'Қарыздар',
    months: MONTH_NAMES.kk,
    group: 'Топ',
    number: '№',
    child: 'Баланың тегі, аты, әкесінің аты',
    chargedDays: 'Төленетін күндер',
    workingDays: 'Жұмыс күндері',
    base: 'Есептелді',
    reduction: 'Жеңілдік',
    reductionAmount: 'Жеңілдік сомасы',
    amount: 'Төлеуге',
    paid: 'Айда төленді',
    groupTotal: 'Топ бойынша барлығы',
    total: 'Барлығы',
    charged: 'Барлығы есептелді',
    paidTotal: 'Барлығы төленді',
    debt: 'Қарыз',
    through: 'соңына дейін',
    open: 'Айы әлі жабылмаған топтар (есептелмеді)',
    accountant: 'Бухгалтер',
    director: 'Меңгеруші',
    none: 'Қарызы барлар жоқ',
  },
  ru: {
    sheetTitle: 'Ведомость начисления родительской платы',
    debtorsTitle: 'Список должников по родительской плате',
    sheetName: 'Ведомость',
    debtorsSheetName: 'Должники',
    months: MONTH_NAMES.ru,
    group: 'Группа',
    number: '№',
    child: 'Фамилия, имя, отчество ребёнка',
    chargedDays: 'Оплачиваемые дни',
    workingDays: 'Рабочие дни',
    base: 'Начислено',
    reduction: 'Льгота',
    reductionAmount: 'Сумма льготы',
    amount: 'К оплате',
    paid: 'Оплачено в месяце',
    groupTotal: 'Итого по группе',
    total: 'Всего',
    charged: 'Начислено всего',
    paidTotal: 'Оплачено всего',
    debt: 'Долг',
    through: 'на конец',
    open: 'Группы, чей месяц ещё не закрыт (не начислено)',
    accountant: 'Бухгалтер',
    director: 'Заведующая',
    none: 'Должников нет',
  },
};

const period = (month: string, language: Language) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${WORDS[language].months[m - 1]} ${year}`;
};

/** "Көп балалы отбасылардың балалары 50 %": the category in the chosen language. */
const reductionText = (row: FeeSheetRow, sheet: FeeSheet, language: Language) =>
  row.reductions
    .map((r) => `${sheet.categories[r.categoryCode]?.[language] ?? r.categoryCode} ${r.percent} %`)
    .join(', ');
const reductionSum = (row: FeeSheetRow) => row.reductions.reduce((sum, r) => sum + r.amount, 0);

// ---------------------------------------------------------------------------------------
// PDF

const ROW = 13;
const HEAD = 26;
const FOOTER_BAND = 10;
const SIGNATURES = 34;

interface Column {
  label: string;
  width: number;
  align: 'left' | 'center' | 'right';
}

/** A table over pages: header repeated, rows that do not fit go on to the next page. */
class Table {
  private page!: Page;
  private y = 0;
  private readonly pages: Page[] = [];

  constructor(
    private readonly newPage: () => Page,
    private readonly heading: (page: Page) => number,
    private readonly columns: readonly Column[],
  ) {}

  get all(): readonly Page[] {
    return this.pages;
  }

  start(): void {
    this.page = this.newPage();
    this.pages.push(this.page);
    this.y = this.heading(this.page);
    this.header();
  }

  private header(): void {
    this.page.fill(LEFT, this.y, WIDTH, HEAD, HEAD_FILL);
    let x = LEFT;
    for (const column of this.columns) {
      this.page.wrapped(column.label, x, this.y, column.width, HEAD, {
        size: 6.5,
        bold: true,
        align: 'center',
      });
      this.page.vline(x, this.y, this.y - HEAD);
      x += column.width;
    }
    this.page.vline(RIGHT, this.y, this.y - HEAD);
    this.page.hline(LEFT, RIGHT, this.y);
    this.y -= HEAD;
    this.page.hline(LEFT, RIGHT, this.y);
  }

  /** A row of cells; `keep` is room wanted below it on the same page (totals, signatures). */
  row(cells: readonly string[], options: { bold?: boolean; fill?: boolean; keep?: number } = {}) {
    if (this.y - ROW - (options.keep ?? 0) < BOTTOM + FOOTER_BAND) {
      this.start();
    }
    if (options.fill) this.page.fill(LEFT, this.y, WIDTH, ROW, HEAD_FILL);
    let x = LEFT;
    this.columns.forEach((column, i) => {
      this.page.text(cells[i] ?? '', x, this.y, column.width, ROW, {
        size: 7,
        bold: options.bold,
        align: column.align,
      });
      this.page.vline(x, this.y, this.y - ROW);
      x += column.width;
    });
    this.page.vline(RIGHT, this.y, this.y - ROW);
    this.y -= ROW;
    this.page.hline(LEFT, RIGHT, this.y);
  }

  /** A line of text below the table (on a new page when it does not fit). */
  note(text: string, options: { bold?: boolean } = {}): void {
    if (this.y - ROW < BOTTOM + FOOTER_BAND) this.start();
    this.y -= 4;
    this.page.text(text, LEFT, this.y, WIDTH, ROW, { size: 7.5, bold: options.bold });
    this.y -= ROW;
  }

  signatures(language: Language): void {
    if (this.y - SIGNATURES < BOTTOM + FOOTER_BAND) this.start();
    const words = WORDS[language];
    const top = this.y - 12;
    [words.accountant, words.director].forEach((title, i) => {
      const x = LEFT + (i * WIDTH) / 2;
      this.page.text(title, x, top, 80, 12, { size: 8, bold: true });
      this.page.hline(x + 82, x + 82 + 120, top - 11);
    });
    this.y = top - SIGNATURES;
  }
}

function footers(pages: readonly Page[]): void {
  pages.forEach((page, i) => {
    page.text(
      `${i + 1} / ${pages.length}`,
      LEFT,
      BOTTOM + FOOTER_BAND - 1,
      WIDTH,
      FOOTER_BAND - 2,
      {
        size: 7,
        align: 'center',
        color: MUTED,
      },
    );
  });
}

function headingOf(title: string, subtitle: string) {
  return (page: Page): number => {
    page.text(title, LEFT, TOP, WIDTH, 14, { size: 11, bold: true, align: 'center' });
    page.text(subtitle, LEFT, TOP - 14, WIDTH, 11, { size: 8, align: 'center' });
    return TOP - 14 - 11 - 4;
  };
}

export interface ExportOptions {
  organisation: string;
  language: Language;
  creationDate?: Date;
  fontsDir?: string;
}

/** The fee sheet: each group from a new page, its rows, its total; the grand total last. */
export async function renderFeeSheetPdf(
  sheet: FeeSheet,
  options: ExportOptions,
): Promise<Uint8Array> {
  const words = WORDS[options.language];
  const { pdf, fonts } = await landscapePdf({
    title: `${words.sheetTitle} ${sheet.month}`,
    language: options.language,
    creationDate: options.creationDate,
    fontsDir: options.fontsDir,
  });
  const newPage = () => new Page(pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]), fonts);
  const fixed = [16, 0, 52, 52, 70, 150, 70, 70, 70];
  const nameWidth = WIDTH - fixed.reduce((a, b) => a + b, 0);
  const columns: Column[] = [
    { label: words.number, width: 16, align: 'right' },
    { label: words.child, width: nameWidth, align: 'left' },
    { label: words.chargedDays, width: 52, align: 'center' },
    { label: words.workingDays, width: 52, align: 'center' },
    { label: words.base, width: 70, align: 'right' },
    { label: words.reduction, width: 150, align: 'left' },
    { label: words.reductionAmount, width: 70, align: 'right' },
    { label: words.amount, width: 70, align: 'right' },
    { label: words.paid, width: 70, align: 'right' },
  ];
  const pages: Page[] = [];
  sheet.groups.forEach((group, index) => {
    const table = new Table(
      newPage,
      headingOf(
        words.sheetTitle,
        `${options.organisation} · ${words.group}: ${group.groupName} · ${period(sheet.month, options.language)}`,
      ),
      columns,
    );
    table.start();
    group.rows.forEach((row, i) => {
      table.row([
        String(i + 1),
        fullName(row),
        String(row.chargedDays),
        String(row.workingDays),
        formatTenge(row.base),
        reductionText(row, sheet, options.language),
        row.reductions.length ? formatTenge(reductionSum(row)) : '',
        formatTenge(row.amount),
        formatTenge(row.paid),
      ]);
    });
    const last = index === sheet.groups.length - 1;
    const sum = (pick: (row: FeeSheetRow) => number) =>
      formatTenge(group.rows.reduce((total, row) => total + pick(row), 0));
    table.row(
      [
        '',
        words.groupTotal,
        '',
        '',
        sum((row) => row.base),
        '',
        sum(reductionSum),
        formatTenge(group.total),
        formatTenge(group.paid),
      ],
      { bold: true, fill: true, keep: last ? ROW + SIGNATURES : SIGNATURES },
    );
    if (last) {
      const all = sheet.groups.flatMap((g) => g.rows);
      const allSum = (pick: (row: FeeSheetRow) => number) =>
        formatTenge(all.reduce((total, row) => total + pick(row), 0));
      table.row(
        [
          '',
          words.total,
          '',
          '',
          allSum((row) => row.base),
          '',
          allSum(reductionSum),
          formatTenge(sheet.total),
          formatTenge(sheet.paid),
        ],
        { bold: true, fill: true, keep: SIGNATURES },
      );
      if (sheet.openGroups.length)
        table.note(`${words.open}: ${sheet.openGroups.map((g) => g.groupName).join(', ')}`);
    }
    table.signatures(options.language);
    pages.push(...table.all);
  });
  footers(pages);
  return pdf.save({ useObjectStreams: true });
}

/** The debtors through the month, the largest debt first, with the total. */
export async function renderDebtorsPdf(
  month: string,
  rows: readonly DebtorRow[],
  options: ExportOptions,
): Promise<Uint8Array> {
  const words = WORDS[options.language];
  const { pdf, fonts } = await landscapePdf({
    title: `${words.debtorsTitle} ${month}`,
    language: options.language,
    creationDate: options.creationDate,
    fontsDir: options.fontsDir,
  });
  const newPage = () => new Page(pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]), fonts);
  const fixed = [16, 160, 90, 90, 90];
  const columns: Column[] = [
    { label: words.number, width: 16, align: 'right' },
    { label: words.child, width: WIDTH - fixed.reduce((a, b) => a + b, 0), align: 'left' },
    { label: words.group, width: 160, align: 'left' },
    { label: words.charged, width: 90, align: 'right' },
    { label: words.paidTotal, width: 90, align: 'right' },
    { label: words.debt, width: 90, align: 'right' },
  ];
  const table = new Table(
    newPage,
    headingOf(
      words.debtorsTitle,
      `${options.organisation} · ${period(month, options.language)} ${words.through}`,
    ),
    columns,
  );
  table.start();
  rows.forEach((row, i) => {
    table.row([
      String(i + 1),
      fullName(row),
      row.groupName,
      formatTenge(row.charged),
      formatTenge(row.paid),
      formatTenge(row.balance),
    ]);
  });
  if (rows.length === 0) table.note(words.none);
  const sum = (pick: (row: DebtorRow) => number) =>
    formatTenge(rows.reduce((total, row) => total + pick(row), 0));
  table.row(
    [
      '',
      words.total,
      '',
      sum((row) => row.charged),
      sum((row) => row.paid),
      sum((row) => row.balance),
    ],
    { bold: true, fill: true, keep: SIGNATURES },
  );
  table.signatures(options.language);
  footers(table.all);
  return pdf.save({ useObjectStreams: true });
}

// ---------------------------------------------------------------------------------------
// Workbooks

/** Tenge with a thousands separator, tiyn always shown, and the sign. */
const TENGE_FORMAT = '#,##0.00 "₸"';
const tenge = (tiyn: number) => tiyn / 100;

function workbook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'Balabaqsha Desk';
  book.created = new Date(0);
  book.modified = new Date(0);
  return book;
}

function headerRow(sheet: ExcelJS.Worksheet, labels: readonly string[]): void {
  const row = sheet.addRow([...labels]);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
}

function sumCell(column: string, rows: readonly number[], value: number) {
  const ranges = rows.length ? rows.map((r) => `${column}${r}`).join(',') : '0';
  return { formula: `SUM(${ranges})`, result: tenge(value) };
}

const save = async (book: ExcelJS.Workbook) => new Uint8Array(await book.xlsx.writeBuffer());

/**
 * The fee sheet as one worksheet: a title, then per group its rows and a total row (SUM of
 * its rows), then the grand total (SUM of the group totals).
 */
export async function feeSheetXlsx(sheet: FeeSheet, options: ExportOptions): Promise<Uint8Array> {
  const words = WORDS[options.language];
  const book = workbook();
  const ws = book.addWorksheet(words.sheetName);
  ws.columns = [6, 40, 12, 12, 16, 36, 16, 16, 16].map((width) => ({ width }));
  ws.addRow([
    `${words.sheetTitle} · ${options.organisation} · ${period(sheet.month, options.language)}`,
  ]).font = { bold: true, size: 12 };
  const money = ['E', 'G', 'H', 'I'];
  const totalRows: number[] = [];
  for (const group of sheet.groups) {
    ws.addRow([]);
    ws.addRow([`${words.group}: ${group.groupName}`]).font = { bold: true };
    headerRow(ws, [
      words.number,
      words.child,
      words.chargedDays,
      words.workingDays,
      words.base,
      words.reduction,
      words.reductionAmount,
      words.amount,
      words.paid,
    ]);
    const rowNumbers: number[] = [];
    group.rows.forEach((row, i) => {
      const added = ws.addRow([
        i + 1,
        fullName(row),
        row.chargedDays,
        row.workingDays,
        tenge(row.base),
        reductionText(row, sheet, options.language),
        tenge(reductionSum(row)),
        tenge(row.amount),
        tenge(row.paid),
      ]);
      rowNumbers.push(added.number);
    });
    const sums = [
      group.rows.reduce((t, r) => t + r.base, 0),
      group.rows.reduce((t, r) => t + reductionSum(r), 0),
      group.total,
      group.paid,
    ];
    const total = ws.addRow([
      '',
      words.groupTotal,
      '',
      '',
      sumCell('E', rowNumbers, sums[0]!),
      '',
      sumCell('G', rowNumbers, sums[1]!),
      sumCell('H', rowNumbers, sums[2]!),
      sumCell('I', rowNumbers, sums[3]!),
    ]);
    total.font = { bold: true };
    totalRows.push(total.number);
  }
  ws.addRow([]);
  const all = sheet.groups.flatMap((g) => g.rows);
  const grand = ws.addRow([
    '',
    words.total,
    '',
    '',
    sumCell(
      'E',
      totalRows,
      all.reduce((t, r) => t + r.base, 0),
    ),
    '',
    sumCell(
      'G',
      totalRows,
      all.reduce((t, r) => t + reductionSum(r), 0),
    ),
    sumCell('H', totalRows, sheet.total),
    sumCell('I', totalRows, sheet.paid),
  ]);
  grand.font = { bold: true };
  for (const column of money) ws.getColumn(column).numFmt = TENGE_FORMAT;
  if (sheet.openGroups.length)
    ws.addRow([`${words.open}: ${sheet.openGroups.map((g) => g.groupName).join(', ')}`]);
  return save(book);
}

/** The debtors list as one worksheet with a total row (SUM formulas). */
export async function debtorsXlsx(
  month: string,
  rows: readonly DebtorRow[],
  options: ExportOptions,
): Promise<Uint8Array> {
  const words = WORDS[options.language];
  const book = workbook();
  const ws = book.addWorksheet(words.debtorsSheetName);
  ws.columns = [6, 40, 24, 18, 18, 18].map((width) => ({ width }));
  ws.addRow([
    `${words.debtorsTitle} · ${options.organisation} · ${period(month, options.language)} ${words.through}`,
  ]).font = { bold: true, size: 12 };
  headerRow(ws, [
    words.number,
    words.child,
    words.group,
    words.charged,
    words.paidTotal,
    words.debt,
  ]);
  const rowNumbers = rows.map(
    (row, i) =>
      ws.addRow([
        i + 1,
        fullName(row),
        row.groupName,
        tenge(row.charged),
        tenge(row.paid),
        tenge(row.balance),
      ]).number,
  );
  const total = ws.addRow([
    '',
    words.total,
    '',
    sumCell(
      'D',
      rowNumbers,
      rows.reduce((t, r) => t + r.charged, 0),
    ),
    sumCell(
      'E',
      rowNumbers,
      rows.reduce((t, r) => t + r.paid, 0),
    ),
    sumCell(
      'F',
      rowNumbers,
      rows.reduce((t, r) => t + r.balance, 0),
    ),
  ]);
  total.font = { bold: true };
  for (const column of ['D', 'E', 'F']) ws.getColumn(column).numFmt = TENGE_FORMAT;
  return save(book);
}

export const exportFileName = (
  kind: 'sheet' | 'debtors',
  month: string,
  format: 'pdf' | 'xlsx',
  language: Language,
) => `${kind === 'sheet' ? 'fee-sheet' : 'fee-debtors'}-${month}-${language}.${format}`;
