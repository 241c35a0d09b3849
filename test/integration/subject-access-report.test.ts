import { getTableColumns } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allergies,
  anthropometry,
  chronicConditions,
  examinations,
  healthPassports,
  medicalCardEntries,
  vaccinations,
  CHILD_STATUSES,
  CONTRACT_STATUSES,
  DEVELOPMENT_AREAS,
  DOCUMENT_TYPES,
  RELATIONS,
  SEXES,
} from '../../db/schema';
import { registry } from '../../electron/core/registry';
import { REPORT_WORDS } from '../../electron/core/children/report-words';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { tempFolder } from '../helpers/temp';
import { RecordingPrinter } from '../helpers/recording-printer';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { enrolledChild, withCheckDigit } from '../helpers/enrolled-child';

/** Every stored code the report may meet: none may reach the page as it is stored. */
const CODES = [
  ...CHILD_STATUSES,
  ...SEXES,
  ...RELATIONS,
  ...['id_card', 'passport', 'residence_permit'],
  ...['pending', 'confirmed', 'rejected'],
  ...DOCUMENT_TYPES,
  ...CONTRACT_STATUSES,
  ...['food', 'drug', 'main', 'preparatory', 'special'],
  ...DEVELOPMENT_AREAS,
  ...Object.keys(registry),
  ...['sync.pull', 'sync.push', 'seed.groups', 'seed.children', 'ok', 'denied'],
];
/** A code standing as a word of its own (not inside another word, an e-mail or a number). */
const asWord = (code: string) =>
  new RegExp(`(^|[^\\p{L}\\p{N}_.@-])${code.replace('.', '\\.')}($|[^\\p{L}\\p{N}_@-])`, 'u');

describe('the personal-data report (export-child, children.exportReport)', () => {
  const root = tempFolder();
  const printer = new RecordingPrinter();
  let core: Core;
  let childId = '';

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
    const child = await enrolledChild(core);
    childId = child.childId;
    await core.call('representatives.link', {
      childId,
      representative: {
        iin: withCheckDigit('88110230789'),
        lastName: 'Ұлықбеков',
        firstName: 'Ғалым',
        idDocumentType: 'passport',
        idDocumentNumber: 'N12345678',
        phone: '+7 701 555 98 76',
      },
      relation: 'father',
      isPrimary: false,
    });
    await core.call('privileges.add', {
      childId,
      categoryCode: 'large_family',
      documentNumber: 'КС-77',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
    });
    await core.call('health.updatePassport', {
      childId,
      bloodGroup: 'A',
      rhFactor: '+',
      healthGroup: 'II',
      peGroup: 'preparatory',
      disability: null,
    });
    for (const record of [
      { kind: 'allergy', allergyKind: 'food', allergen: 'Жаңғақ', reaction: 'Бөртпе' },
      { kind: 'chronic', condition: 'Бронх демікпесі', since: '2024-02-10' },
      { kind: 'vaccination', vaccine: 'ҚПК', dose: 1, givenOn: '2022-03-15' },
    ] as const)
      await core.call('health.addRecord', { childId, record });
    await core.call('portfolio.addEntry', {
      childId,
      date: '2026-10-05',
      area: 'creative',
      title: 'Күзгі сурет',
    });
    await core.call('contracts.create', {
      childId,
      representativeId: child.representativeId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    // A photo as small as the seed's: its thumbnail is read into a buffer under 4 KiB.
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 160, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    await core.call('documents.import', {
      childId,
      type: 'child_photo',
      title: 'Сурет',
      contentBase64: photo.toString('base64'),
    });
  });

  const report = async (language?: 'kk' | 'ru') => {
    const { pdfBase64 } = await core.call('children.exportReport', {
      childId,
      ...(language && { language }),
    });
    const pdf = Buffer.from(pdfBase64, 'base64');
    const text = (await extractPdfText(pdf)).join('\n').replace(/\s+/g, ' ');
    return { pdf, text };
  };

  it('is made for a child with a small photo, the photo in it', async () => {
    const { pdf, text } = await report('kk');
    expect(text).toContain('Ұлықбекова Іңкәр Ғалымқызы');
    expect(pdf.includes('/DCTDecode')).toBe(true);
  });

  it.each([
    [
      'kk',
      ['Қабылданды', 'Анасы', 'Әкесі', 'Жеке куәлік', 'Паспорт', 'Тексерілуде', 'Баланың суреті'],
      ['Қыз', 'Жоба', 'Тағамға', 'Дайындық', 'Шығармашылық дағдылар', 'Қазақстан'],
      ['Баланы тіркеу', 'Келісімді тіркеу', 'Медициналық жазба қосу', 'Шарт жасау'],
      'Зачислен',
    ],
    [
      'ru',
      ['Зачислен', 'Мать', 'Отец', 'Удостоверение личности', 'Паспорт', 'На проверке'],
      ['Фотография ребёнка', 'Девочка', 'Черновик', 'Пищевая', 'Подготовительная', 'Казахстан'],
      ['Регистрация ребёнка', 'Регистрация согласия', 'Добавление медзаписи'],
      'Қабылданды',
    ],
  ] as const)(
    'in %s shows every value in words, dates as dd.mm.yyyy, no stored code',
    async (language, values, moreValues, actions, otherLanguage) => {
      const { text } = await report(language);
      for (const value of [...values, ...moreValues, ...actions]) expect(text).toContain(value);
      for (const date of ['14.03.2021', '20.03.2021', '01.01.2026', '31.12.2026', '15.03.2022'])
        expect(text).toContain(date);
      expect(text).toContain('10.02.2024'); // a date inside a health record
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toContain(otherLanguage);
      const codes = CODES.filter((code) => asWord(code).test(text));
      expect(codes).toEqual([]);
    },
  );

  it('prints the same report as one job through the print backend, audited; an unknown printer is refused', async () => {
    const refused = await core.dispatch('children.printReport', { childId, printer: 'Nope' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'printFailed', params: { reason: 'noSuchPrinter' } },
    });
    expect(printer.jobs).toHaveLength(0);
    const { jobId } = await core.call('children.printReport', {
      childId,
      language: 'ru',
      printer: 'Office Printer (A4)',
      copies: 2,
      duplex: false,
    });
    expect(jobId).toBe('job-1');
    const job = printer.jobs[0]!;
    // The print queue shows no personal data.
    expect(job.options).toEqual({
      printer: 'Office Printer (A4)',
      copies: 2,
      duplex: false,
      jobTitle: 'Personal-data report',
    });
    const text = (await extractPdfText(job.pdf)).join(' ');
    expect(text).toContain('Справка о персональных данных ребёнка');
    expect(text).toContain('Ұлықбекова Іңкәр Ғалымқызы');
    const history = await core.call('children.history', { childId });
    expect(history.map((entry) => entry.action)).toContain('children.printReport');
  });

  it("is in the account's own language unless one is named", async () => {
    const { text } = await report();
    expect(text).toContain('Баланың дербес деректері туралы анықтама');
    await core.call('auth.setLanguage', { language: 'ru' });
    expect((await report()).text).toContain('Справка о персональных данных ребёнка');
    expect(await core.dispatch('children.exportReport', { childId, language: 'en' })).toMatchObject(
      { ok: false, error: { code: 'invalidInput' } },
    );
  });

  it('has words for every audited action and every health field, in both languages', () => {
    const healthFields = [
      healthPassports,
      allergies,
      chronicConditions,
      vaccinations,
      anthropometry,
      examinations,
      medicalCardEntries,
    ]
      .flatMap((table) => Object.keys(getTableColumns(table)))
      .filter((key) => !['id', 'childId', 'recordedBy'].includes(key));
    for (const words of Object.values(REPORT_WORDS)) {
      expect(Object.keys(registry).filter((method) => !words.actions[method])).toEqual([]);
      expect(healthFields.filter((field) => !words.health.fields[field])).toEqual([]);
    }
  });
});
