import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../electron/core/attendance/calendar';
import { localDateTime } from '../../electron/core/attendance/attendance-record';
import { readStatsInput } from '../../electron/core/reports/stats-facts';
import { childrenCounted } from '../../electron/core/reports/anonymised';
import { trendMonths } from '../../electron/core/reports/overview';
import { verifyAuditChain } from '../../electron/core/audit/audit-log';
import { applyPulledChange } from '../../electron/core/sync/apply';
import { registerDays, registerGroup } from '../helpers/attendance-register';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';
import { withCheckDigit } from '../helpers/enrolled-child';

/**
 * The overview on a real encrypted store with a handful of children whose facts are known:
 * counts by hand, vacancies, attendance rates from known marks, each to-do rule with a child
 * that must be listed and one beside it that must not, and the parts each role may see.
 */

const MONTH = '2026-03';
const today = localDateTime(new Date().toISOString()).slice(0, 10);
const ACCOUNTANT = { login: 'accountant-ov', password: 'accountant-pass-1' };
const METHODIST = { login: 'methodist-ov', password: 'methodist-pass-1' };
const TEACHER = { login: 'teacher-ov', password: 'teacher-pass-1' };
const NURSE = { login: 'nurse-ov', password: 'nurse-pass-1' };

describe('reports.overview', () => {
  const root = tempFolder();
  let fixture: Fixture;
  const ids: Record<string, string> = {};
  let groupA: string;
  let groupB: string;
  let groupEmpty: string;
  let representativeId: string;

  const db = () => fixture.core.services.store().sqlite;
  const call: Fixture['core']['call'] = (method, input) => fixture.core.call(method, input);
  const as = async (who: { login: string; password: string }) => {
    await fixture.core.call('auth.signOut', undefined);
    await fixture.core.call('auth.signIn', { login: who.login, password: who.password });
  };
  const overview = (month = MONTH) => fixture.core.call('reports.overview', { month });
  const listed = (list: { items: { childId: string }[] } | undefined) =>
    (list?.items ?? []).map((item) => item.childId);

  let serial = 100;
  async function child(key: string, lastName: string, groupId: string | null, status = 'enrolled') {
    serial += 1;
    const { id } = await call('children.create', {
      iin: withCheckDigit(`2103146${String(serial).padStart(4, '0')}`),
      lastName,
      firstName: 'Іңкәр',
      patronymic: null,
      birthDate: '2021-03-14',
      sex: 'female',
      citizenship: 'KZ',
      groupId,
      status: status === 'referred' ? 'referred' : 'enrolled',
    } as never);
    if (status === 'withdrawn')
      await call('children.setStatus', { childId: id, status: 'withdrawn', on: '2026-02-01' });
    ids[key] = id;
    return id;
  }

  function marks(childId: string, groupId: string, month: string, statuses: string[]) {
    db()
      .prepare(
        `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(randomUUID(), childId, month, groupId, new Date().toISOString());
    statuses.forEach((status, day) =>
      db()
        .prepare(
          `INSERT INTO attendance_marks (child_id, date, status, updated_at) VALUES (?, ?, ?, ?)`,
        )
        .run(childId, `${month}-${String(day + 2).padStart(2, '0')}`, status, 'x'),
    );
  }

  function contract(childId: string, status: string, number: string, from: string, until: string) {
    db()
      .prepare(
        `INSERT INTO contracts (id, year, sequence, number, date, child_id, representative_id,
           term_from, term_until, template_version, status, created_at)
         VALUES (?, 2026, ?, ?, ?, ?, ?, ?, ?, 'v1', ?, ?)`,
      )
      .run(
        randomUUID(),
        Number(number.replace(/\D/g, '')),
        number,
        from,
        childId,
        representativeId,
        from,
        until,
        status,
        'x',
      );
  }

  function privilege(childId: string, confirmation: string, until: string, code = 'large_family') {
    db()
      .prepare(
        `INSERT INTO child_privileges (id, child_id, category_code, valid_until, confirmation, created_at)
         VALUES (?, ?, ?, ?, ?, 'x')`,
      )
      .run(randomUUID(), childId, code, until, confirmation);
  }

  function examination(childId: string, on: string) {
    db()
      .prepare(
        `INSERT INTO health_examinations (id, child_id, examined_on, specialist, conclusion)
         VALUES (?, ?, ?, 'педиатр', 'сау')`,
      )
      .run(randomUUID(), childId, on);
  }

  function photo(childId: string, type = 'child_photo') {
    const attachmentId = randomUUID();
    db()
      .prepare(
        `INSERT INTO attachments (id, file_key, mime, size, sha256, created_at) VALUES (?, ?, 'image/jpeg', 1, 'x', 'x')`,
      )
      .run(attachmentId, Buffer.alloc(32));
    db()
      .prepare(
        `INSERT INTO documents (id, child_id, type, title, attachment_id, created_at)
         VALUES (?, ?, ?, 'фото', ?, 'x')`,
      )
      .run(randomUUID(), childId, type, attachmentId);
  }

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    groupA = (
      await call('groups.create', { name: 'Ересек «Күншуақ»', ageGroup: 'senior', language: 'kk' })
    ).id;
    groupB = (
      await call('groups.create', { name: 'Кіші «Солнышко»', ageGroup: 'junior', language: 'ru' })
    ).id;
    groupEmpty = (
      await call('groups.create', { name: 'Бөбек «Балапан»', ageGroup: 'nursery', language: 'kk' })
    ).id;
    await child('a1', 'Әлиева', groupA);
    await child('a2', 'Бекова', groupA);
    await child('a3', 'Ғалиева', groupA, 'referred');
    await child('a4', 'Дәулетова', groupA, 'withdrawn');
    await child('b1', 'Жанұзақова', groupB);
    await child('none', 'Зейнолла', null);

    // Consents: a1 current; a2 withdrawn; b1 given by a representative who is not primary.
    const link = async (childId: string, iinSerial: string, isPrimary: boolean) =>
      (
        await call('representatives.link', {
          childId,
          representative: {
            iin: withCheckDigit(`9005124${iinSerial}`),
            lastName: 'Ұлықбекова',
            firstName: 'Әйгерім',
            patronymic: null,
            idDocumentType: 'id_card',
            idDocumentNumber: '049912345',
            phone: '+7 701 555 12 34',
          },
          relation: 'mother',
          isPrimary,
        } as never)
      ).representativeId;
    representativeId = await link(ids.a1!, '0456', true);
    const consent = (childId: string, repId: string) =>
      call('consents.record', {
        childId,
        representativeId: repId,
        rulesVersion: '2024-1',
        givenOn: '2026-09-01',
      });
    await consent(ids.a1!, representativeId);
    await link(ids.a2!, '0457', true);
    const a2rep = db()
      .prepare('SELECT representative_id FROM child_representatives WHERE child_id = ?')
      .pluck()
      .get(ids.a2) as string;
    const { id: consentId } = await consent(ids.a2!, a2rep);
    await call('consents.withdraw', { childId: ids.a2!, consentId });
    const b1rep = await link(ids.b1!, '0458', false);
    await consent(ids.b1!, b1rep);

    await call('groups.setCapacity', { groupId: groupA, capacity: 3 });
    await call('groups.setCapacity', { groupId: groupB, capacity: 25 });
    await call('groups.setCapacity', { groupId: groupB, capacity: null });
    await call('groups.setCapacity', { groupId: groupEmpty, capacity: 20 });

    // Attendance: group A in March 5 present of 6 marks; in January 1 of 2.
    marks(ids.a1!, groupA, MONTH, ['present', 'present', 'present', 'absent']);
    marks(ids.a2!, groupA, MONTH, ['present', 'present']);
    marks(ids.a1!, groupA, '2026-01', ['present', 'absent']);
    // A mark of the next month must not count in March.
    marks(ids.a2!, groupA, '2026-04', ['absent', 'absent']);

    // Contracts: a1 signed and current (not listed); a2 printed (listed with its number);
    // a3 none (listed, no number); b1 signed but expired (listed); a4 withdrawn (never listed).
    contract(ids.a1!, 'signed', '2026-1', addDays(today, -100), addDays(today, 200));
    contract(ids.a2!, 'signed', '2026-2', addDays(today, -400), addDays(today, -30));
    contract(ids.a2!, 'printed', '2026-3', addDays(today, -10), addDays(today, 300));
    contract(ids.b1!, 'signed', '2026-4', addDays(today, -400), addDays(today, -1));

    // Privileges: a1 ends in 10 days (listed); a2 ends in 10 days but renewed (not);
    // a3 pending, ends in 5 days (not); b1 ends in 40 days (not); a4 withdrawn (not).
    privilege(ids.a1!, 'confirmed', addDays(today, 10));
    privilege(ids.a2!, 'confirmed', addDays(today, 10));
    privilege(ids.a2!, 'confirmed', addDays(today, 400));
    privilege(ids.a3!, 'pending', addDays(today, 5));
    privilege(ids.b1!, 'confirmed', addDays(today, 40));
    privilege(ids.a4!, 'confirmed', addDays(today, 3));
    // b1 also one that ended 20 days ago (listed, its date the detail).
    privilege(ids.b1!, 'confirmed', addDays(today, -20), 'orphan');

    // Examinations: a1 eleven months ago (not due); a2 thirteen months ago (due).
    examination(ids.a1!, addDays(today, -335));
    examination(ids.a2!, addDays(today, -395));

    // Photos: a1 has one; a2 only a representative's photo (listed).
    photo(ids.a1!);
    photo(ids.a2!, 'representative_photo');

    for (const [account, role] of [
      [ACCOUNTANT, 'accountant'],
      [METHODIST, 'methodist'],
      [TEACHER, 'teacher'],
      [NURSE, 'nurse'],
    ] as const)
      await addStaff(core, {
        login: account.login,
        displayName: `${role} ov`,
        role,
        password: account.password,
      });
  }, 120_000);

  afterAll(() => fixture?.core.close());

  it('counts the counted children by hand: enrolled and referred in a group, not withdrawn', async () => {
    const input = readStatsInput(fixture.core.services.store(), today);
    expect(childrenCounted(input.children)).toBe(4);
    const answer = await overview();
    expect(answer.counts!.total).toBe(4);
    const statuses = answer.counts!.tables.find((table) => table.id === 'statuses')!;
    const byStatus = Object.fromEntries(
      statuses.cells.filter((cell) => cell.key.status).map((cell) => [cell.key.status, cell.count]),
    );
    expect(byStatus).toEqual({ enrolled: 2 + 1, referred: 1, withdrawn: 0, graduated: 0 });
    const privileges = answer.counts!.tables.find((table) => table.id === 'privilegeCategories')!;
    // a1 and a2 (and b1's) confirmed and valid today: large_family ×3; b1's orphan one ended.
    const largeFamily = privileges.cells.find(
      (cell) => cell.key.privilegeCategory === 'large_family',
    );
    expect(largeFamily?.count).toBe(3);
  });

  it('shows each group with its capacity, children and vacancies', async () => {
    const { groups } = await overview();
    const byId = new Map(groups!.map((group) => [group.id, group]));
    expect(byId.get(groupA)).toMatchObject({ capacity: 3, children: 3, vacancies: 0 });
    expect(byId.get(groupB)).toMatchObject({ capacity: null, children: 1, vacancies: null });
    expect(byId.get(groupEmpty)).toMatchObject({ capacity: 20, children: 0, vacancies: 20 });
    const listedGroups = await call('groups.list', undefined);
    expect(listedGroups.find((group) => group.id === groupA)).toMatchObject({ capacity: 3 });
  });

  it('computes attendance rates from the marks of the month, and a 12-month trend', async () => {
    const { groups } = await overview();
    const a = groups!.find((group) => group.id === groupA)!;
    expect(a.attendanceRate).toBeCloseTo(5 / 6, 10);
    expect(a.trend.map((point) => point.month)).toEqual(trendMonths(MONTH));
    expect(a.trend[0]!.month).toBe('2025-04');
    expect(a.trend.find((point) => point.month === '2026-01')!.rate).toBe(0.5);
    expect(a.trend.find((point) => point.month === '2026-02')!.rate).toBeNull();
    expect(groups!.find((group) => group.id === groupB)!.attendanceRate).toBeNull();
    const april = await overview('2026-04');
    expect(april.groups!.find((group) => group.id === groupA)!.attendanceRate).toBe(0);
  });

  it('counts a closed month by the counts stored with it', async () => {
    // Closed by hand here: the stored counts are what the overview reads for a closed month.
    db()
      .prepare(
        `INSERT INTO attendance_months (group_id, month, status, history, present, marked)
         VALUES (?, '2026-01', 'closed', '[]', 3, 4)`,
      )
      .run(groupA);
    const rateIn = async (month: string) =>
      (await overview())
        .groups!.find((group) => group.id === groupA)!
        .trend.find((point) => point.month === month)!.rate;
    expect(await rateIn('2026-01')).toBe(0.75);
    db()
      .prepare("DELETE FROM attendance_months WHERE group_id = ? AND month = '2026-01'")
      .run(groupA);
    expect(await rateIn('2026-01')).toBe(0.5);
  });

  it('lists each to-do by its rule, and not the child beside it', async () => {
    const { todo } = await overview();
    expect(listed(todo.contractsUnsigned).sort()).toEqual([ids.a2, ids.a3, ids.b1].sort());
    expect(todo.contractsUnsigned!.count).toBe(3);
    expect(todo.contractsUnsigned!.items.find((i) => i.childId === ids.a2)!.detail).toBe('2026-3');
    expect(todo.contractsUnsigned!.items.find((i) => i.childId === ids.a3)!.detail).toBeNull();

    expect(listed(todo.consentsMissing).sort()).toEqual([ids.a2, ids.a3, ids.b1].sort());

    expect(listed(todo.privilegesExpiring).sort()).toEqual([ids.a1, ids.b1].sort());
    const details = Object.fromEntries(
      todo.privilegesExpiring!.items.map((i) => [i.childId, i.detail]),
    );
    expect(details[ids.a1!]).toBe(addDays(today, 10));
    expect(details[ids.b1!]).toBe(addDays(today, -20));

    expect(listed(todo.examinationsDue).sort()).toEqual([ids.a2, ids.a3, ids.b1].sort());
    expect(todo.examinationsDue!.items.find((i) => i.childId === ids.a2)!.detail).toBe(
      addDays(today, -395),
    );

    expect(listed(todo.withoutPhoto).sort()).toEqual([ids.a2, ids.a3, ids.b1].sort());
    // Kazakh order, names and group shown.
    expect(todo.withoutPhoto!.items.map((i) => i.lastName)).toEqual([
      'Бекова',
      'Ғалиева',
      'Жанұзақова',
    ]);
    expect(todo.withoutPhoto!.items[0]).toMatchObject({
      firstName: 'Іңкәр',
      patronymic: null,
      groupName: 'Ересек «Күншуақ»',
    });
  });

  it('audits the call and every child it names, with no personal data', async () => {
    const before = db().prepare('SELECT MAX(seq) FROM audit_log').pluck().get() as number;
    await overview();
    const rows = db()
      .prepare(
        "SELECT entity_id AS entityId, outcome FROM audit_log WHERE seq > ? AND action = 'reports.overview'",
      )
      .all(before) as { entityId: string | null; outcome: string }[];
    expect(new Set(rows.map((row) => row.entityId))).toEqual(
      new Set([ids.a1, ids.a2, ids.a3, ids.b1]),
    );
    // Appended in one batch: the chain stays whole, one row per child, in order.
    expect(rows).toHaveLength(4);
    expect(verifyAuditChain(fixture.core.services.store())).toEqual([]);
  });

  it('shows each role only its parts; a teacher is refused', async () => {
    await as(ACCOUNTANT);
    const accountant = await overview();
    expect(accountant.counts).toBeUndefined();
    expect(accountant.groups).toBeUndefined();
    expect(Object.keys(accountant.todo).sort()).toEqual(
      ['consentsMissing', 'contractsUnsigned', 'privilegesExpiring'].sort(),
    );
    expect(accountant.money).toEqual({ month: MONTH, paid: 0, payments: 0 });

    await as(METHODIST);
    const methodist = await overview();
    expect(methodist.counts!.total).toBe(4);
    expect(methodist.money).toBeUndefined();
    expect(Object.keys(methodist.todo).sort()).toEqual(['consentsMissing', 'withoutPhoto']);

    await as(NURSE);
    await expect(overview()).rejects.toMatchObject({ code: 'permissionDenied' });
    await as(TEACHER);
    await expect(overview()).rejects.toMatchObject({ code: 'permissionDenied' });
    await expect(
      call('groups.setCapacity', { groupId: groupA, capacity: 10 }),
    ).rejects.toMatchObject({
      code: 'permissionDenied',
    });
    await as(DIRECTOR);
  });

  it('refuses a bad capacity or an unknown group, and nothing changes', async () => {
    await as(DIRECTOR);
    for (const capacity of [-1, 501, 2.5, '10'])
      await expect(
        call('groups.setCapacity', { groupId: groupA, capacity } as never),
      ).rejects.toMatchObject({ code: 'invalidInput' });
    await expect(
      call('groups.setCapacity', { groupId: randomUUID(), capacity: 5 }),
    ).rejects.toMatchObject({ code: 'groupNotFound' });
    await expect(call('reports.overview', { month: '2026-13' })).rejects.toMatchObject({
      code: 'invalidInput',
    });
    expect(db().prepare('SELECT capacity FROM groups WHERE id = ?').pluck().get(groupA)).toBe(3);
  });

  describe('closed months through the register and a pull', () => {
    const month = '2025-11';
    const pulled = '2025-12';
    let groupId: string;
    let childId: string;
    const rateIn = async (m: string) =>
      (await overview())
        .groups!.find((group) => group.id === groupId)!
        .trend.find((point) => point.month === m)!.rate;
    const stored = (m: string) =>
      db()
        .prepare(
          'SELECT status, present, marked FROM attendance_months WHERE group_id = ? AND month = ?',
        )
        .get(groupId, m);

    beforeAll(async () => {
      await as(DIRECTOR);
      childId = await child('x', 'Теміржанова', null);
      groupId = await registerGroup(fixture.core, [childId], month, 'Кіші «Шұғыла»');
    });

    it('close → reopen → correct → close: the rate follows the corrected marks', async () => {
      const days = registerDays(month); // all of them: a month closes complete
      const n = days.length;
      for (const date of days)
        await call('attendance.saveDay', {
          groupId,
          date,
          marks: [{ childId, value: { status: 'present' } }],
        });
      expect(await rateIn(month)).toBe(1); // open: counted live
      expect(stored(month)).toBeUndefined();
      await call('attendance.closeMonth', { groupId, month });
      expect(stored(month)).toEqual({ status: 'closed', present: n, marked: n });
      expect(await rateIn(month)).toBe(1);
      await call('attendance.reopenMonth', { groupId, month, reason: 'Қате белгі' });
      expect(stored(month)).toEqual({ status: 'open', present: null, marked: null });
      await call('attendance.saveDay', {
        groupId,
        date: days[0]!,
        marks: [{ childId, value: { status: 'absent', reason: 'unexcused', note: '' } }],
        reason: 'Қате белгі',
      });
      expect(await rateIn(month)).toBe((n - 1) / n);
      await call('attendance.closeMonth', { groupId, month });
      expect(stored(month)).toEqual({ status: 'closed', present: n - 1, marked: n });
      expect(await rateIn(month)).toBe((n - 1) / n);
    });

    it('a pull that changes the marks of a month closed here changes its rate', async () => {
      const store = fixture.core.services.store();
      const [first, second] = registerDays(pulled);
      const portalId = randomUUID();
      const pull = (version: number, marks: Record<string, unknown>[]) =>
        store.sqlite.transaction(() =>
          applyPulledChange(
            store,
            {
              entity: 'attendance',
              id: portalId,
              version,
              deleted: false,
              data: {
                childId,
                month: pulled,
                groupName: 'Кіші «Шұғыла»',
                marks,
                closed: true,
                closedAt: `${pulled}-31T18:00:00`,
                corrections: 0,
                parentStatus: 'pending',
                parentComment: null,
                parentAt: null,
              },
            },
            new Date().toISOString(),
          ),
        )();
      // Closed at the portal: it closes here with the marks it carries.
      expect(
        pull(1, [
          { date: first, status: 'present' },
          { date: second, status: 'present' },
        ]),
      ).toBe(true);
      expect(stored(pulled)).toEqual({ status: 'closed', present: 2, marked: 2 });
      expect(await rateIn(pulled)).toBe(1);
      // The same closing, its marks catching up: written into the month closed here.
      expect(
        pull(2, [
          { date: first, status: 'present' },
          { date: second, status: 'absent', reason: 'unexcused', note: '' },
        ]),
      ).toBe(true);
      expect(stored(pulled)).toEqual({ status: 'closed', present: 1, marked: 2 });
      expect(await rateIn(pulled)).toBe(0.5);
    });
  });

  it('shows an inactive group while it still has counted children; total = the groups sum', async () => {
    await as(DIRECTOR);
    db().prepare('UPDATE groups SET active = 0 WHERE id = ?').run(groupB);
    db().prepare('UPDATE groups SET active = 0 WHERE id = ?').run(groupEmpty);
    const answer = await overview();
    const shown = new Set(answer.groups!.map((group) => group.id));
    expect(shown.has(groupB)).toBe(true);
    expect(shown.has(groupEmpty)).toBe(false);
    expect(answer.groups!.reduce((sum, group) => sum + group.children, 0)).toBe(
      answer.counts!.total,
    );
  });
});
