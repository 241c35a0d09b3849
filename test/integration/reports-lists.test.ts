import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import type { MethodInput } from '../../electron/core/api';
import { REPORT_WORDS } from '../../electron/core/children/report-words';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { tempFolder } from '../helpers/temp';
import { runCli } from '../helpers/cli';
import { inkNearEdges, rasterPages } from '../helpers/raster';
import { RecordingPrinter } from '../helpers/recording-printer';
import { addStaff } from '../helpers/staff';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { enrolledChild, withCheckDigit } from '../helpers/enrolled-child';

/**
 * Lists of children (issue 15) through the real dispatcher on a real encrypted store: the
 * columns each role is offered and refused, a teacher's groups only, the kinds' rows, and
 * that the PDF, the printout and the .xlsx hold the rows the screen shows.
 */

const NURSE = { login: 'nurse.dana', password: 'nurse-pass-77' };
const ACCOUNTANT = { login: 'acc.bota', password: 'acc-pass-777' };
const TEACHER = { login: 'teacher.gul', password: 'teacher-pass-7' };
const METHODIST = { login: 'method.saule', password: 'method-pass-7' };

const today = new Date().toISOString().slice(0, 10);
const yearsOn = (birth: string) => {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
};

describe('reports lists', () => {
  const root = tempFolder('bq-lists-');
  const printer = new RecordingPrinter();
  let core: Core;
  let groupA = '';
  let groupB = '';
  const ids: Record<string, string> = {};

  const signIn = (who: { login: string; password: string }) =>
    core.call('auth.signIn', { login: who.login, password: who.password });
  const list = (query: MethodInput<'reports.list'>) => core.call('reports.list', query);

  async function child(
    name: [string, string, string],
    birthDate: string,
    sexDigit: '5' | '6',
    serial: string,
    groupId: string,
    status: 'enrolled' | 'referred' = 'enrolled',
  ) {
    const start = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${sexDigit}`;
    // The first serial from `serial` on whose IIN has a check digit.
    let n = Number(serial);
    while (!/^\d{12}$/.test(withCheckDigit(`${start}${String(n).padStart(4, '0')}`))) n += 1;
    const iin = withCheckDigit(`${start}${String(n).padStart(4, '0')}`);
    const created = await core.call('children.create', {
      iin,
      lastName: name[0],
      firstName: name[1],
      patronymic: name[2],
      birthDate,
      sex: sexDigit === '5' ? 'male' : 'female',
      citizenship: 'KZ',
      actualAddress: 'Астана қ., Бейбітшілік к-сі 4',
      groupId,
      status,
    });
    return created.id;
  }

  beforeAll(async () => {
    core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      printBackend: printer,
    });
    await core.call('setup.initialize', {
      orgName: ORG.name,
      orgBin: ORG.bin,
      adminLogin: DIRECTOR.login,
      adminName: DIRECTOR.name,
      password: DIRECTOR.password,
    });
    groupA = (
      await core.call('groups.create', {
        name: 'Ересек «Күншуақ»',
        ageGroup: 'senior',
        language: 'kk',
      })
    ).id;
    groupB = (
      await core.call('groups.create', { name: 'Кіші «Бөбек»', ageGroup: 'junior', language: 'ru' })
    ).id;
    // Іңкәр Ұлықбекова, 2021-03-14, group A, her mother (primary) with phone and e-mail.
    ids.inkar = (await enrolledChild(core, { groupId: groupA })).childId;
    ids.arman = await child(['Әбенов', 'Арман', 'Серікұлы'], '2020-11-02', '5', '0777', groupA);
    ids.bota = await child(['Бекова', 'Бота', 'Асқарқызы'], '2022-03-25', '6', '0888', groupB);
    ids.referred = await child(
      ['Жанова', 'Аяла', 'Ерланқызы'],
      '2021-07-09',
      '6',
      '0999',
      groupA,
      'referred',
    );
    await core.call('health.addRecord', {
      childId: ids.arman,
      record: { kind: 'allergy', allergyKind: 'food', allergen: 'Жержаңғақ', reaction: 'Бөртпе' },
    });
    await core.call('health.addRecord', {
      childId: ids.arman,
      record: { kind: 'allergy', allergyKind: 'drug', allergen: 'Пенициллин', reaction: null },
    });
    await core.call('health.addRecord', {
      childId: ids.bota,
      record: { kind: 'allergy', allergyKind: 'food', allergen: 'Сүт', reaction: 'Ісіну' },
    });
    await addStaff(core, {
      login: NURSE.login,
      displayName: 'Дана Серік',
      role: 'nurse',
      password: NURSE.password,
    });
    await addStaff(core, {
      login: ACCOUNTANT.login,
      displayName: 'Бота Ақан',
      role: 'accountant',
      password: ACCOUNTANT.password,
    });
    await addStaff(core, {
      login: METHODIST.login,
      displayName: 'Сәуле Нұр',
      role: 'methodist',
      password: METHODIST.password,
    });
    await addStaff(
      core,
      {
        login: TEACHER.login,
        displayName: 'Гүлнар Әли',
        role: 'teacher',
        password: TEACHER.password,
      },
      [groupA],
    );
  });
  afterAll(() => core?.close());

  it('lists a group\u2019s enrolled children in Kazakh order with the default columns', async () => {
    await signIn(DIRECTOR);
    const answer = await list({ kind: 'children', groupId: groupA, language: 'kk' });
    expect(answer.columns.map((c) => c.key)).toEqual(['name', 'iin', 'birthDate', 'age', 'group']);
    expect(answer.columns[0]!.label).toEqual({
      kk: 'Тегі, аты, әкесінің аты',
      ru: 'Фамилия, имя, отчество',
    });
    // Kazakh order: Ә after А, before Б; Ұ late. The referred child is not in an enrolled list.
    expect(answer.rows.map((r) => r.cells.name)).toEqual([
      'Әбенов Арман Серікұлы',
      'Ұлықбекова Іңкәр Ғалымқызы',
    ]);
    expect(answer.rows[1]).toEqual({
      childId: ids.inkar,
      cells: {
        name: 'Ұлықбекова Іңкәр Ғалымқызы',
        iin: withCheckDigit('21031460123'),
        birthDate: '14.03.2021',
        age: String(yearsOn('2021-03-14')),
        group: 'Ересек «Күншуақ»',
      },
    });
    const all = await list({
      kind: 'children',
      groupId: groupA,
      status: 'all',
      columns: ['name', 'status'],
      language: 'ru',
    });
    expect(all.rows.map((r) => r.cells)).toEqual([
      { name: 'Әбенов Арман Серікұлы', status: REPORT_WORDS.ru.statuses.enrolled },
      { name: 'Жанова Аяла Ерланқызы', status: REPORT_WORDS.ru.statuses.referred },
      { name: 'Ұлықбекова Іңкәр Ғалымқызы', status: REPORT_WORDS.ru.statuses.enrolled },
    ]);
  });

  it('offers each role the columns it may see and refuses the others', async () => {
    const offered = async (who: { login: string; password: string }) => {
      await signIn(who);
      return (await list({ kind: 'children' })).available.map((c) => c.key);
    };
    expect(await offered(DIRECTOR)).toEqual(
      expect.arrayContaining(['name', 'iin', 'address', 'healthGroup', 'privileges']),
    );
    expect(await offered(NURSE)).toContain('healthGroup');
    expect(await offered(NURSE)).toContain('privileges');
    const accountant = await offered(ACCOUNTANT);
    expect(accountant).toContain('privileges');
    expect(accountant).not.toContain('healthGroup');
    const methodist = await offered(METHODIST);
    expect(methodist).not.toContain('healthGroup');
    expect(methodist).not.toContain('privileges');
    // Asking for a column the role may not see is refused, not quietly dropped.
    await signIn(METHODIST);
    const refused = await core.dispatch('reports.list', {
      kind: 'children',
      columns: ['name', 'healthGroup'],
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'health.read' } },
    });
    // A column of another kind is a clear error too.
    const wrongKind = await core.dispatch('reports.list', {
      kind: 'birthdays',
      columns: ['name', 'phone'],
    });
    expect(wrongKind).toEqual({
      ok: false,
      error: { code: 'listColumnUnavailable', params: { column: 'phone', kind: 'birthdays' } },
    });
  });

  it('refuses the allergy list to the accountant and gives it to the nurse', async () => {
    await signIn(ACCOUNTANT);
    const refused = await core.dispatch('reports.list', { kind: 'allergies' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'health.read' } },
    });
    await signIn(NURSE);
    const answer = await list({ kind: 'allergies', language: 'ru' });
    expect(answer.columns.map((c) => c.key)).toEqual([
      'name',
      'group',
      'allergen',
      'allergyKind',
      'reaction',
    ]);
    const kinds = REPORT_WORDS.ru.allergyKinds;
    expect(answer.rows.map((r) => [r.childId, r.cells])).toEqual([
      [
        ids.arman,
        {
          name: 'Әбенов Арман Серікұлы',
          group: 'Ересек «Күншуақ»',
          allergen: 'Пенициллин',
          allergyKind: kinds.drug,
          reaction: '',
        },
      ],
      [
        ids.arman,
        {
          name: 'Әбенов Арман Серікұлы',
          group: 'Ересек «Күншуақ»',
          allergen: 'Жержаңғақ',
          allergyKind: kinds.food,
          reaction: 'Бөртпе',
        },
      ],
      [
        ids.bota,
        {
          name: 'Бекова Бота Асқарқызы',
          group: 'Кіші «Бөбек»',
          allergen: 'Сүт',
          allergyKind: kinds.food,
          reaction: 'Ісіну',
        },
      ],
    ]);
  });

  it('scopes a teacher to her groups', async () => {
    await signIn(TEACHER);
    const mine = await list({ kind: 'children' });
    expect(new Set(mine.rows.map((r) => r.childId))).toEqual(new Set([ids.inkar, ids.arman]));
    expect(mine.available.map((c) => c.key)).not.toContain('healthGroup');
    const other = await core.dispatch('reports.list', { kind: 'children', groupId: groupB });
    expect(other).toEqual({ ok: false, error: { code: 'groupNotFound', params: {} } });
    const refused = await core.dispatch('reports.list', { kind: 'allergies', groupId: groupA });
    expect(refused).toMatchObject({ ok: false, error: { code: 'permissionDenied' } });
  });

  it('lists contacts per representative and birthdays of a month', async () => {
    await signIn(DIRECTOR);
    const contacts = await list({ kind: 'contacts', groupId: groupA, language: 'kk' });
    expect(contacts.columns.map((c) => c.key)).toEqual([
      'name',
      'group',
      'representative',
      'relation',
      'phone',
    ]);
    expect(contacts.rows).toEqual([
      {
        childId: ids.arman,
        cells: {
          name: 'Әбенов Арман Серікұлы',
          group: 'Ересек «Күншуақ»',
          representative: '',
          relation: '',
          phone: '',
        },
      },
      {
        childId: ids.inkar,
        cells: {
          name: 'Ұлықбекова Іңкәр Ғалымқызы',
          group: 'Ересек «Күншуақ»',
          representative: 'Ұлықбекова Әйгерім Нұрланқызы',
          relation: 'Анасы',
          phone: '+7 701 555 12 34',
        },
      },
    ]);
    const year = Number(today.slice(0, 4));
    const march = await list({ kind: 'birthdays', month: '03', language: 'kk' });
    expect(march.month).toBe(`${year}-03`);
    // By day of the month: Іңкәр on the 14th, Бота on the 25th; Арман (November) not listed.
    expect(march.rows.map((r) => [r.childId, r.cells.birthDate, r.cells.turns])).toEqual([
      [ids.inkar, '14.03.2021', String(year - 2021)],
      [ids.bota, '25.03.2022', String(year - 2022)],
    ]);
    // In the birth year (or before it) nobody turns anything: the cell is empty.
    const born = await list({ kind: 'birthdays', month: '2021-03' });
    expect(born.rows.map((r) => [r.childId, r.cells.turns])).toEqual([
      [ids.inkar, ''],
      [ids.bota, ''],
    ]);
    const nov = await list({ kind: 'birthdays', month: '2030-11' });
    expect(nov.rows.map((r) => [r.childId, r.cells.turns])).toEqual([[ids.arman, '10']]);
  });

  /** The workbook's header and rows (from row 3, the header), every cell as text. */
  async function workbookRows(base64: string | Uint8Array) {
    const book = new ExcelJS.Workbook();
    const bytes = typeof base64 === 'string' ? Buffer.from(base64, 'base64') : Buffer.from(base64);
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n < 3) return;
      const values = row.values as unknown[];
      rows.push(values.slice(1).map((v) => (v == null ? '' : String(v))));
    });
    return { title: String(sheet.getCell('A1').value), rows };
  }

  const auditRows = (action: string) =>
    core.services
      .store()
      .sqlite.prepare(
        'SELECT entity_id AS entityId, fields FROM audit_log WHERE action = ? ORDER BY seq',
      )
      .all(action) as { entityId: string | null; fields: string | null }[];

  it('saves the .xlsx with the rows of the screen and audits each child with the counts', async () => {
    await signIn(NURSE);
    const query = { kind: 'allergies', language: 'ru' } as const;
    const screen = await list(query);
    const before = auditRows('reports.listXlsx').length;
    const file = await core.call('reports.listXlsx', query);
    expect(file.fileName).toMatch(/^list-allergies-\d{4}-\d{2}-\d{2}-ru\.xlsx$/);
    expect(file).toMatchObject({
      rows: 3,
      columns: ['name', 'group', 'allergen', 'allergyKind', 'reaction'],
    });
    const { title, rows } = await workbookRows(file.base64);
    expect(title).toBe('Аллергии детей (для пищеблока)');
    expect(rows[0]).toEqual(['№', ...screen.columns.map((c) => c.label.ru)]);
    expect(rows.slice(1)).toEqual(
      screen.rows.map((row, i) => [
        String(i + 1),
        ...screen.columns.map((c) => row.cells[c.key] ?? ''),
      ]),
    );
    // One audit row per child in the file, naming kind, columns and counts — never a value.
    const audit = auditRows('reports.listXlsx').slice(before);
    expect(new Set(audit.map((row) => row.entityId))).toEqual(new Set([ids.arman, ids.bota]));
    for (const row of audit)
      expect(JSON.parse(row.fields!)).toEqual([
        'kind:allergies',
        'name',
        'group',
        'allergen',
        'allergyKind',
        'reaction',
        'columns:5',
        'rows:3',
      ]);
    expect(JSON.stringify(audit)).not.toContain('Сүт');
    // The on-screen allergy list audited each child too (health data), with its counts.
    const shown = auditRows('reports.list').filter((row) => row.fields?.includes('kind:allergies'));
    expect(shown.map((row) => row.entityId)).toEqual(expect.arrayContaining([ids.arman, ids.bota]));
    // A plain children list is one audit row without a child named.
    await signIn(DIRECTOR);
    const plainBefore = auditRows('reports.list').length;
    await list({ kind: 'children', groupId: groupA });
    expect(auditRows('reports.list').slice(plainBefore)).toEqual([
      {
        entityId: null,
        fields: JSON.stringify([
          'kind:children',
          'name',
          'iin',
          'birthDate',
          'age',
          'group',
          'columns:5',
          'rows:2',
        ]),
      },
    ]);
    // A teacher sees and prints lists but may not save a workbook or a PDF.
    await signIn(TEACHER);
    expect(await core.dispatch('reports.listPdf', { kind: 'children', language: 'kk' })).toEqual({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'reports.export' } },
    });
    expect(await core.dispatch('reports.listXlsx', { kind: 'children', language: 'kk' })).toEqual({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'reports.export' } },
    });
  });

  it('makes an A4 PDF in Kazakh and in Russian that holds the rows', async () => {
    await signIn(DIRECTOR);
    const kk = await core.call('reports.listPdf', {
      kind: 'children',
      groupId: groupA,
      language: 'kk',
    });
    expect(kk.fileName).toMatch(/^list-children-\d{4}-\d{2}-\d{2}-kk\.pdf$/);
    const [page, ...more] = await extractPdfText(Buffer.from(kk.base64, 'base64'));
    expect(more).toEqual([]);
    for (const text of [
      'Балалар тізімі',
      'Топ: Ересек «Күншуақ»',
      'ЖСН',
      'Ұлықбекова Іңкәр Ғалымқызы',
      'Әбенов Арман Серікұлы',
      withCheckDigit('21031460123'),
      '14.03.2021',
      '1 / 1',
    ])
      expect(page).toContain(text);
    const ru = await core.call('reports.listPdf', {
      kind: 'contacts',
      groupId: groupA,
      language: 'ru',
    });
    // A long cell wraps onto the next line: compare with the lines joined.
    const ruPage = (await extractPdfText(Buffer.from(ru.base64, 'base64')))[0]!.replace(
      /\s+/g,
      ' ',
    );
    for (const text of [
      'Контакты законных представителей',
      'Группа: Ересек «Күншуақ»',
      'Законный представитель',
      'Ұлықбекова Әйгерім Нұрланқызы',
      REPORT_WORDS.ru.relations.mother,
      '+7 701 555 12 34',
    ])
      expect(ruPage).toContain(text);
    expect(ruPage).not.toContain('Бекова');
  });

  it('numbers the pages of a long list and repeats nothing but the header', async () => {
    await signIn(DIRECTOR);
    const groupC = (
      await core.call('groups.create', { name: 'Тест «Ұзын»', ageGroup: 'middle', language: 'kk' })
    ).id;
    for (let i = 0; i < 70; i += 1)
      await child(
        [`Тестова${i}`, 'Айым', 'Бекқызы'],
        '2021-05-06',
        '6',
        String(1000 + i * 7),
        groupC,
      );
    const file = await core.call('reports.listPdf', {
      kind: 'children',
      groupId: groupC,
      language: 'kk',
      columns: ['name', 'iin', 'birthDate'],
    });
    const pages = await extractPdfText(Buffer.from(file.base64, 'base64'));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, i) => {
      expect(text).toContain(`${i + 1} / ${pages.length}`);
      expect(text).toContain('ЖСН'); // the header on every page
    });
    expect(pages.join('\n').match(/Тестова\d+/g)).toHaveLength(70);
    // A4 portrait, nothing within the 15 mm margins cut or drawn, even with every column.
    const wide = await core.call('reports.listPdf', {
      kind: 'children',
      groupId: groupA,
      language: 'ru',
      columns: [
        'name',
        'iin',
        'birthDate',
        'age',
        'group',
        'status',
        'address',
        'healthGroup',
        'privileges',
      ],
    });
    for (const bytes of [Buffer.from(file.base64, 'base64'), Buffer.from(wide.base64, 'base64')])
      for (const page of rasterPages(bytes, 50)) {
        expect(page.height).toBeGreaterThan(page.width);
        const ink = inkNearEdges(page, 50, 14);
        expect(ink.outside).toBe(0);
        expect(ink.inside).toBeGreaterThan(0);
      }
  }, 120_000);

  it('prints the allergy list as one job to the chosen printer', async () => {
    await signIn(NURSE);
    const before = printer.jobs.length;
    await core.call('reports.printList', {
      kind: 'allergies',
      groupId: groupB,
      language: 'kk',
      printer: 'Office Printer (A4)',
      copies: 2,
    });
    const job = printer.jobs[before]!;
    expect(job.options).toMatchObject({
      printer: 'Office Printer (A4)',
      copies: 2,
      jobTitle: 'Балалардың аллергиялары (асхана үшін)',
    });
    const [text] = await extractPdfText(job.pdf);
    expect(text).toContain('Сүт');
    expect(text).not.toContain('Жержаңғақ'); // another group's
    expect(
      await core.dispatch('reports.printList', {
        kind: 'allergies',
        language: 'kk',
        printer: 'Nowhere',
      }),
    ).toMatchObject({ ok: false, error: { code: 'printFailed' } });
  });

  it('the CLI writes the list owner-only and refuses what it cannot do', async () => {
    core.close();
    const env = {
      BALABAQSHA_DEVICE_KEY: join(root, 'device.key'),
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const out = join(root, 'out');
    mkdirSync(out, { recursive: true });
    const xlsxFile = join(out, 'contacts.xlsx');
    writeFileSync(xlsxFile, 'old');
    chmodSync(xlsxFile, 0o644);
    const data = join(root, 'data');
    const made = await runCli(
      [
        'list',
        '--data',
        data,
        '--group',
        'ересек  «күншуақ»',
        '--kind',
        'contacts',
        '--columns',
        'name,phone',
        '--lang',
        'ru',
        '--out',
        xlsxFile,
        '--as',
        DIRECTOR.login,
      ],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toBe('contacts list written: 2 rows, columns name, phone');
    expect(statSync(xlsxFile).mode & 0o777).toBe(0o600);
    const { rows } = await workbookRows(readFileSync(xlsxFile));
    expect(rows).toEqual([
      ['№', 'Фамилия, имя, отчество', 'Телефон'],
      ['1', 'Әбенов Арман Серікұлы', ''],
      ['2', 'Ұлықбекова Іңкәр Ғалымқызы', '+7 701 555 12 34'],
    ]);
    const pdfFile = join(out, 'birthdays.pdf');
    const pdf = await runCli(
      ['list', '--data', data, '--kind', 'birthdays', '--month', '03', '--out', pdfFile],
      env,
    );
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(statSync(pdfFile).mode & 0o777).toBe(0o600);
    expect((await extractPdfText(readFileSync(pdfFile))).join('\n')).toContain(
      'Ұлықбекова Іңкәр Ғалымқызы',
    );

    const badKind = await runCli(
      ['list', '--data', data, '--kind', 'pets', '--out', xlsxFile],
      env,
    );
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind is one of children, contacts, birthdays, allergies');
    const badColumn = await runCli(
      ['list', '--data', data, '--kind', 'birthdays', '--columns', 'name,phone', '--out', xlsxFile],
      env,
    );
    expect(badColumn.code).toBe(1);
    expect(badColumn.stderr).toContain('a birthdays list has no column "phone"');
    const noGroup = await runCli(
      ['list', '--data', data, '--group', 'Жоқ', '--out', xlsxFile],
      env,
    );
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toContain('no group named "Жоқ"');
  }, 180_000);
});
