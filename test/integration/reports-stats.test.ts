import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { STATS_CSV_HEADER, STATS_TABLES } from '../../electron/core/reports/anonymised';
import { SMALL_CELL } from '../../electron/core/reports/suppression';
import { COUNTED_CHILD_SQL } from '../../electron/core/reports/stats-facts';
import { SUPPRESSED } from '../../electron/core/reports/stats-xlsx';
import { addStaff } from '../helpers/staff';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { auditDetailText } from '../../electron/core/vocabulary/audit-details';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';

/**
 * The anonymised statistics export (issue 15 item 2) on a seeded store of 300 children: the
 * CSV and the .xlsx hold no seeded IIN, name, birth date, phone, address or e-mail (every
 * value searched for in the CSV's text and in the text of every XML part of the workbook),
 * every count is ≥ 5 or suppressed, the two files publish the same cells, the export is
 * audited with what it suppressed (counts only), and the CLI writes the same file owner-only.
 */

const CHILDREN = 300;

/** The text of every part of a zip archive (an .xlsx), XML entities decoded. */
function zipTexts(bytes: Buffer): Map<string, string> {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end, 'end of central directory').toBeGreaterThan(0);
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const parts = new Map<string, string>();
  for (let i = 0; i < entries; i++) {
    expect(bytes.readUInt32LE(at)).toBe(0x02014b50);
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    parts.set(
      name,
      data
        .toString('utf8')
        .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

/**
 * Whether `text` holds `secret`. A short number (a certificate or ID document number) counts
 * only standing alone: the workbook's theme and styles hold digit runs such as 100000 that
 * say nothing about a child. An IIN (12 digits) or any text counts anywhere.
 */
function holds(text: string, secret: string): boolean {
  if (/^\d{1,11}$/.test(secret)) return new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text);
  return text.includes(secret);
}

/** `;`-separated fields, a quoted field's doubled quotes undone (RFC 4180). */
function csvRows(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => {
      const fields: string[] = [];
      let at = 0;
      while (at <= line.length) {
        if (line[at] === '"') {
          let value = '';
          at++;
          for (;;) {
            const quote = line.indexOf('"', at);
            value += line.slice(at, quote);
            at = quote + 1;
            if (line[at] === '"') {
              value += '"';
              at++;
            } else break;
          }
          fields.push(value);
          at++;
        } else {
          const next = line.indexOf(';', at);
          const stop = next < 0 ? line.length : next;
          fields.push(line.slice(at, stop));
          at = stop + 1;
        }
      }
      return fields;
    });
}

describe('the anonymised statistics export of a seeded kindergarten', () => {
  const root = tempFolder();
  const out = join(root, 'out');
  let fixture: Fixture;
  /** Every personal value the seed wrote, in each form a file could hold it. */
  const secrets: string[] = [];
  let counted = 0;
  let csv: { fileName: string; text: string; suppressed: number; cells: number };
  let xlsx: { fileName: string; bytes: Buffer; suppressed: number };

  beforeAll(async () => {
    mkdirSync(out);
    fixture = await newStore(root);
    const { core } = fixture;
    await seedKindergarten(core.services.store(), {
      children: CHILDREN,
      withDocuments: 0,
      actorId: core.services.session!.accountId,
      dataDir: core.services.dataDir,
    });
    const sqlite = core.services.store().sqlite;
    const values = (sql: string) =>
      (sqlite.prepare(sql).raw().all() as (string | null)[][])
        .flat()
        .filter((value): value is string => !!value && value.trim() !== '');
    const childValues = values(
      `SELECT iin, last_name, first_name, patronymic, birth_date, registered_address,
              actual_address, birth_certificate_number FROM children`,
    );
    const representativeValues = values(
      `SELECT iin, last_name, first_name, patronymic, phone, email, address, id_document_number
         FROM representatives`,
    );
    const birthDates = values('SELECT birth_date FROM children');
    secrets.push(
      ...new Set([
        ...childValues,
        ...representativeValues,
        // The birth date as people write it too.
        ...birthDates.map((date) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`),
      ]),
    );
    counted = sqlite
      .prepare(`SELECT count(*) FROM children c WHERE ${COUNTED_CHILD_SQL}`)
      .pluck()
      .get() as number;

    const asCsv = await core.call('reports.statsExport', { format: 'csv' });
    csv = {
      fileName: asCsv.fileName,
      text: Buffer.from(asCsv.base64, 'base64').toString('utf8'),
      suppressed: asCsv.suppressed.length,
      cells: asCsv.cells,
    };
    const asXlsx = await core.call('reports.statsExport', { format: 'xlsx' });
    xlsx = {
      fileName: asXlsx.fileName,
      bytes: Buffer.from(asXlsx.base64, 'base64'),
      suppressed: asXlsx.suppressed.length,
    };
  }, 120_000);

  it('seeds what the files must not hold: IINs, names, birth dates, phones, addresses', () => {
    expect(counted).toBeGreaterThan(CHILDREN * 0.9);
    // 300 IINs of children, at least as many of representatives, names, dates, phones …
    expect(secrets.length).toBeGreaterThan(1_000);
    expect(secrets.some((value) => /^\+7 70\d/.test(value))).toBe(true);
    expect(secrets.some((value) => /^\d{2}\.\d{2}\.\d{4}$/.test(value))).toBe(true);
  });

  it('the CSV: the exact header, one tidy row per cell, every count ≥ 5 or `suppressed`', () => {
    expect(csv.fileName).toMatch(/^statistics-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.split('\r\n')[0]).toBe('table;dimension;category;count');
    expect(STATS_CSV_HEADER).toBe('table;dimension;category;count');
    const [, ...rows] = csvRows(csv.text);
    expect(rows).toHaveLength(csv.cells);
    for (const row of rows) {
      expect(row, row.join(';')).toHaveLength(4);
      const [table, dimension, category, count] = row as [string, string, string, string];
      for (const label of [table, dimension, category]) {
        // Words in both languages, never a bare number.
        expect(label).toMatch(/\p{L}/u);
      }
      if (count !== 'suppressed') {
        expect(count, row.join(';')).toMatch(/^\d+$/);
        expect(Number(count), row.join(';')).toBeGreaterThanOrEqual(SMALL_CELL);
      }
    }
    expect(rows.filter((row) => row[3] === 'suppressed')).toHaveLength(csv.suppressed);
    // A seeded kindergarten has small cells: privilege categories nobody holds, at least.
    expect(csv.suppressed).toBeGreaterThan(0);
    // Every table is there, and the groups' total is the number of children counted.
    const tables = new Set(rows.map((row) => row[0]));
    expect(tables.size).toBe(STATS_TABLES.length);
    const groupsTotal = rows.find(
      (row) =>
        row[0] === 'Балалар топтар бойынша / Дети по группам' && row[2] === 'Барлығы / Всего',
    );
    expect(groupsTotal?.[3]).toBe(String(counted));
  });

  it('the .xlsx: the same cells laid out for people, every count ≥ 5 or suppressed', async () => {
    expect(xlsx.fileName).toMatch(/^statistics-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(xlsx.suppressed).toBe(csv.suppressed);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Статистика', 'Жасыру · Скрытие']);
    const [stats, notes] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    const suppressedWords = `${SUPPRESSED.kk} / ${SUPPRESSED.ru}`;
    const numbers: number[] = [];
    let hidden = 0;
    stats.eachRow((row) =>
      row.eachCell((cell, column) => {
        if (column === 1) return;
        if (typeof cell.value === 'number') numbers.push(cell.value);
        else if (cell.value === suppressedWords) hidden++;
      }),
    );
    for (const count of numbers) expect(count).toBeGreaterThanOrEqual(SMALL_CELL);
    expect(hidden).toBe(csv.suppressed);
    // The same published counts as the CSV, cell for cell.
    const csvCounts = csvRows(csv.text)
      .slice(1)
      .flatMap((row) => (row[3] === 'suppressed' ? [] : [Number(row[3])]));
    expect([...numbers].sort((a, b) => a - b)).toEqual([...csvCounts].sort((a, b) => a - b));
    // Every table's title, in both languages.
    const titles = new Set<string>();
    stats.eachRow((row) => titles.add(String(row.getCell(1).value)));
    expect(titles).toContain('Балалар топтар бойынша / Дети по группам');
    expect(titles).toContain(
      'Балалар жас тобы мен тәрбие тілі бойынша / Дети по возрастным группам и языку воспитания',
    );
    // The suppression sheet: how many per table and reason, adding up to what was hidden.
    const lastRow = notes.getRow(notes.rowCount);
    expect(lastRow.getCell(1).value).toBe('Барлығы / Всего');
    expect(lastRow.getCell(4).value).toBe(csv.suppressed);
    expect(Number(lastRow.getCell(2).value) + Number(lastRow.getCell(3).value)).toBe(
      csv.suppressed,
    );
  });

  it('neither file holds any seeded IIN, name, birth date, phone, address or e-mail', () => {
    const xml = [...zipTexts(xlsx.bytes).values()].join('\n');
    expect(xml).toContain('Балалар топтар бойынша');
    const found = secrets.flatMap((secret) => [
      ...(holds(csv.text, secret) ? [`${secret} in the CSV`] : []),
      ...(holds(xml, secret) ? [`${secret} in the .xlsx`] : []),
    ]);
    expect(found).toEqual([]);
  });

  it('is audited with what it suppressed (counts only), and refused to a role without reports.stats', async () => {
    const { core } = fixture;
    const rows = core.services
      .store()
      .sqlite.prepare(
        `SELECT entity, entity_id AS entityId, outcome, fields FROM audit_log
          WHERE action = 'reports.statsExport' ORDER BY seq`,
      )
      .all() as { entity: string; entityId: string | null; outcome: string; fields: string }[];
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map((row) => ({
      ...row,
      fields: JSON.parse(row.fields) as string[],
    }));
    expect(first).toMatchObject({ entity: 'report', entityId: null, outcome: 'ok' });
    expect(first!.fields).toContain('format:csv');
    expect(first!.fields).toContain(`suppressed:${csv.suppressed}`);
    expect(second!.fields).toContain('format:xlsx');
    for (const field of [...first!.fields, ...second!.fields])
      expect(field).toMatch(/^[a-z]+:[a-z0-9]+$/);

    await addStaff(core, {
      login: 'accountant-stats',
      displayName: 'Бухгалтер',
      role: 'accountant',
      password: 'accountant-pass-1',
    });
    await core.call('auth.signOut', undefined);
    await core.call('auth.signIn', { login: 'accountant-stats', password: 'accountant-pass-1' });
    await expect(core.call('reports.statsExport', { format: 'csv' })).rejects.toMatchObject({
      code: 'permissionDenied',
    });
    await core.call('auth.signOut', undefined);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  });

  it('the audit screen and the audit PDF name its details in words (kk, ru), not as codes', async () => {
    const { core } = fixture;
    const [row] = await core.call('audit.list', {
      action: 'reports.statsExport',
      outcome: 'ok',
      limit: 1,
    });
    expect(row!.fields).toContain('format:xlsx');
    const said = (language: 'kk' | 'ru') =>
      row!.fields!.map((detail) => auditDetailText(detail, language));
    expect(said('kk')).toEqual(
      expect.arrayContaining(['пішім: XLSX', expect.stringMatching(/^ұяшықтар: \d+$/)]),
    );
    expect(said('ru')).toEqual(
      expect.arrayContaining(['формат: XLSX', expect.stringMatching(/^скрыто ячеек: \d+$/)]),
    );
    expect(said('ru')).not.toContain(null);
    for (const language of ['kk', 'ru'] as const) {
      const { pdfBase64 } = await core.call('audit.exportPdf', {
        action: 'reports.statsExport',
        language,
      });
      const text = (await extractPdfText(Buffer.from(pdfBase64, 'base64'))).join('\n');
      const words = language === 'kk' ? ['пішім: CSV', 'ұяшықтар:'] : ['формат: CSV', 'ячеек:'];
      for (const word of words) expect(text, language).toContain(word);
      expect(text).not.toMatch(/cells:|format:/);
    }
  });

  it('the CLI writes the same CSV and the .xlsx owner-only and says how many cells it hid', async () => {
    fixture.core.close();
    const env = {
      BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const csvFile = join(out, 'stats.csv');
    // A file already there, readable by others, is replaced by an owner-only one.
    writeFileSync(csvFile, 'old');
    chmodSync(csvFile, 0o644);
    const made = await runCli(['stats', '--data', fixture.dataDir, '--out', csvFile], env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(
      new RegExp(
        `^statistics \\d{4}-\\d{2}-\\d{2} written: ${csv.cells} cells, ${csv.suppressed} suppressed \\(\\d+ counting fewer than 5, \\d+ to protect them\\)`,
      ),
    );
    expect(statSync(csvFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(csvFile, 'utf8')).toBe(csv.text);

    const xlsxFile = join(out, 'stats.xlsx');
    const asXlsx = await runCli(
      ['stats', '--data', fixture.dataDir, '--out', xlsxFile, '--as', DIRECTOR.login],
      env,
    );
    expect(asXlsx.code, asXlsx.stderr).toBe(0);
    expect(statSync(xlsxFile).mode & 0o777).toBe(0o600);
    const xml = [...zipTexts(readFileSync(xlsxFile)).values()].join('\n');
    expect(secrets.filter((secret) => holds(xml, secret))).toEqual([]);

    const wrong = await runCli(
      ['stats', '--data', fixture.dataDir, '--out', join(out, 'stats.pdf')],
      env,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--out names a .csv or an .xlsx file');
  }, 120_000);
});
