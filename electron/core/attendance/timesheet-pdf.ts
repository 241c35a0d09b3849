import { join } from 'node:path';
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
  type PDFName,
  type PDFPage,
} from 'pdf-lib';
import { kazakhSortKey } from '../../../db/kazakh-order';
import { fullName } from '../children/fields';
import { defaultFontsDir, PRODUCER, readFont, textWidth, wrapText } from '../pdf/document';
import { MONTH_NAMES } from '../vocabulary/months';
import { ELSEWHERE_REASONS } from './attendance-record';
import type { IsoMonth } from './calendar';
import { DEFAULT_DAY_CODES, legend, type DayCodeTemplate, type Language } from './codes';
import type { ChildMonthStatus, Correction, MarkValue, Timesheet } from './timesheet';

/**
 * The monthly timesheet (табель) of one or many groups as an A4 landscape PDF: a table of the
 * children in Kazakh order with their IIN, one column per day of the month with the day codes
 * (non-working days shaded), totals per child and per day, the legend, and the teacher's and
 * director's signature lines; then, when the month was changed after closing, the list of
 * corrections. In both languages a group gets a full set of pages per language (Kazakh
 * first): each set reads and is signed on its own, which a bilingual header over 31 narrow
 * columns could not do legibly. A group of 30+ children continues on the next page with the
 * header repeated; totals, legend and signatures close the last page.
 *
 * The flowing builder in pdf/document.ts is portrait and has no fixed grid, so this lays out
 * its own page with pdf-lib, with the same fonts and measuring (textWidth, wrapText).
 */

const fontkit = ((fontkitNamespace as unknown as { default?: unknown }).default ??
  fontkitNamespace) as typeof fontkitNamespace;

const MM = 72 / 25.4;
export const PAGE_WIDTH = 841.89; // A4 landscape
export const PAGE_HEIGHT = 595.28;
const MARGIN = 10 * MM;
export const LEFT = MARGIN;
export const RIGHT = PAGE_WIDTH - MARGIN;
export const TOP = PAGE_HEIGHT - MARGIN;
export const BOTTOM = MARGIN;
export const WIDTH = RIGHT - LEFT;

const ROW_HEIGHT = 11;
const HEADER_HEIGHT = 26;
const CELL_SIZE = 7;
const SMALL = 5.5;
const PAD = 1.5;
const RULE = 0.5;
const FOOTER_BAND = 10;

const TEXT = rgb(0.08, 0.08, 0.08);
const GRID = rgb(0.55, 0.55, 0.55);
const SHADE = rgb(0.86, 0.86, 0.86);
export const HEAD_FILL = rgb(0.94, 0.94, 0.94);
export const MUTED = rgb(0.35, 0.35, 0.35);

const COLUMN = { number: 16, name: 140, iin: 54, confirmation: 13, total: 28 } as const;
/** Rows grow up to this when the page has room (fewer children), never below ROW_HEIGHT. */
const MAX_ROW_HEIGHT = 14;

interface Words {
  title: string;
  months: readonly string[];
  weekdays: readonly string[];
  group: string;
  number: string;
  child: string;
  iin: string;
  totals: readonly [string, string, string];
  dayTotals: readonly [string, string, string];
  legend: string;
  dayOff: string;
  confirmation: string;
  confirmed: string;
  disputed: string;
  teacher: string;
  director: string;
  corrections: string;
  correctionColumns: readonly [string, string, string, string, string, string, string];
  noMark: string;
  /** The reasons of a change made on another device (ELSEWHERE_REASONS), in words. */
  elsewhere: Readonly<Record<string, string>>;
}

const WORDS: Record<Language, Words> = {
  kk: {
    title: 'Балалардың келуін есепке алу табелі',
    months: MONTH_NAMES.kk,
    weekdays: ['Жс', 'Дс', 'Сс', 'Ср', 'Бс', 'Жм', 'Сб'],
    group: 'Топ',
    number: '№',
    child: 'Баланың тегі, аты, әкесінің аты',
    iin: 'ЖСН',
    totals: ['Келген күндер', 'Дәлелді себеппен', 'Себепсіз'],
    dayTotals: ['Келгендер', 'Дәлелді себеппен жоқ', 'Себепсіз жоқ'],
    legend: 'Белгілер',
    dayOff: 'сұр баған — жұмыс емес күн',
    confirmation: '✓',
    confirmed: '✓ — ата-ана айды растады',
    disputed: '! — ата-ана дау айтты',
    teacher: 'Тәрбиеші',
    director: 'Меңгеруші',
    corrections: 'Ай жабылғаннан кейінгі түзетулер',
    correctionColumns: ['Күні', 'Бала', 'Бұрын', 'Кейін', 'Кім түзетті', 'Қашан', 'Себебі'],
    noMark: 'белгі жоқ',
    elsewhere: {
      [ELSEWHERE_REASONS.reopened]: 'басқа құрылғыда қайта ашылды',
    },
  },
  ru: {
    title: 'Табель посещаемости детей',
    months: MONTH_NAMES.ru,
    weekdays: ['Вс', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'],
    group: 'Группа',
    number: '№',
    child: 'Фамилия, имя, отчество ребёнка',
    iin: 'ИИН',
    totals: ['Посещено дней', 'Пропуск уважит.', 'Пропуск неуважит.'],
    dayTotals: [
      'Присутствовало',
      'Отсутствовало по уважит. причине',
      'Отсутствовало без уважит. причины',
    ],
    legend: 'Условные обозначения',
    dayOff: 'серый столбец — нерабочий день',
    confirmation: '✓',
    confirmed: '✓ — родитель подтвердил месяц',
    disputed: '! — родитель оспорил',
    teacher: 'Воспитатель',
    director: 'Заведующая',
    corrections: 'Исправления после закрытия месяца',
    correctionColumns: ['Дата', 'Ребёнок', 'Было', 'Стало', 'Кто исправил', 'Когда', 'Причина'],
    noMark: 'нет отметки',
    elsewhere: {
      [ELSEWHERE_REASONS.reopened]: 'открыт заново на другом устройстве',
    },
  },
};

export interface TimesheetPdfChild {
  id: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  iin: string;
}

export interface TimesheetPdfGroup {
  organisation: string;
  groupName: string;
  month: IsoMonth;
  /** Any order: printed in Kazakh alphabetical order of surname, name, patronymic. */
  children: readonly TimesheetPdfChild[];
  /** Built for these children (rows matched by child id). */
  timesheet: Timesheet;
  /** Parents' answers once the month is closed: a column appears when given. */
  confirmations?: Readonly<Record<string, ChildMonthStatus>>;
  corrections?: readonly Correction[];
  /** Staff names by id, for the corrections' "who". */
  staffNames?: Readonly<Record<string, string>>;
  teacherName?: string;
  directorName?: string;
}

export interface TimesheetPdfOptions {
  groups: readonly TimesheetPdfGroup[];
  /** ['kk'], ['ru'] or both (a set of pages per language, in the order given). */
  languages: readonly Language[];
  template?: DayCodeTemplate;
  creationDate?: Date;
  /** Folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf; default resources/fonts. */
  fontsDir?: string;
}

/** Surname, then name, then patronymic, each in Kazakh alphabetical order. */
export function inKazakhOrder<T extends TimesheetPdfChild>(children: readonly T[]): T[] {
  const keyed = children.map((child) => ({
    child,
    keys: [child.lastName, child.firstName, child.patronymic].map(kazakhSortKey),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < 3; i++) {
      if (a.keys[i]! !== b.keys[i]!) return a.keys[i]! < b.keys[i]! ? -1 : 1;
    }
    return a.child.id < b.child.id ? -1 : 1;
  });
  return keyed.map((entry) => entry.child);
}

/** '2026-03-10' → '10.03.2026'; '2026-04-02T10:00…' → '02.04.2026 10:00'. */
function formatDate(value: string): string {
  const date = `${value.slice(8, 10)}.${value.slice(5, 7)}.${value.slice(0, 4)}`;
  const time = value.slice(11, 16);
  return time ? `${date} ${time}` : date;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /**
   * Each text's glyph codes, per font: a timesheet repeats the same few strings (codes, day
   * numbers, counts) thousands of times, and pdf-lib's drawText shapes every one anew.
   */
  encoded: Map<PDFFont, Map<string, PDFHexString>>;
}

type Align = 'left' | 'center' | 'right';

/** A landscape page with fixed-grid drawing: also the fee sheet's (fees/fees-pdf.ts). */
export class Page {
  private readonly fontKeys = new Map<PDFFont, PDFName>();

  constructor(
    readonly page: PDFPage,
    private readonly fonts: Fonts,
  ) {}

  private draw(value: string, font: PDFFont, size: number, x: number, y: number, color: Color) {
    let cache = this.fonts.encoded.get(font);
    if (!cache) this.fonts.encoded.set(font, (cache = new Map()));
    let hex = cache.get(value);
    if (!hex) cache.set(value, (hex = PDFHexString.of(font.encodeText(value).asString())));
    let key = this.fontKeys.get(font);
    if (!key)
      this.fontKeys.set(font, (key = this.page.node.newFontDictionary(font.name, font.ref)));
    this.page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingColor(color),
      setFontAndSize(key, size),
      moveText(x, y),
      showText(hex),
      endText(),
      popGraphicsState(),
    );
  }

  /** One line in a box whose top is `top`, vertically centred, clipped to `width` by shrinking. */
  text(
    value: string,
    x: number,
    top: number,
    width: number,
    height: number,
    options: { size?: number; bold?: boolean; align?: Align; color?: Color } = {},
  ): void {
    if (!value) return;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    let size = options.size ?? CELL_SIZE;
    const inner = width - 2 * PAD;
    const measured = textWidth(font, value, size);
    if (measured > inner) size = Math.max((size * inner) / measured, 3);
    const drawn = textWidth(font, value, size);
    const left =
      options.align === 'center'
        ? x + (width - drawn) / 2
        : options.align === 'right'
          ? x + width - PAD - drawn
          : x + PAD;
    const ascent = font.heightAtSize(size, { descender: false });
    const glyph = font.heightAtSize(size);
    this.draw(value, font, size, left, top - (height - glyph) / 2 - ascent, options.color ?? TEXT);
  }

  /**
   * Text wrapped in a box: at `size` when it fits the height, else smaller (down to 4.5 pt),
   * and only then, if at all, the last line is cut with "…".
   */
  wrapped(
    value: string,
    x: number,
    top: number,
    width: number,
    height: number,
    options: { size?: number; bold?: boolean; align?: Align } = {},
  ): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const inner = width - 2 * PAD;
    let size = options.size ?? CELL_SIZE;
    // Words are not broken while a smaller size (down to 4 pt) keeps the longest on a line.
    const longest = Math.max(...value.split(/\s+/).map((word) => textWidth(font, word, size)));
    if (longest > inner) size = Math.max((size * inner) / longest, Math.min(size, 4));
    let lines = wrapText(value, font, size, inner);
    while (lines.length * size * 1.15 > height - 1 && size > 4.5) {
      size = Math.max(size - 0.25, 4.5);
      lines = wrapText(value, font, size, inner);
    }
    const fit = Math.max(Math.floor((height - 1) / (size * 1.15)), 1);
    if (lines.length > fit) {
      lines = lines.slice(0, fit);
      lines[fit - 1] = `${lines[fit - 1]!.replace(/.$/u, '')}…`;
    }
    const lineHeight = size * 1.15;
    const start = top - (height - lines.length * lineHeight) / 2;
    lines.forEach((line, i) => {
      this.text(line, x, start - i * lineHeight, width, lineHeight, { ...options, size });
    });
  }

  fill(x: number, top: number, width: number, height: number, color: Color) {
    this.page.drawRectangle({ x, y: top - height, width, height, color });
  }

  hline(x1: number, x2: number, y: number, thickness = RULE) {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color: GRID });
  }

  vline(x: number, y1: number, y2: number, thickness = RULE) {
    this.page.drawLine({ start: { x, y: y1 }, end: { x, y: y2 }, thickness, color: GRID });
  }
}

interface Columns {
  number: number;
  name: number;
  iin: number;
  confirmation: number | null;
  days: number;
  dayWidth: number;
  totals: number;
  end: number;
}

function columns(dayCount: number, withConfirmation: boolean): Columns {
  const number = LEFT;
  const name = number + COLUMN.number;
  const iin = name + COLUMN.name;
  const confirmation = withConfirmation ? iin + COLUMN.iin : null;
  const days = iin + COLUMN.iin + (withConfirmation ? COLUMN.confirmation : 0);
  const totals = RIGHT - 3 * COLUMN.total;
  return {
    number,
    name,
    iin,
    confirmation,
    days,
    dayWidth: (totals - days) / dayCount,
    totals,
    end: RIGHT,
  };
}

function markText(value: MarkValue | null, language: Language, template: DayCodeTemplate): string {
  if (!value) return WORDS[language].noMark;
  const entry = value.status === 'present' ? template.present : template.reasons[value.reason];
  const note = value.status === 'absent' && value.note ? ` (${value.note})` : '';
  return `${entry.code[language]} — ${entry.name[language]}${note}`;
}

class TimesheetLayout {
  private pages: Page[] = [];

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
    private readonly template: DayCodeTemplate,
  ) {}

  get all(): readonly Page[] {
    return this.pages;
  }

  private newPage(): Page {
    const page = new Page(this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]), this.fonts);
    this.pages.push(page);
    return page;
  }

  /** Title lines; returns the y below them. */
  private heading(page: Page, group: TimesheetPdfGroup, language: Language, title: string): number {
    const words = WORDS[language];
    const [year, month] = group.month.split('-').map(Number) as [number, number];
    let y = TOP;
    page.text(title, LEFT, y, WIDTH, 14, { size: 11, bold: true, align: 'center' });
    y -= 14;
    const period = `${words.months[month - 1]} ${year}`;
    page.text(
      `${group.organisation} · ${words.group}: ${group.groupName} · ${period}`,
      LEFT,
      y,
      WIDTH,
      11,
      { size: 8, align: 'center' },
    );
    return y - 11 - 4;
  }

  timesheet(group: TimesheetPdfGroup, language: Language): void {
    const words = WORDS[language];
    const sheet = group.timesheet;
    const days = sheet.days;
    const rowsById = new Map(sheet.rows.map((row) => [row.childId, row]));
    const children = inKazakhOrder(group.children).filter((child) => rowsById.has(child.id));
    const withConfirmation = group.confirmations !== undefined;
    const col = columns(days.length, withConfirmation);
    const legendEntries = legend(language, this.template);

    // Room for what closes the last page: per-day totals, legend, signatures.
    const totalsHeight = 3 * ROW_HEIGHT;
    const legendHeight = this.legendText(legendEntries, withConfirmation, language).length * 9 + 4;
    const signatureHeight = 30;
    const closingHeight = totalsHeight + 4 + legendHeight + signatureHeight;

    let index = 0;
    let first = true;
    while (first || index < children.length) {
      first = false;
      const page = this.newPage();
      let y = this.heading(page, group, language, words.title);
      const tableTop = y;
      this.tableHeader(page, col, days, language, y);
      y -= HEADER_HEIGHT;
      const room = y - (BOTTOM + FOOTER_BAND);
      const fitAll = Math.floor((room - closingHeight) / ROW_HEIGHT);
      const rest = children.length - index;
      // Not all fit with the closing part: fill this page, leaving at least one for the last.
      const count =
        rest <= fitAll ? rest : Math.max(Math.min(Math.floor(room / ROW_HEIGHT), rest - 1), 1);
      // A smaller group gets taller rows, easier to read and to write in by hand.
      const rowHeight =
        rest <= fitAll && rest > 0
          ? Math.min(
              MAX_ROW_HEIGHT,
              Math.max(ROW_HEIGHT, Math.floor(((room - closingHeight) / rest) * 4) / 4),
            )
          : ROW_HEIGHT;
      const rules: number[] = [];
      for (const child of children.slice(index, index + count)) {
        index++;
        this.childRow(
          page,
          col,
          group,
          child,
          rowsById.get(child.id)!,
          index,
          language,
          y,
          rowHeight,
        );
        y -= rowHeight;
        rules.push(y);
      }
      const last = index >= children.length;
      if (last) {
        this.dayTotalsRows(page, col, sheet, language, y);
        for (let r = 1; r <= 3; r++) rules.push(y - r * ROW_HEIGHT);
        y -= totalsHeight;
      }
      this.grid(page, col, days.length, tableTop, y, rules);
      if (!last) continue;
      y -= 4;
      y = this.legendLines(page, legendEntries, withConfirmation, language, y);
      this.signatures(page, group, language, y - 6);
    }
  }

  private tableHeader(
    page: Page,
    col: Columns,
    days: Timesheet['days'],
    language: Language,
    top: number,
  ) {
    const words = WORDS[language];
    page.fill(LEFT, top, WIDTH, HEADER_HEIGHT, HEAD_FILL);
    days.forEach((day, i) => {
      if (!day.working)
        page.fill(col.days + i * col.dayWidth, top, col.dayWidth, HEADER_HEIGHT, SHADE);
    });
    const h = HEADER_HEIGHT;
    page.text(words.number, col.number, top, COLUMN.number, h, {
      size: SMALL,
      bold: true,
      align: 'center',
    });
    page.wrapped(words.child, col.name, top, COLUMN.name, h, {
      size: SMALL,
      bold: true,
      align: 'center',
    });
    page.text(words.iin, col.iin, top, COLUMN.iin, h, { size: SMALL, bold: true, align: 'center' });
    if (col.confirmation !== null)
      page.text(words.confirmation, col.confirmation, top, COLUMN.confirmation, h, {
        size: SMALL,
        bold: true,
        align: 'center',
      });
    days.forEach((day, i) => {
      const x = col.days + i * col.dayWidth;
      page.text(String(day.day), x, top - 4, col.dayWidth, 10, {
        size: CELL_SIZE,
        bold: true,
        align: 'center',
      });
      page.text(words.weekdays[day.weekday]!, x, top - 14, col.dayWidth, 8, {
        size: 4.5,
        align: 'center',
        color: MUTED,
      });
    });
    words.totals.forEach((label, i) => {
      page.wrapped(label, col.totals + i * COLUMN.total, top, COLUMN.total, h, {
        size: 4.5,
        bold: true,
        align: 'center',
      });
    });
  }

  private childRow(
    page: Page,
    col: Columns,
    group: TimesheetPdfGroup,
    child: TimesheetPdfChild,
    row: Timesheet['rows'][number],
    number: number,
    language: Language,
    top: number,
    h: number,
  ) {
    row.cells.forEach((cell, i) => {
      const x = col.days + i * col.dayWidth;
      if (cell.status === 'dayOff') page.fill(x, top, col.dayWidth, h, SHADE);
      const code =
        cell.status === 'present'
          ? this.template.present.code[language]
          : cell.status === 'absent'
            ? this.template.reasons[cell.reason].code[language]
            : '';
      page.text(code, x, top, col.dayWidth, h, { align: 'center' });
    });
    page.text(String(number), col.number, top, COLUMN.number, h, { align: 'right' });
    page.wrapped(fullName(child), col.name, top, COLUMN.name, h);
    page.text(child.iin, col.iin, top, COLUMN.iin, h, { size: 6.5, align: 'center' });
    if (col.confirmation !== null) {
      const status = group.confirmations?.[child.id];
      const mark = status === 'confirmed' ? '✓' : status === 'disputed' ? '!' : '';
      page.text(mark, col.confirmation, top, COLUMN.confirmation, h, {
        bold: true,
        align: 'center',
      });
    }
    const { attended, absentValid, absentWithout } = row.totals;
    [attended, absentValid, absentWithout].forEach((value, i) => {
      page.text(String(value), col.totals + i * COLUMN.total, top, COLUMN.total, h, {
        bold: true,
        align: 'center',
      });
    });
  }

  private dayTotalsRows(
    page: Page,
    col: Columns,
    sheet: Timesheet,
    language: Language,
    top: number,
  ) {
    const words = WORDS[language];
    const keys = ['attended', 'absentValid', 'absentWithout'] as const;
    keys.forEach((key, r) => {
      const rowTop = top - r * ROW_HEIGHT;
      page.fill(LEFT, rowTop, col.days - LEFT, ROW_HEIGHT, HEAD_FILL);
      page.text(words.dayTotals[r]!, col.name, rowTop, col.days - col.name, ROW_HEIGHT, {
        size: 6,
        bold: true,
      });
      sheet.dayTotals.forEach((day, i) => {
        const x = col.days + i * col.dayWidth;
        if (!day.working) {
          page.fill(x, rowTop, col.dayWidth, ROW_HEIGHT, SHADE);
          return;
        }
        page.text(String(day[key]), x, rowTop, col.dayWidth, ROW_HEIGHT, {
          size: 6,
          align: 'center',
        });
      });
      page.text(
        String(sheet.totals[key]),
        col.totals + r * COLUMN.total,
        rowTop,
        COLUMN.total,
        ROW_HEIGHT,
        {
          bold: true,
          align: 'center',
        },
      );
    });
  }

  private grid(
    page: Page,
    col: Columns,
    dayCount: number,
    top: number,
    bottom: number,
    rules: readonly number[],
  ) {
    const inset = RULE / 2;
    page.hline(LEFT, RIGHT, top - HEADER_HEIGHT);
    for (const y of rules) page.hline(LEFT, RIGHT, y);
    page.hline(LEFT, RIGHT, top - inset, 0.8);
    page.hline(LEFT, RIGHT, bottom + inset, 0.8);
    const xs = [
      col.name,
      col.iin,
      col.days,
      col.totals,
      col.totals + COLUMN.total,
      col.totals + 2 * COLUMN.total,
    ];
    if (col.confirmation !== null) xs.push(col.confirmation);
    for (let i = 1; i < dayCount; i++) xs.push(col.days + i * col.dayWidth);
    for (const x of xs) page.vline(x, top, bottom);
    page.vline(LEFT + inset, top, bottom, 0.8);
    page.vline(RIGHT - inset, top, bottom, 0.8);
  }

  private legendText(
    entries: ReturnType<typeof legend>,
    withConfirmation: boolean,
    language: Language,
  ): string[] {
    const words = WORDS[language];
    const parts = [
      ...entries.map((entry) => `${entry.code} — ${entry.name}`),
      words.dayOff,
      ...(withConfirmation ? [words.confirmed, words.disputed] : []),
    ];
    return wrapText(`${words.legend}: ${parts.join('; ')}`, this.fonts.regular, 6.5, WIDTH);
  }

  private legendLines(
    page: Page,
    entries: ReturnType<typeof legend>,
    withConfirmation: boolean,
    language: Language,
    top: number,
  ): number {
    const lines = this.legendText(entries, withConfirmation, language);
    lines.forEach((line, i) =>
      page.text(line, LEFT, top - i * 9, WIDTH + 2 * PAD, 9, { size: 6.5 }),
    );
    return top - lines.length * 9;
  }

  private signatures(
    page: Page,
    group: TimesheetPdfGroup,
    language: Language,
    top: number,
    directorOnly = false,
  ) {
    const words = WORDS[language];
    const half = WIDTH / 2;
    const parties: [string, string | undefined][] = [
      ...(directorOnly ? [] : [[words.teacher, group.teacherName] as [string, string | undefined]]),
      [words.director, group.directorName],
    ];
    parties.forEach(([title, name], i) => {
      const x = LEFT + i * half;
      page.text(title, x, top, 70, 12, { size: 8, bold: true });
      page.hline(x + 72, x + 72 + 110, top - 11);
      page.text(name ? `/ ${name} /` : '', x + 186, top, half - 190, 12, { size: 8 });
    });
  }

  corrections(group: TimesheetPdfGroup, language: Language): void {
    const list = [...(group.corrections ?? [])].sort((a, b) =>
      a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
    );
    if (list.length === 0) return;
    const words = WORDS[language];
    const names = new Map(group.children.map((child) => [child.id, fullName(child)]));
    const widths = [52, 140, 120, 120, 100, 62];
    widths.push(WIDTH - widths.reduce((a, b) => a + b, 0));
    const rowHeight = 2 * ROW_HEIGHT;
    let index = 0;
    let page: Page | undefined;
    let y = 0;
    while (index < list.length) {
      const current = this.newPage();
      page = current;
      y = this.heading(current, group, language, `${words.corrections}`);
      const tableTop = y;
      page.fill(LEFT, y, WIDTH, 14, HEAD_FILL);
      let x = LEFT;
      words.correctionColumns.forEach((label, i) => {
        current.text(label, x, y, widths[i]!, 14, { size: 6.5, bold: true, align: 'center' });
        x += widths[i]!;
      });
      y -= 14;
      while (index < list.length && y - rowHeight >= BOTTOM + FOOTER_BAND) {
        const c = list[index++]!;
        const cells = [
          formatDate(c.date),
          names.get(c.childId) ?? '',
          markText(c.before, language, this.template),
          markText(c.after, language, this.template),
          group.staffNames?.[c.by] ?? '',
          formatDate(c.at),
          words.elsewhere[c.reason] ?? c.reason,
        ];
        x = LEFT;
        cells.forEach((value, i) => {
          current.wrapped(value, x, y, widths[i]!, rowHeight, { size: 6.5 });
          x += widths[i]!;
        });
        y -= rowHeight;
        page.hline(LEFT, RIGHT, y);
      }
      page.hline(LEFT, RIGHT, tableTop - RULE / 2, 0.8);
      page.hline(LEFT, RIGHT, tableTop - 14);
      x = LEFT;
      for (const width of [0, ...widths.slice(0, -1)]) {
        x += width;
        page.vline(x === LEFT ? LEFT + RULE / 2 : x, tableTop, y);
      }
      page.vline(RIGHT - RULE / 2, tableTop, y);
    }
    // The director signs the list: under it, or on a page of its own when it is full.
    if (!page || y - 8 - 30 < BOTTOM + FOOTER_BAND) {
      page = this.newPage();
      y = this.heading(page, group, language, words.corrections);
    }
    this.signatures(page, group, language, y - 8, true);
  }

  footers(): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      page.text(`${i + 1} / ${total}`, LEFT, BOTTOM + FOOTER_BAND - 1, WIDTH, FOOTER_BAND - 2, {
        size: 7,
        align: 'center',
        color: MUTED,
      });
    });
  }
}

/**
 * An empty A4 landscape PDF with the fonts embedded and the metadata set. `title` must carry
 * no personal data (it shows in print queues).
 */
export async function landscapePdf(options: {
  title: string;
  language: Language;
  creationDate?: Date;
  fontsDir?: string;
}): Promise<{ pdf: PDFDocument; fonts: Fonts }> {
  const fontsDir = options.fontsDir ?? defaultFontsDir();
  const [regularBytes, boldBytes] = await Promise.all([
    readFont(join(fontsDir, 'DejaVuSans.ttf')),
    readFont(join(fontsDir, 'DejaVuSans-Bold.ttf')),
  ]);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const fonts = {
    regular: await pdf.embedFont(regularBytes, { subset: true }),
    bold: await pdf.embedFont(boldBytes, { subset: true }),
    encoded: new Map(),
  };
  const date = options.creationDate ?? new Date();
  pdf.setTitle(options.title, { showInWindowTitleBar: true });
  pdf.setLanguage(options.language);
  pdf.setProducer(PRODUCER);
  pdf.setCreator(PRODUCER);
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
  return { pdf, fonts };
}

/** The timesheets of the groups, each in the languages asked for, as one PDF. */
export async function renderTimesheetPdf(options: TimesheetPdfOptions): Promise<Uint8Array> {
  if (options.languages.length === 0) throw new Error('A timesheet needs a language');
  if (options.groups.length === 0) throw new Error('A timesheet needs a group');
  const language = options.languages[0]!;
  // No personal data in the title (it shows in print queues): the kind of document and month.
  const months = [...new Set(options.groups.map((g) => g.month))].join(', ');
  const { pdf, fonts } = await landscapePdf({
    title: `${WORDS[language].title} ${months}`.trim(),
    language,
    creationDate: options.creationDate,
    fontsDir: options.fontsDir,
  });

  const layout = new TimesheetLayout(pdf, fonts, options.template ?? DEFAULT_DAY_CODES);
  for (const group of options.groups) {
    for (const lang of options.languages) {
      layout.timesheet(group, lang);
      layout.corrections(group, lang);
    }
  }
  layout.footers();
  return pdf.save({ useObjectStreams: true });
}
