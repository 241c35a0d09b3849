import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { monthDays } from '../../electron/core/attendance/calendar';
import { ABSENCE_REASONS, DEFAULT_DAY_CODES, legend } from '../../electron/core/attendance/codes';
import {
  inKazakhOrder,
  renderTimesheetPdf,
  type TimesheetPdfChild,
  type TimesheetPdfGroup,
} from '../../electron/core/attendance/timesheet-pdf';
import {
  buildTimesheet,
  type Correction,
  type Mark,
  type Timesheet,
} from '../../electron/core/attendance/timesheet';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { rasterPages } from '../helpers/raster';

const OUT = fileURLToPath(new URL('../../test-results/pdf/', import.meta.url));
const CREATED = new Date('2026-04-01T09:00:00Z');
const SURNAMES = [
  'Әбенов',
  'Қасымова',
  'Ахметов',
  'Өмірбекова',
  'Яковлев',
  'Ұлықбек',
  'Кенжебаева',
  'Іргебаев',
  'Нұрғалиева',
  'Бекова',
  'Шаяхметов',
  'Һадиева',
  'Үсенов',
  'Ғабитова',
  'Ибрагимов',
];
const NAMES = ['Айгерім', 'Нұрсұлтан', 'Әли', 'Мария', 'Дастан', 'Ілияс', 'Жансая', 'Ерасыл'];

function children(count: number): TimesheetPdfChild[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${String(i).padStart(2, '0')}`,
    lastName: SURNAMES[i % SURNAMES.length]! + (i >= SURNAMES.length ? 'а' : ''),
    firstName: NAMES[i % NAMES.length]!,
    patronymic: i === 3 ? 'Нұрсұлтанқызы-Бекмұхамбетқызы' : i % 4 === 0 ? null : 'Серікұлы',
    iin: String(200101_300000 + i * 1_117).padStart(12, '0'),
  }));
}

/** Every working day marked; every reason used, spread over the children and days. */
function marksFor(list: readonly TimesheetPdfChild[], days: Timesheet['days']): Mark[] {
  const marks: Mark[] = [];
  list.forEach((child, c) => {
    days.forEach((day, d) => {
      if (!day.working) return;
      const n = (c * 7 + d * 3) % 11;
      if (n < ABSENCE_REASONS.length && (c + d) % 3 === 0) {
        const reason = ABSENCE_REASONS[n]!;
        marks.push({
          childId: child.id,
          date: day.date,
          status: 'absent',
          reason,
          note: reason === 'other' ? 'Отбасы' : '',
        });
      } else marks.push({ childId: child.id, date: day.date, status: 'present' });
    });
  });
  return marks;
}

function group(count: number, withCorrections: boolean): TimesheetPdfGroup {
  const days = monthDays(2026, 3); // 31 days
  const list = children(count);
  const timesheet = buildTimesheet({ days, children: list, marks: marksFor(list, days) });
  const corrections: Correction[] = withCorrections
    ? [
        {
          childId: list[2]!.id,
          date: '2026-03-10',
          before: { status: 'present' },
          after: { status: 'absent', reason: 'illness', note: '' },
          by: 'dir',
          at: '2026-04-02T10:15',
          reason: 'Анықтама кеш әкелінді / Справка принесена поздно',
        },
        {
          childId: list[5]!.id,
          date: '2026-03-12',
          before: null,
          after: { status: 'present' },
          by: 'dir',
          at: '2026-04-02T10:20',
          reason: 'Белгі ұмытылған',
        },
      ]
    : [];
  return {
    organisation: '«Балапан» бөбекжай-бақшасы',
    groupName: 'Күншуақ',
    month: '2026-03',
    children: list,
    timesheet,
    confirmations: { [list[0]!.id]: 'confirmed', [list[1]!.id]: 'disputed' },
    corrections,
    staffNames: { dir: 'Сейітова Гүлнар' },
    teacherName: 'Әлімова Жанар',
    directorName: 'Сейітова Гүлнар',
  };
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** Dark pixels within `mm` of an edge, and inside: nothing may be cut at the edges. */
function inkNearEdges(
  page: { width: number; height: number; pixels: Buffer },
  dpi: number,
  mm: number,
) {
  const band = Math.floor((mm / 25.4) * dpi);
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < page.height; y++)
    for (let x = 0; x < page.width; x++) {
      if (page.pixels[y * page.width + x]! >= 245) continue;
      if (x < band || y < band || x >= page.width - band || y >= page.height - band) outside++;
      else inside++;
    }
  return { outside, inside };
}

describe('timesheet PDF', () => {
  it('prints 30 children × 31 days on one landscape page per language, read back whole', async () => {
    const g = group(30, true);
    const bytes = await renderTimesheetPdf({
      groups: [g],
      languages: ['kk', 'ru'],
      creationDate: CREATED,
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(`${OUT}timesheet.pdf`, bytes);
    const pages = await extractPdfText(bytes);
    // kk timesheet, kk corrections, ru timesheet, ru corrections.
    expect(pages).toHaveLength(4);
    expect(pages[0]).toContain('Балалардың келуін есепке алу табелі');
    expect(pages[1]).toContain('Ай жабылғаннан кейінгі түзетулер');
    expect(pages[2]).toContain('Табель посещаемости детей');
    expect(pages[3]).toContain('Исправления после закрытия месяца');
    expect(pages[0]).toContain('наурыз 2026');
    expect(pages[2]).toContain('март 2026');

    const ordered = inKazakhOrder(g.children);
    // Kazakh order: Ә right after А and І between Ш and Я, not both after Я.
    const surnames = ordered.map((c) => c.lastName);
    expect(surnames.slice(0, 4)).toEqual(['Ахметов', 'Ахметова', 'Әбенов', 'Әбенова']);
    expect(surnames.slice(-5)).toEqual([
      'Шаяхметова',
      'Іргебаев',
      'Іргебаева',
      'Яковлев',
      'Яковлева',
    ]);
    for (const [pageIndex, language] of [
      [0, 'kk'],
      [2, 'ru'],
    ] as const) {
      const text = squash(pages[pageIndex]!);
      let from = 0;
      ordered.forEach((child, i) => {
        const row = g.timesheet.rows.find((r) => r.childId === child.id)!;
        const codes = row.cells.map((cell) =>
          cell.status === 'present'
            ? DEFAULT_DAY_CODES.present.code[language]
            : cell.status === 'absent'
              ? DEFAULT_DAY_CODES.reasons[cell.reason].code[language]
              : '',
        );
        const name = [child.lastName, child.firstName, child.patronymic].filter(Boolean).join(' ');
        const { attended, absentValid, absentWithout } = row.totals;
        const status = g.confirmations?.[child.id];
        const confirmation = status === 'confirmed' ? '✓' : status === 'disputed' ? '!' : '';
        const expected = squash(`${codes.join('')}${i + 1}${name}${child.iin}${confirmation}`);
        // Rows in Kazakh order: each found after the one before it.
        const at = text.indexOf(expected, from);
        expect(at, `${language} row ${i + 1}`).toBeGreaterThanOrEqual(0);
        from = at + expected.length;
        const totalsText = squash(text.slice(from, from + 40));
        expect(
          totalsText.startsWith(`${attended}${absentValid}${absentWithout}`),
          `${language} totals ${i + 1}`,
        ).toBe(true);
      });
      // Every code of the legend, with its words, and the per-day totals.
      for (const entry of legend(language))
        expect(text).toContain(squash(`${entry.code} — ${entry.name}`));
      const perDay = g.timesheet.dayTotals
        .filter((d) => d.working)
        .map((d) => d.attended)
        .join('');
      expect(text).toContain(`${perDay}${g.timesheet.totals.attended}`);
      expect(text).toContain(squash(language === 'kk' ? 'Тәрбиеші' : 'Воспитатель'));
      expect(text).toContain(squash('Әлімова Жанар'));
    }
    // The corrections: old and new value, who, when, why.
    const kkCorrections = squash(pages[1]!);
    expect(kkCorrections).toContain(squash('10.03.2026'));
    expect(kkCorrections).toContain(squash('+ — Келді'));
    expect(kkCorrections).toContain(squash('А — Ауру'));
    expect(kkCorrections).toContain(squash('белгі жоқ'));
    expect(kkCorrections).toContain(squash('02.04.2026 10:15'));
    expect(kkCorrections).toContain(squash('Сейітова Гүлнар'));
    expect(kkCorrections).toContain(squash('Анықтама кеш әкелінді'));
    expect(squash(pages[3]!)).toContain(squash('Б — Болезнь'));

    // Rendered: landscape, nothing within 9 mm of an edge (10 mm margins), no blank page.
    const raster = rasterPages(bytes, 50);
    expect(raster).toHaveLength(4);
    raster.forEach((page, i) => {
      expect(page.width).toBeGreaterThan(page.height);
      const ink = inkNearEdges(page, 50, 9);
      expect(ink.outside, `page ${i + 1}: ink at the edges`).toBe(0);
      expect(ink.inside, `page ${i + 1}: blank`).toBeGreaterThan(0);
    });
  });

  it('continues a large group on a second page, totals and signatures on the last', async () => {
    const g = group(48, false);
    const bytes = await renderTimesheetPdf({
      groups: [g],
      languages: ['ru'],
      creationDate: CREATED,
    });
    const pages = await extractPdfText(bytes);
    expect(pages).toHaveLength(2);
    const all = squash(pages.join(''));
    for (const child of g.children) expect(all).toContain(squash(child.iin));
    expect(squash(pages[0]!)).not.toContain('Воспитатель');
    expect(squash(pages[1]!)).toContain('Воспитатель');
    expect(squash(pages[1]!)).toContain('Присутствовало');
    for (const page of rasterPages(bytes, 50)) expect(inkNearEdges(page, 50, 9).outside).toBe(0);
  });

  it('prints only the language asked for, without a corrections page when there are none', async () => {
    const bytes = await renderTimesheetPdf({
      groups: [group(5, false), group(3, false)],
      languages: ['kk'],
    });
    const pages = await extractPdfText(bytes);
    expect(pages).toHaveLength(2);
    expect(pages.join('')).not.toContain('Табель посещаемости');
    expect(pages.join('')).not.toContain('түзетулер');
  });
});
