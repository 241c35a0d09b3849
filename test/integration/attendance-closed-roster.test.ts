/**
 * A closed month does not follow the child's file (issue 14, review F2): a backdated withdrawal,
 * an enrolment or a date change inside a month closed for the child's group is refused
 * (childMonthClosed) with the closed timesheet and its fee unchanged, and accepted once the
 * month is reopened; a child whose file says it came during a closed month is not added to
 * that month's roster; a change of group alone changes no closed month. Real encrypted store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, monthDays } from '../../electron/core/attendance/calendar';
import { monthTimesheet } from '../../electron/core/attendance/attendance-record';
import { applyPulledChange } from '../../electron/core/sync/apply';
import { describeError } from '../../electron/host/cli/messages';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { enrolledChild, withCheckDigit } from '../helpers/enrolled-child';
import { newStore, type Fixture } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

const MONTH = '2026-03';
const working = monthDays(2026, 3, DEFAULT_CALENDAR)
  .filter((day) => day.working)
  .map((day) => day.date);

describe('a closed month keeps its roster and periods', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let groupId: string;
  let childId: string;

  const store = () => fixture.core.services.store();
  const sheet = () => monthTimesheet(store(), groupId, MONTH);
  const totalsOf = (id: string) => sheet().timesheet.rows.find((row) => row.childId === id)?.totals;
  const feeOf = async (id: string) =>
    (await fixture.core.call('fees.sheet', { month: MONTH, groupId })).groups[0]!.rows.find(
      (row) => row.childId === id,
    )?.amount;

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    ({ childId, groupId } = await enrolledChild(core, { iinSerial: '0311' }));
    store().sqlite.prepare("UPDATE children SET enrolled_on = '2026-01-09'").run();
    for (const date of working)
      await core.call('attendance.saveDay', {
        groupId,
        date,
        marks: [{ childId, value: { status: 'present' } }],
      });
    await core.call('contracts.updateTerms', { monthlyFee: 20000 });
    await core.call('attendance.closeMonth', { groupId, month: MONTH });
  }, 120_000);
  afterAll(() => fixture?.core.close());

  it('refuses a backdated withdrawal: the closed timesheet and its fee stay as they were', async () => {
    expect(totalsOf(childId)).toMatchObject({ attended: working.length, unmarked: 0 });
    expect(await feeOf(childId)).toBe(2_000_000);
    const refused = await fixture.core.dispatch('children.setStatus', {
      childId,
      status: 'withdrawn',
      on: '2026-03-13',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'childMonthClosed', params: { month: MONTH } },
    });
    expect(kk.errors.childMonthClosed).toContain('{{month}}');
    expect(ru.errors.childMonthClosed).toContain('{{month}}');
    expect(describeError({ code: 'childMonthClosed', params: { month: MONTH } })).toContain(MONTH);
    expect((await fixture.core.call('children.get', { childId })).child).toMatchObject({
      status: 'enrolled',
      leftOn: null,
    });
    expect(totalsOf(childId)).toMatchObject({ attended: working.length, unmarked: 0 });
    expect(sheet().state.status).toBe('closed');
    expect(await feeOf(childId)).toBe(2_000_000);
  });

  it('refuses an enrolment inside the closed month and never adds such a child to it', async () => {
    const { core } = fixture;
    const { id: late } = await core.call('children.create', {
      iin: withCheckDigit('2104156' + '0412'),
      lastName: 'Сәрсенова',
      firstName: 'Әлия',
      patronymic: null,
      birthDate: '2021-04-15',
      sex: 'female',
      citizenship: 'KZ',
      birthCertificateNumber: '0054321',
      birthCertificateDate: '2021-04-20',
      birthCertificateIssuer: 'ХҚКО Астана',
      registeredAddress: 'Астана қ., Сарыарқа даңғылы 9, 3',
      actualAddress: 'Астана қ., Сарыарқа даңғылы 9, 3',
      groupId,
      referralNumber: 'KZ-2026-000412',
      status: 'referred',
    });
    expect(
      await core.dispatch('children.setStatus', {
        childId: late,
        status: 'enrolled',
        on: '2026-03-20',
      }),
    ).toMatchObject({ ok: false, error: { code: 'childMonthClosed', params: { month: MONTH } } });
    expect((await core.call('children.get', { childId: late })).child).toMatchObject({
      status: 'referred',
      enrolledOn: null,
    });
    // A file that says so anyway (entered before this rule, or pulled as new): the closed month's
    // roster is the one it was closed with, so she is not an unmarked child of it.
    store()
      .sqlite.prepare(
        "UPDATE children SET status = 'enrolled', enrolled_on = '2026-03-20' WHERE id = ?",
      )
      .run(late);
    expect(sheet().children.map((child) => child.id)).toEqual([childId]);
    expect(sheet().timesheet.totals.unmarked).toBe(0);
    expect(await feeOf(late)).toBeUndefined();
    store()
      .sqlite.prepare("UPDATE children SET status = 'referred', enrolled_on = NULL WHERE id = ?")
      .run(late);
  });

  it('a change of group alone changes no closed month; a date in its old group’s closed month is refused', async () => {
    const { core } = fixture;
    const { id: other } = await core.call('groups.create', {
      name: 'Ортаңғы «Ай»',
      ageGroup: 'middle',
      language: 'ru',
    });
    // Group B's March is closed too (no child of its own that month).
    await core.call('attendance.closeMonth', { groupId: other, month: MONTH });
    expect(
      await core.dispatch('children.update', { childId, changes: { groupId: other } }),
    ).toMatchObject({
      ok: true,
    });
    expect(sheet().children.map((child) => child.id)).toEqual([childId]);
    expect(totalsOf(childId)).toMatchObject({ attended: working.length });
    expect(monthTimesheet(store(), other, MONTH).children).toEqual([]);
    // Her March is group A's: withdrawing her within it would change A's closed timesheet.
    expect(
      await core.dispatch('children.setStatus', { childId, status: 'withdrawn', on: '2026-03-13' }),
    ).toMatchObject({ ok: false, error: { code: 'childMonthClosed', params: { month: MONTH } } });
    await core.call('children.update', { childId, changes: { groupId } });
  });

  it('refuses a pulled backdated withdrawal as a rejected pull, the child and month unchanged', () => {
    // What was made here reached the portal (a pull does not overwrite what waits to be sent).
    store().sqlite.prepare("UPDATE sync_outbox SET status = 'sent'").run();
    const applied = applyPulledChange(
      store(),
      {
        entity: 'child',
        id: childId,
        version: 50,
        deleted: false,
        data: { status: 'withdrawn', leftOn: '2026-03-13' },
      },
      new Date().toISOString(),
    );
    expect(applied).toBe(false);
    const rejected = store()
      .sqlite.prepare(
        "SELECT reason, fields FROM sync_rejected_pulls WHERE entity = 'child' AND entity_id = ?",
      )
      .get(childId) as { reason: string; fields: string };
    expect(rejected.reason).toBe('childMonthClosed');
    expect(JSON.parse(rejected.fields)).toEqual(['status', 'leftOn']);
    expect(kk.sync.pullRejection.childMonthClosed.meaning).toBeTruthy();
    expect(ru.sync.pullRejection.childMonthClosed.todo).toBeTruthy();
    expect(
      store().sqlite.prepare('SELECT status, left_on FROM children WHERE id = ?').get(childId),
    ).toEqual({ status: 'enrolled', left_on: null });
    expect(totalsOf(childId)).toMatchObject({ attended: working.length, unmarked: 0 });
  });

  it('accepts the withdrawal once the month is reopened, and the timesheet shows it', async () => {
    const { core } = fixture;
    await core.call('attendance.reopenMonth', {
      groupId,
      month: MONTH,
      reason: 'Бала 13 наурызда шықты',
    });
    expect(
      await core.dispatch('children.setStatus', { childId, status: 'withdrawn', on: '2026-03-13' }),
    ).toMatchObject({ ok: true });
    const through13 = working.filter((date) => date <= '2026-03-13').length;
    expect(totalsOf(childId)).toMatchObject({ attended: through13, unmarked: 0 });
    await core.call('attendance.closeMonth', { groupId, month: MONTH });
    const fee = await feeOf(childId);
    expect(fee).toBeGreaterThan(0);
    expect(fee).toBeLessThan(2_000_000);
  });
});
