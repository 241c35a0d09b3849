import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import type { MethodInput } from '../../electron/core/api';
import { REPORT_WORDS } from '../../electron/core/children/report-words';
import { tempFolder } from '../helpers/temp';
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
    const nov = await list({ kind: 'birthdays', month: '2030-11' });
    expect(nov.rows.map((r) => [r.childId, r.cells.turns])).toEqual([[ids.arman, '10']]);
  });
});
