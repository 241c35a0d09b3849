import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { dayInfo, monthKey } from '../../electron/core/attendance/calendar';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';

const PASSWORD = 'director-pass-14';
const MONTHS = 2;
const squash = (text: string) => text.replace(/\s+/g, '');

/** Month `back` months before the current one, as the seeder counts them. */
function monthBefore(back: number): string {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return monthKey(at.getUTCFullYear(), at.getUTCMonth() + 1);
}

describe('attendance through the CLI: seed history, timesheet PDF, fee workbook', () => {
  const root = tempFolder();
  const data = join(root, 'data');
  const out = join(root, 'out');
  // The CLI's own temporary files, if it made any, land here and are scanned too.
  const tmp = join(root, 'tmp');
  const env = {
    BALABAQSHA_DEVICE_KEY: join(root, 'device.key'),
    BALABAQSHA_PASSWORD: PASSWORD,
    TMPDIR: tmp,
  };
  const closed = monthBefore(1);
  let seedOutput = '';
  let children: {
    iin: string;
    lastName: string;
    firstName: string;
    status: string;
    group: string;
  }[] = [];

  const openCore = async (): Promise<Core> => {
    const core = createCore({
      dataDir: data,
      deviceSeal: new FileDeviceSeal(env.BALABAQSHA_DEVICE_KEY),
    });
    await core.call('auth.signIn', { login: 'director14', password: PASSWORD });
    return core;
  };

  beforeAll(async () => {
    mkdirSync(out);
    mkdirSync(tmp);
    const init = await runCli(
      [
        'init',
        '--data',
        data,
        '--org-name',
        'Attendance CLI test',
        '--org-bin',
        '150440001236',
        '--admin-login',
        'director14',
      ],
      env,
    );
    expect(init.code, init.stderr).toBe(0);
    const seed = await runCli(
      [
        'seed',
        '--data',
        data,
        '--children',
        '30',
        '--documents',
        '10',
        '--attendance-months',
        String(MONTHS),
      ],
      env,
    );
    expect(seed.code, seed.stderr).toBe(0);
    seedOutput = seed.stdout;
    const list = await runCli(['children', 'list', '--data', data, '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    ({ children } = JSON.parse(list.stdout) as { children: typeof children });
  });

  it('seeds realistic history: working days only, ~85 % present, past months closed, some confirmed', async () => {
    expect(seedOutput).toMatch(/seeded 30 children/);
    const [, marks, , months, present] =
      seedOutput.match(
        /seeded attendance: (\d+) marks in (\d+) child-months over (\d+) months, (\d+) % present/,
      ) ?? [];
    expect(Number(marks)).toBeGreaterThan(100);
    expect(Number(months)).toBeGreaterThanOrEqual(MONTHS);
    expect(Number(present)).toBeGreaterThanOrEqual(75);
    expect(Number(present)).toBeLessThanOrEqual(95);

    const core = await openCore();
    try {
      const sqlite = core.services.store().sqlite;
      const dates = sqlite
        .prepare('SELECT DISTINCT date FROM attendance_marks')
        .pluck()
        .all() as string[];
      expect(dates.length).toBeGreaterThan(10);
      for (const date of dates) expect(dayInfo(date).working, date).toBe(true);
      const reasons = sqlite
        .prepare("SELECT DISTINCT reason FROM attendance_marks WHERE status = 'absent'")
        .pluck()
        .all();
      expect(reasons).toContain('illness');

      const groups = await core.call('groups.list', undefined);
      const grids = [];
      for (const group of groups) {
        const grid = await core.call('attendance.month', { groupId: group.id, month: closed });
        if (grid.rows.length) grids.push(grid);
      }
      expect(grids.length).toBeGreaterThan(0);
      for (const grid of grids) {
        expect(grid.state.status).toBe('closed');
        expect(grid.totals.unmarked).toBe(0);
      }
      const answers = grids.flatMap((grid) => grid.rows.map((row) => row.parent.status));
      expect(answers).toContain('confirmed');
      // The current month stays open for the register.
      const current = await core.call('attendance.month', {
        groupId: groups[0]!.id,
        month: monthBefore(0),
      });
      expect(current.state.status).toBe('open');
    } finally {
      core.close();
    }
  });

  it("`timesheet` writes the group's PDF, owner-only, with every child of the group on it", async () => {
    const enrolled = children.filter((c) => c.status === 'enrolled');
    const group = enrolled[0]!.group;
    const file = join(out, 'timesheet.pdf');
    const made = await runCli(
      [
        'timesheet',
        '--data',
        data,
        '--group',
        // Case and spacing of the name do not matter.
        `  ${group.toUpperCase()} `,
        '--month',
        closed,
        '--out',
        file,
        '--lang',
        'both',
      ],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`timesheet ${closed} written`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pages = await extractPdfText(readFileSync(file));
    const text = squash(pages.join('\n'));
    expect(text).toContain(squash('Балалардың келуін есепке алу табелі'));
    expect(text).toContain(squash('Табель посещаемости детей'));
    const ofGroup = enrolled.filter((c) => c.group === group);
    expect(ofGroup.length).toBeGreaterThan(0);
    for (const child of ofGroup) {
      expect(text).toContain(squash(`${child.lastName} ${child.firstName}`));
      expect(text).toContain(child.iin);
    }
    for (const child of enrolled.filter((c) => c.group !== group))
      expect(text).not.toContain(child.iin);
  });

  it('a wrong group name, month or language: a clear message, an exit code, no file', async () => {
    const file = join(out, 'wrong.pdf');
    const base = ['timesheet', '--data', data, '--out', file];
    const noGroup = await runCli([...base, '--group', 'Жоқ топ', '--month', closed], env);
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toContain('no group named "Жоқ топ"; the groups here:');
    expect(noGroup.stderr).toContain(children[0]!.group);
    expect(noGroup.stderr).toContain('[groupNotFound]');

    const badMonth = await runCli(
      [...base, '--group', children[0]!.group, '--month', '2026-13'],
      env,
    );
    expect(badMonth.code).toBe(2);
    expect(badMonth.stderr).toContain('--month takes YYYY-MM');
    const badLang = await runCli(
      [...base, '--group', children[0]!.group, '--month', closed, '--lang', 'en'],
      env,
    );
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toContain('--lang is kk, ru or both');

    const feesOpen = await runCli(
      ['fees', '--data', data, '--month', monthBefore(0), '--out', join(out, 'open.xlsx')],
      env,
    );
    expect(feesOpen.code).toBe(1);
    expect(feesOpen.stderr).toContain('[attendanceMonthNotClosed]');
    const feesOut = await runCli(
      ['fees', '--data', data, '--month', closed, '--out', join(out, 'fees.csv')],
      env,
    );
    expect(feesOut.code).toBe(2);
    expect(feesOut.stderr).toContain('--out names an .xlsx or a .pdf file');
    expect(readdirSync(out).filter((name) => /wrong|open|\.csv/.test(name))).toEqual([]);
  });

  it("`fees` writes the closed month's fee sheet as an .xlsx, owner-only, with every charged child", async () => {
    const file = join(out, 'fees.xlsx');
    const made = await runCli(
      ['fees', '--data', data, '--month', closed, '--out', file, '--lang', 'ru'],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`fee sheet ${closed} written`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const texts: string[] = [];
    const numbers: number[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          texts.push(cell.text);
          // A total is a SUM formula stored with its value.
          const value =
            typeof cell.value === 'object' && cell.value !== null && 'result' in cell.value
              ? cell.value.result
              : cell.value;
          if (typeof value === 'number') numbers.push(value);
        }),
      ),
    );
    const text = texts.join('\n');
    const core = await openCore();
    try {
      const sheet = await core.call('fees.sheet', { month: closed });
      const rows = sheet.groups.flatMap((group) => group.rows);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(text).toContain(row.lastName);
      // The grand total, in tenge, as the core computed it.
      expect(sheet.total).toBeGreaterThan(0);
      expect(numbers).toContain(sheet.total / 100);

      // One group's sheet: that group's children only.
      const [group, ...others] = sheet.groups;
      const one = join(out, 'fees-group.xlsx');
      const made = await runCli(
        ['fees', '--data', data, '--month', closed, '--out', one, '--group', group!.groupName],
        env,
      );
      expect(made.code, made.stderr).toBe(0);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(one);
      const cellsOfOne: string[] = [];
      book.eachSheet((s) => s.eachRow((row) => row.eachCell((cell) => cellsOfOne.push(cell.text))));
      const fullName = (row: { lastName: string; firstName: string; patronymic: string | null }) =>
        [row.lastName, row.firstName, row.patronymic].filter(Boolean).join(' ');
      for (const row of group!.rows) expect(cellsOfOne).toContain(fullName(row));
      const headings = cellsOfOne.filter((cell) => cell.includes(': '));
      expect(headings.some((cell) => cell.endsWith(`: ${group!.groupName}`))).toBe(true);
      for (const other of others)
        expect(headings.some((cell) => cell.endsWith(`: ${other.groupName}`))).toBe(false);
    } finally {
      core.close();
    }
  });

  it('`seed --attendance-months` alone adds earlier months and leaves the months there alone', async () => {
    const marksOf = async (month: string) => {
      const core = await openCore();
      try {
        return core.services
          .store()
          .sqlite.prepare(
            'SELECT * FROM attendance_marks WHERE date BETWEEN ? AND ? ORDER BY child_id, date',
          )
          .all(`${month}-01`, `${month}-31`);
      } finally {
        core.close();
      }
    };
    const before = await marksOf(closed);
    expect(before.length).toBeGreaterThan(0);
    expect(await marksOf(monthBefore(MONTHS + 1))).toEqual([]);
    const again = await runCli(
      ['seed', '--data', data, '--attendance-months', String(MONTHS + 1)],
      env,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('seeded 0 children');
    expect(again.stdout).toMatch(/seeded attendance: [1-9]\d* marks/);
    expect(await marksOf(closed)).toEqual(before);
    expect((await marksOf(monthBefore(MONTHS + 1))).length).toBeGreaterThan(0);
  });

  it('leaves no child name or IIN in plaintext under the data folder or in temporary files', () => {
    const secrets = children.flatMap((c) => [c.iin, c.lastName, `${c.lastName} ${c.firstName}`]);
    expect(secrets.length).toBeGreaterThan(50);
    expect(findPlaintext(data, secrets)).toEqual([]);
    expect(findPlaintext(tmp, secrets)).toEqual([]);
  });
});
