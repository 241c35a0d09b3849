import { describe, expect, it } from 'vitest';
import {
  firstListView,
  listFileName,
  listOutputs,
  queryOf,
  toggledColumns,
} from '../../renderer/src/features/reports/list-query';
import { reportTabs } from '../../renderer/src/features/reports/report-tabs';

describe('the Lists tab: what it asks the core and how it names files', () => {
  it('asks only what is chosen; the month only for birthdays', () => {
    const view = firstListView(new Date(2026, 11, 1));
    expect(queryOf(view)).toEqual({ kind: 'children', status: 'enrolled' });
    expect(queryOf({ ...view, kind: 'birthdays' })).toEqual({
      kind: 'birthdays',
      status: 'enrolled',
      month: '12',
    });
    expect(
      queryOf({ ...view, kind: 'allergies', groupId: 'g1', status: 'all', columns: ['name'] }),
    ).toEqual({ kind: 'allergies', groupId: 'g1', status: 'all', columns: ['name'] });
  });

  it('keeps the columns in the order offered and never leaves none', () => {
    const available = ['name', 'iin', 'birthDate', 'age'];
    expect(toggledColumns(available, ['name', 'age'], 'iin', true)).toEqual(['name', 'iin', 'age']);
    expect(toggledColumns(available, ['name', 'age'], 'name', false)).toEqual(['age']);
    expect(toggledColumns(available, ['age'], 'age', false)).toEqual(['age']);
  });

  it('names a file by list, group and day, with nothing a file system refuses', () => {
    expect(listFileName('Аллергиялар', 'Күншуақ', '01.12.2026', 'xlsx')).toBe(
      'Аллергиялар — Күншуақ — 01.12.2026.xlsx',
    );
    expect(listFileName('Список детей', 'Старшая 1/2: "А"', '01.12.2026', 'pdf')).toBe(
      'Список детей — Старшая 1_2_ _А_ — 01.12.2026.pdf',
    );
  });

  it('saves a list as PDF or .xlsx only for roles with reports.export; teachers print', () => {
    expect(listOutputs('teacher')).toEqual({ print: true, pdf: false, xlsx: false });
    for (const role of ['director', 'methodist', 'nurse', 'accountant'] as const)
      expect(listOutputs(role), role).toEqual({ print: true, pdf: true, xlsx: true });
  });
});

describe('the Reports tabs each role sees', () => {
  it('methodist: Overview and Statistics; accountant: Overview, no Statistics', () => {
    expect(reportTabs('director')).toEqual(['overview', 'lists', 'stats']);
    expect(reportTabs('methodist')).toEqual(['overview', 'lists', 'stats']);
    expect(reportTabs('accountant')).toEqual(['overview', 'lists']);
    expect(reportTabs('nurse')).toEqual(['lists']);
    expect(reportTabs('teacher')).toEqual(['lists']);
  });
});
