import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { registry } from '../../electron/core/registry';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, FULL_ORG, FULL_TERMS, withCheckDigit } from '../helpers/enrolled-child';

type Row = Record<string, unknown>;

/**
 * How to check one update method: the record it changes (read straight from the store where
 * the record is a row, so columns no API shows are compared too), the input that sends a
 * change, and changes covering every field the method accepts, each a value different from
 * the current one. The record starts with no field at its default, so a default filled in
 * for an absent field shows as a change.
 */
interface UpdateCase {
  prepare: () => Promise<void>;
  read: () => Promise<Row>;
  input: (changes: Row) => Row;
  /** Where the method's field schemas live within its input (for the coverage check). */
  fieldsOf: (input: z.ZodType) => string[];
  changes: Row[];
  /** The record's name for a field (a column); identity when the read returns fields. */
  column?: (field: string) => string;
  /** Besides the fields sent, what the method changes by design. */
  alsoChanges?: (changes: Row) => string[];
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const shapeKeys = (schema: z.ZodType): string[] =>
  Object.keys((schema as unknown as { shape: Record<string, z.ZodType> }).shape);
const shapeOf = (schema: z.ZodType, key: string): z.ZodType =>
  (schema as unknown as { shape: Record<string, z.ZodType> }).shape[key]!;
const unwrap = (schema: z.ZodType): z.ZodType =>
  'unwrap' in schema ? unwrap((schema as unknown as { unwrap: () => z.ZodType }).unwrap()) : schema;
/** Whether an input carries a partial update: a `changes` object, at most two levels down. */
const carriesChanges = (schema: z.ZodType, depth = 2): boolean => {
  const inner = unwrap(schema) as unknown as { shape?: Record<string, z.ZodType> };
  if (!inner.shape) return false;
  return Object.entries(inner.shape).some(
    ([key, field]) => key === 'changes' || (depth > 0 && carriesChanges(field, depth - 1)),
  );
};

describe('every update method changes the fields it names and no other', () => {
  const root = tempFolder();
  let fixture: Fixture;
  const ids: Record<string, string> = {};
  const row = (sql: string, ...params: unknown[]) =>
    fixture.core.services
      .store()
      .sqlite.prepare(sql)
      .get(...params) as Row;
  const call = (method: string, input: unknown) =>
    fixture.core.call(method as 'settings.update', input as never);

  const CASES: Record<string, UpdateCase> = {
    'settings.update': {
      prepare: async () => {
        await call('settings.update', {
          ...FULL_ORG,
          nameKk: 'Ғажайып бөбекжайы',
          idleLockMinutes: 30,
          allowIdDocumentCopies: false,
        });
      },
      read: () => fixture.core.call('settings.get', undefined),
      input: (changes) => changes,
      fieldsOf: shapeKeys,
      changes: [
        { idleLockMinutes: 45 },
        { allowIdDocumentCopies: true },
        { nameKk: 'Ғажайып бөбекжайы №2' },
        { nameRu: 'Ясли-сад «Гажайып» №2' },
        { addressKk: 'Алматы қ., Абай даңғылы 1' },
        { addressRu: 'г. Алматы, проспект Абая 1' },
        { cityKk: 'Алматы қ.' },
        { cityRu: 'г. Алматы' },
        { directorName: 'Сәрсенова Ақмарал Қайратқызы' },
        { phone: '+7 727 300 00 00' },
        { bankName: '«Kaspi Bank» АҚ / АО' },
        { iban: 'KZ18722S000012345678' },
        { bic: 'CASPKZKA' },
      ],
    },
    'contracts.updateTerms': {
      prepare: async () => {
        await call('contracts.updateTerms', { ...FULL_TERMS, paymentDueDay: 15 });
      },
      read: () => fixture.core.call('contracts.terms', undefined),
      input: (changes) => changes,
      fieldsOf: shapeKeys,
      changes: [
        { monthlyFee: 31000 },
        { paymentDueDay: 20 },
        { regimeKk: 'дүйсенбі–жұма, 08:00–19:00' },
        { regimeRu: 'понедельник–пятница, 08:00–19:00' },
      ],
    },
    'fees.setSettings': {
      prepare: async () => {
        await call('fees.setSettings', {
          mode: 'month',
          amount: 2_500_000,
          chargeValidAbsence: true,
          chargeAbsenceWithout: false,
          freeDaysWithoutReason: 2,
          rounding: 'tiyn',
          from: '2026-09',
        });
      },
      read: () => fixture.core.call('fees.settings', undefined),
      input: (changes) => changes,
      fieldsOf: shapeKeys,
      // A later `from` is a change of the fee from that month on: the version before it is kept.
      alsoChanges: (changes) => ('from' in changes ? ['earlier'] : []),
      changes: [
        { mode: 'day' },
        { amount: 150_000 },
        { chargeValidAbsence: false },
        { chargeAbsenceWithout: true },
        { freeDaysWithoutReason: 3 },
        { rounding: 'tenge' },
        { from: '2026-10' },
      ],
    },
    'attendance.setCalendar': {
      prepare: async () => {
        await call('attendance.setCalendar', {
          year: 2026,
          transfers: [{ dayOff: '2026-01-05', workingDay: '2026-01-03' }],
          closures: [{ from: '2026-07-20', to: '2026-07-24', note: 'Жөндеу' }],
          extraHolidays: [{ key: 'kurbanAit', date: '2026-05-27', religious: true }],
        });
      },
      // The year's lists as the calendar keeps them.
      read: async () => {
        const { settings } = await fixture.core.call('attendance.calendar', { year: 2026 });
        return {
          transfers: settings.transfers,
          closures: settings.closures,
          extraHolidays: settings.extraHolidays,
        };
      },
      input: (changes) => ({ year: 2026, ...changes }),
      // removeMarks is the director's confirmation of a refusal's total, not a setting.
      fieldsOf: (schema) =>
        shapeKeys(schema).filter((key) => key !== 'year' && key !== 'removeMarks'),
      changes: [
        { transfers: [{ dayOff: '2026-03-09', workingDay: '2026-03-14' }] },
        { closures: [{ from: '2026-08-03', to: '2026-08-07', note: 'Дезинфекция' }] },
        { extraHolidays: [{ key: 'kurbanAit', date: '2026-05-28', religious: true }] },
      ],
    },
    'children.update': {
      prepare: async () => {
        ids.child = (await enrolledChild(fixture.core, { iinSerial: '0201' })).childId;
        ids.otherGroup = (
          await fixture.core.call('groups.create', {
            name: 'Ортаңғы «Ай»',
            ageGroup: 'middle',
            language: 'ru',
          })
        ).id;
      },
      read: async () => row('SELECT * FROM children WHERE id = ?', ids.child),
      input: (changes) => ({ childId: ids.child, changes }),
      fieldsOf: (input) => shapeKeys(shapeOf(input, 'changes')),
      column: snake,
      alsoChanges: () => ['updated_at'],
      changes: [
        { iin: withCheckDigit('2103146' + '0777') },
        { lastName: 'Сейітова' },
        { firstName: 'Айару' },
        { patronymic: 'Бауыржанқызы' },
        // The IIN carries the birth date and sex: those three change together or not at all.
        { iin: withCheckDigit('2004155' + '0778'), birthDate: '2020-04-15', sex: 'male' },
        { citizenship: 'KG' },
        { birthCertificateNumber: '0099887' },
        { birthCertificateDate: '2020-04-25' },
        { birthCertificateIssuer: 'ХҚКО Алматы' },
        { registeredAddress: 'Алматы қ., Абай даңғылы 1, 5' },
        { actualAddress: 'Алматы қ., Абай даңғылы 2, 7' },
        { groupId: '@otherGroup' },
        { referralNumber: 'KZ-2026-009999' },
      ],
    },
    'children.setStatus': {
      prepare: async () => {
        ids.leaving = (await enrolledChild(fixture.core, { iinSerial: '0301' })).childId;
      },
      read: async () => row('SELECT * FROM children WHERE id = ?', ids.leaving),
      input: (changes) => ({ childId: ids.leaving, on: '2026-12-01', ...changes }),
      fieldsOf: () => ['status'],
      column: snake,
      // A status comes with its date.
      alsoChanges: () => ['left_on', 'updated_at'],
      changes: [{ status: 'withdrawn' }],
    },
    'health.updatePassport': {
      prepare: async () => {
        ids.patient = (await enrolledChild(fixture.core, { iinSerial: '0401' })).childId;
        await call('health.updatePassport', {
          childId: ids.patient,
          bloodGroup: 'A',
          rhFactor: '+',
          healthGroup: 'II',
          peGroup: 'main',
          disability: 'жоқ / нет',
        });
      },
      read: async () => row('SELECT * FROM health_passports WHERE child_id = ?', ids.patient),
      input: (changes) => ({ childId: ids.patient, ...changes }),
      fieldsOf: (input) => shapeKeys(input).filter((key) => key !== 'childId'),
      column: snake,
      alsoChanges: () => ['updated_at'],
      changes: [
        { bloodGroup: 'B' },
        { rhFactor: '-' },
        { healthGroup: 'III' },
        { peGroup: 'preparatory' },
        { disability: 'есту қабілеті / слух' },
      ],
    },
    // Linking a stored person to another child may change fields of theirs the user confirmed.
    'representatives.link': {
      prepare: async () => {
        ids.person = (await enrolledChild(fixture.core, { iinSerial: '0501' })).representativeId;
        ids.sibling = (await enrolledChild(fixture.core, { iinSerial: '0502' })).childId;
      },
      read: async () => row('SELECT * FROM representatives WHERE id = ?', ids.person),
      input: (changes) => ({
        childId: ids.sibling,
        existing: { id: ids.person, changes, confirmed: true },
        relation: 'mother',
        authorityDocument: 'Туу туралы куәлік № 0099',
        isPrimary: false,
      }),
      fieldsOf: (input) =>
        shapeKeys(unwrap(shapeOf(unwrap(shapeOf(input, 'existing')), 'changes'))),
      column: snake,
      alsoChanges: () => ['updated_at'],
      changes: [
        { lastName: 'Сейітова' },
        { firstName: 'Айгүл' },
        { patronymic: 'Бауыржанқызы' },
        { idDocumentType: 'passport' },
        { idDocumentNumber: 'N12345678' },
        { idDocumentIssuedOn: '2020-02-02' },
        { idDocumentIssuer: 'ҚР ІІМ Алматы' },
        { phone: '+7 702 111 22 33' },
        { phoneExtra: '+7 702 444 55 66' },
        { email: 'new@example.kz' },
        { workplace: '«Самұрық» АҚ' },
        { position: 'инженер' },
        { address: 'Алматы қ., Абай даңғылы 3, 9' },
      ],
    },
    'auth.setLanguage': {
      prepare: async () => undefined,
      read: async () => row("SELECT * FROM staff_accounts WHERE role = 'director'"),
      input: (changes) => changes,
      fieldsOf: shapeKeys,
      column: snake,
      changes: [{ language: 'ru' }],
    },
  };

  // By name, or by what the input carries.
  const updateMethods = Object.entries(registry)
    .filter(
      ([name, spec]) =>
        /\.(update|set|edit)([A-Z]|$)/.test(name) || carriesChanges(spec.input as z.ZodType),
    )
    .map(([name]) => name)
    .sort();

  beforeAll(async () => {
    fixture = await newStore(root);
    for (const name of Object.keys(CASES)) await CASES[name]!.prepare();
  });

  /**
   * Methods named like updates that set one value as a whole: there is no other field for a
   * one-field call to reset. Each needs a reason here, so a new partial update cannot hide.
   */
  const WHOLE_VALUE_SETTERS: Record<string, string> = {
    'staff.setGroups': "replaces a teacher's whole list of groups; the account is not changed",
    'groups.setCapacity':
      "sets the group's capacity alone; its name, age group and language are not sent",
    'updates.setUrl': 'sets the update address alone, the one value of the update settings',
  };

  it('has a case for every update method in the registry', () => {
    expect(updateMethods.length).toBeGreaterThanOrEqual(7);
    expect([...Object.keys(CASES), ...Object.keys(WHOLE_VALUE_SETTERS)].sort()).toEqual(
      updateMethods,
    );
  });

  for (const name of Object.keys(CASES).sort()) {
    it(`${name}: a change of one field changes that field only`, async () => {
      const spec = CASES[name]!;
      const schema = registry[name as keyof typeof registry].input as z.ZodType;
      const sent = new Set(spec.changes.flatMap((changes) => Object.keys(changes)));
      // Every field the method accepts is sent alone (or with the fields it must agree with).
      expect([...sent].sort(), 'fields covered').toEqual(spec.fieldsOf(schema).sort());
      const column = spec.column ?? ((field: string) => field);
      for (const raw of spec.changes) {
        const changes = Object.fromEntries(
          Object.entries(raw).map(([key, value]) => [
            key,
            typeof value === 'string' && value.startsWith('@') ? ids[value.slice(1)] : value,
          ]),
        );
        const input = spec.input(changes);
        // The parsed input carries exactly the keys sent: no default filled in for the rest.
        const parsed = schema.parse(input) as Row;
        expect(Object.keys(parsed).sort(), `${name} input keys`).toEqual(Object.keys(input).sort());
        expect(schema.safeParse({ ...input, noSuchField: 1 }).success, 'unknown key').toBe(false);
        if ('changes' in input)
          expect(Object.keys(parsed.changes as Row).sort()).toEqual(Object.keys(changes).sort());
        const before = await spec.read();
        await call(name, input);
        const after = await spec.read();
        const expected = [
          ...Object.keys(changes).map(column),
          ...(spec.alsoChanges?.(changes) ?? []),
        ].sort();
        const changed = Object.keys({ ...before, ...after })
          .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          .sort();
        expect(changed, `${name} ${JSON.stringify(Object.keys(changes))}`).toEqual(expected);
      }
    });
  }
});
