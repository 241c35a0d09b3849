import { beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../db/migrate';
import { columnTexts } from '../helpers/pdf-columns';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, ORG, type Fixture } from '../helpers/store-fixture';
import {
  enrolledChild,
  fillContractSettings,
  FULL_ORG,
  FULL_TERMS,
} from '../helpers/enrolled-child';

/** Contract terms as stores before migration 0008 kept them: the organisation's details in Kazakh only. */
const OLD_TERMS = {
  city: 'Қарағанды қ.',
  address: 'Қарағанды қ., Бұқар жырау даңғылы 47',
  directorName: '',
  phone: '+7 7212 41 22 33',
  bankName: '«Kaspi Bank» АҚ',
  iban: 'KZ18722S000012345678',
  bic: 'CASPKZKA',
  monthlyFee: 31000,
  paymentDueDay: 5,
  regimeKk: 'дүйсенбі–жұма, 08:00–18:00',
  regimeRu: 'понедельник–пятница, 08:00–18:00',
};

describe("the organisation's details in the settings", () => {
  const root = tempFolder();
  let fixture: Fixture;
  let contractId: string;

  beforeAll(async () => {
    fixture = await newStore(root);
    const child = await enrolledChild(fixture.core);
    ({ id: contractId } = await fixture.core.call('contracts.create', {
      childId: child.childId,
      representativeId: child.representativeId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    }));
  });

  it("start from set-up: the Kazakh name, the BIN and the director's name are filled", async () => {
    const settings = await fixture.core.call('settings.get', undefined);
    expect(settings).toMatchObject({
      nameKk: ORG.name,
      bin: ORG.bin,
      directorName: DIRECTOR.name,
      nameRu: '',
      addressKk: '',
      addressRu: '',
    });
    const { missing } = await fixture.core.call('contracts.check', { contractId });
    expect(missing).toEqual(
      expect.arrayContaining(['org.nameRu', 'org.address', 'org.addressRu', 'contract.placeRu']),
    );
    expect(missing).not.toContain('org.director');
    expect(missing).not.toContain('org.name');
  });

  it('print the Russian name, address and city in the Russian column, the Kazakh ones in the Kazakh column', async () => {
    const { core } = fixture;
    await fillContractSettings(core);
    expect((await core.call('contracts.check', { contractId })).missing).toEqual([]);
    const { pdfBase64 } = await core.call('contracts.render', { contractId });
    const { left: kazakh, right: russian } = await columnTexts(Buffer.from(pdfBase64, 'base64'));
    for (const value of [FULL_ORG.nameRu, FULL_ORG.addressRu, FULL_ORG.cityRu])
      expect(russian, value).toContain(value);
    for (const value of [ORG.name, FULL_ORG.addressKk, FULL_ORG.cityKk])
      expect(kazakh, value).toContain(value);
    expect(russian).not.toContain(FULL_ORG.addressKk);
    expect(kazakh).not.toContain(FULL_ORG.addressRu);
    expect(kazakh).not.toContain(FULL_ORG.nameRu);
  });

  it('rename the organisation in Kazakh; the BIN cannot be changed there', async () => {
    const { core } = fixture;
    const renamed = `${ORG.name} №2`;
    expect(await core.call('settings.update', { nameKk: renamed })).toMatchObject({
      nameKk: renamed,
      nameRu: FULL_ORG.nameRu,
    });
    expect(await core.dispatch('settings.update', { bin: '180340021791' })).toMatchObject({
      ok: false,
      error: { code: 'invalidInput' },
    });
    expect((await core.call('settings.get', undefined)).bin).toBe(ORG.bin);
    await core.call('settings.update', { nameKk: ORG.name });
  });

  it('refuse an IBAN whose check digits are wrong, a malformed BIC and an empty name, changing nothing', async () => {
    const { core } = fixture;
    const before = await core.call('settings.get', undefined);
    for (const [field, value] of [
      ['iban', 'KZ086010002008543210'],
      ['iban', 'KZ88601000200854321'],
      ['bic', 'HSBK1'],
      ['nameKk', ' '],
      // A bidi override would print the address reversed on every contract.
      ['addressRu', 'г. Астана, ул. \u202Eабаьлаз 5'],
    ] as const) {
      expect(await core.dispatch('settings.update', { [field]: value }), field).toMatchObject({
        ok: false,
        error: { code: 'invalidInput', params: { fields: [field] } },
      });
    }
    // Typed with spaces and in lower case, a valid IBAN is stored in its standard form.
    const spaced = FULL_ORG.iban.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect((await core.call('settings.update', { iban: spaced })).iban).toBe(FULL_ORG.iban);
    expect(await core.call('settings.get', undefined)).toEqual(before);
  });

  it("migration 0008 moves a store's Kazakh-only details into the settings; the Russian ones are then asked for", async () => {
    const { core } = fixture;
    const sqlite = core.services.store().sqlite;
    // The store as it was before 0008: the details among the terms, the settings without them.
    sqlite
      .prepare("UPDATE settings SET value = ? WHERE key = 'contractTerms'")
      .run(JSON.stringify(OLD_TERMS));
    sqlite
      .prepare("UPDATE settings SET value = ? WHERE key = 'org'")
      .run(JSON.stringify({ idleLockMinutes: 15, allowIdDocumentCopies: false }));
    const migration = loadMigrations().find((m) => m.tag === '0008_organisation-details')!;
    sqlite.transaction(() => {
      for (const statement of migration.statements) sqlite.exec(statement);
    })();

    expect(await core.call('settings.get', undefined)).toEqual({
      idleLockMinutes: 15,
      allowIdDocumentCopies: false,
      nameKk: ORG.name,
      bin: ORG.bin,
      nameRu: '',
      cityKk: OLD_TERMS.city,
      cityRu: '',
      addressKk: OLD_TERMS.address,
      addressRu: '',
      // The terms named no director: the one given at set-up.
      directorName: DIRECTOR.name,
      phone: OLD_TERMS.phone,
      bankName: OLD_TERMS.bankName,
      iban: OLD_TERMS.iban,
      bic: OLD_TERMS.bic,
    });
    expect(await core.call('contracts.terms', undefined)).toEqual({
      monthlyFee: OLD_TERMS.monthlyFee,
      paymentDueDay: OLD_TERMS.paymentDueDay,
      regimeKk: OLD_TERMS.regimeKk,
      regimeRu: OLD_TERMS.regimeRu,
    });
    expect((await core.call('contracts.check', { contractId })).missing.sort()).toEqual([
      'contract.placeRu',
      'org.addressRu',
      'org.nameRu',
    ]);
    await core.call('contracts.updateTerms', FULL_TERMS);
  });
});
