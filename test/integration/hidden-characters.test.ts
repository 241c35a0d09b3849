import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { dumpTables, newStore, ORG, type Fixture } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

const withCheckDigit = (first11: string) => first11 + checkDigit([...first11].map(Number));
// Born 2022-05-09, boy (century digit 5).
const CHILD_IIN = withCheckDigit('22050950321');
const MOTHER_IIN = withCheckDigit('91020340456');

const child = {
  iin: CHILD_IIN,
  lastName: 'Сейітов',
  firstName: 'Нұрлан',
  birthDate: '2022-05-09',
  sex: 'male' as const,
  citizenship: 'KZ',
  registeredAddress: 'Алматы қ., Абай даңғылы 10',
};

/** Characters nobody types into a name, each a way to hide or reorder what is shown. */
const HIDDEN = {
  nul: '\u0000',
  escape: '\u001b[2J',
  rightToLeftOverride: '\u202E',
  isolate: '\u2067',
  loneHighSurrogate: '\uD83D',
  loneLowSurrogate: '\uDE00',
};

const refused = (fields: string[]) => ({
  ok: false,
  error: { code: 'invalidInput', params: { fields, reasons: ['textHiddenCharacters'] } },
});

describe('bad input at the edges of the core', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId = '';

  beforeAll(async () => {
    fixture = await newStore(root);
    ({ id: childId } = await fixture.core.call('children.create', child));
  });

  it('a NUL or another control character in a children search is taken as a space, not an internal error', async () => {
    const { core } = fixture;
    const find = async (query: string) => core.dispatch('children.list', { query });
    for (const query of ['Сей\u0000', 'Сей\u0000тов', '\u0000', 'Сей\u0007 Нұр', 'Сей\uD800']) {
      expect(await find(query), JSON.stringify(query)).toMatchObject({ ok: true });
    }
    const names = async (query: string) =>
      (await core.call('children.list', { query })).rows.map((row) => row.lastName);
    expect(await names('Сей\u0000')).toEqual(['Сейітов']);
    expect(await names('сей\u0000нұр')).toEqual(['Сейітов']);
    expect(await names('\u0000')).toEqual([]);
  });

  it('names, addresses and free text with NUL, bidi overrides or lone surrogates are refused with a reason, nothing written', async () => {
    const { core } = fixture;
    const before = dumpTables(core.services.store());
    for (const [what, hidden] of Object.entries(HIDDEN)) {
      expect(
        await core.dispatch('children.create', {
          ...child,
          iin: withCheckDigit('22050950999'),
          lastName: `Сей${hidden}тов`,
        }),
        what,
      ).toEqual(refused(['lastName']));
      expect(
        await core.dispatch('children.create', {
          ...child,
          iin: withCheckDigit('22050950999'),
          registeredAddress: `${hidden}Алматы`,
        }),
        what,
      ).toEqual(refused(['registeredAddress']));
    }
    expect(
      await core.dispatch('representatives.link', {
        childId,
        relation: 'mother',
        representative: {
          iin: MOTHER_IIN,
          lastName: 'Сейітова',
          firstName: `Гүл${HIDDEN.rightToLeftOverride}нар`,
          idDocumentType: 'id_card',
          idDocumentNumber: '049912345',
          phone: '+7 701 555 12 34',
        },
      }),
    ).toMatchObject(refused(['representative.firstName']));
    expect(
      await core.dispatch('staff.add', {
        login: 'teacher-x',
        displayName: `Әйгерім${HIDDEN.nul}`,
        role: 'teacher',
        password: 'staff-pass-1',
      }),
    ).toEqual(refused(['displayName']));
    expect(
      await core.dispatch('portfolio.addEntry', {
        childId,
        date: '2026-10-01',
        area: 'cognitive',
        title: 'Сурет',
        text: `Бірінші жол${HIDDEN.escape}`,
      }),
    ).toEqual(refused(['text']));
    expect(
      await core.dispatch('contracts.create', {
        childId,
        representativeId: childId, // never looked up: the input is refused first
        termFrom: '2026-09-01',
        termUntil: '2027-05-31',
        payerBank: `«Halyk Bank»${HIDDEN.rightToLeftOverride}`,
      }),
    ).toEqual(refused(['payerBank']));
    expect(dumpTables(core.services.store())).toEqual(before);
  });

  it('free text keeps its line breaks and tabs; ordinary Kazakh and Russian text passes', async () => {
    const { core } = fixture;
    const text = 'Бірінші жол\nВторая строка\r\n\tҚорытынды: «жақсы» — 5/5 😀';
    await core.call('portfolio.addEntry', {
      childId,
      date: '2026-10-01',
      area: 'cognitive',
      title: 'Сурет: «Күз»',
      text,
    });
    const entries = await core.call('portfolio.list', { childId });
    expect(entries.map((entry) => entry.text)).toContain(text.trim());
  });

  it('set-up refuses an organisation name with a right-to-left override', async () => {
    const dataDir = join(root, 'other');
    const core = createCore({
      dataDir,
      deviceSeal: new FileDeviceSeal(join(root, 'other-device.key')),
    });
    expect(
      await core.dispatch('setup.initialize', {
        orgName: `${ORG.name}\u202Eтсеб`,
        orgBin: ORG.bin,
        adminLogin: 'director',
        adminName: 'Айгүл',
        password: 'director-pass-1',
      }),
    ).toEqual(refused(['orgName']));
    core.close();
  });
});
