import { describe, expect, it } from 'vitest';
import {
  auditDetailText,
  isReportAction,
  LIST_COLUMN_WORDS,
} from '../../electron/core/vocabulary/audit-details';
import { LIST_COLUMNS, listAuditDetails } from '../../electron/core/reports/lists';

describe("a reports export's audit details in words", () => {
  it('names counts, kind and format in kk and ru', () => {
    const details = ['kind:children', 'name', 'iin', 'columns:2', 'rows:3'];
    expect(details.map((d) => auditDetailText(d, 'kk'))).toEqual([
      'тізім: балалар',
      'Тегі, аты, әкесінің аты',
      'ЖСН',
      'бағандар: 2',
      'жолдар: 3',
    ]);
    expect(details.map((d) => auditDetailText(d, 'ru'))).toEqual([
      'список: дети',
      'Фамилия, имя, отчество',
      'ИИН',
      'столбцов: 2',
      'строк: 3',
    ]);
    const stats = ['format:csv', 'cells:120', 'suppressed:9', 'primary:4', 'complementary:5'];
    expect(stats.map((d) => auditDetailText(d, 'ru'))).toEqual([
      'формат: CSV',
      'ячеек: 120',
      'скрыто ячеек: 9',
      'первичное скрытие: 4',
      'дополнительное скрытие: 5',
    ]);
    expect(stats.map((d) => auditDetailText(d, 'kk'))).not.toContain(null);
    // Not a reports detail: the caller names it (a synced field) as before.
    expect(auditDetailText('lastName', 'kk')).toBeNull();
    expect(auditDetailText('constructor', 'kk')).toBeNull();
    expect(isReportAction('reports.listXlsx')).toBe(true);
    expect(isReportAction('children.update')).toBe(false);
  });

  it('has every list column under the header reports.list gives it', () => {
    for (const column of LIST_COLUMNS)
      expect(LIST_COLUMN_WORDS[column.key], column.key).toEqual(column.label);
    expect(Object.keys(LIST_COLUMN_WORDS).sort()).toEqual(LIST_COLUMNS.map((c) => c.key).sort());
  });

  it('words every detail a list export writes', () => {
    const list = {
      kind: 'allergies',
      columns: LIST_COLUMNS.map((c) => ({ key: c.key, label: c.label })),
      rows: [],
    } as unknown as Parameters<typeof listAuditDetails>[0];
    for (const language of ['kk', 'ru'] as const)
      for (const detail of listAuditDetails(list))
        expect(auditDetailText(detail, language), detail).not.toBeNull();
  });
});
