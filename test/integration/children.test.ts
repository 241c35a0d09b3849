import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { children } from '../../db/schema';
import { childrenPage } from '../../electron/core/children/app';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { verifyOpenStore } from '../../electron/core/maintenance/verify';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';

const withCheckDigit = (first11: string) => first11 + checkDigit([...first11].map(Number));
// Born 2021-03-14, girl (century digit 6).
const CHILD_IIN = withCheckDigit('21031460123');
const MOTHER_IIN = withCheckDigit('90051240456');
const FATHER_IIN = withCheckDigit('88110230789');

const child = {
  iin: CHILD_IIN,
  lastName: 'Әбенова',
  firstName: 'Әсем',
  patronymic: 'Серікқызы',
  birthDate: '2021-03-14',
  sex: 'female' as const,
  citizenship: 'KZ',
  birthCertificateNumber: '4455667',
  registeredAddress: 'Астана қ., Тұран даңғылы 55, 12',
  actualAddress: 'Астана қ., Тұран даңғылы 55, 12',
};
const representative = (iin: string, firstName: string) => ({
  iin,
  lastName: 'Әбенова',
  firstName,
  idDocumentType: 'id_card' as const,
  idDocumentNumber: '049912345',
  phone: '+7 701 555 12 34',
  workplace: '«Ақ жол» ЖШС',
  position: 'бухгалтер',
});

async function jpeg(): Promise<Buffer> {
  return sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 80, b: 40 } },
  })
    .withExif({ IFD0: { Copyright: 'GPS-SECRET-Ұлытау' } })
    .jpeg()
    .toBuffer();
}

describe('children personal files in the core', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId = '';
  let groupId = '';
  const signIn = (login: string, password: string) =>
    fixture.core.call('auth.signIn', { login, password });
  const count = (table: string) =>
    fixture.core.services
      .store()
      .sqlite.prepare(`SELECT count(*) FROM ${table}`)
      .pluck()
      .get() as number;

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    ({ id: groupId } = await core.call('groups.create', {
      name: 'Ересек «Балапан»',
      ageGroup: 'senior',
      language: 'kk',
    }));
    for (const [login, role] of [
      ['nurse-one', 'nurse'],
      ['teacher-one', 'teacher'],
      ['accountant-one', 'accountant'],
    ] as const) {
      const account = { login, displayName: login, role, password: 'staff-pass-1' };
      await addStaff(core, account, role === 'teacher' ? [groupId] : []);
    }
  });

  it('refuses an invalid IIN and an IIN that disagrees with birth date or sex, writing nothing', async () => {
    const { core } = fixture;
    const before = count('children');
    expect(await core.dispatch('children.create', { ...child, iin: '123456789012' })).toMatchObject(
      {
        ok: false,
        error: { code: 'invalidInput', params: { fields: ['iin'] } },
      },
    );
    expect(
      await core.dispatch('children.create', { ...child, birthDate: '2021-03-15' }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'invalidInput',
        params: { fields: ['birthDate'], reasons: ['iinBirthDateMismatch'] },
      },
    });
    expect(await core.dispatch('children.create', { ...child, sex: 'male' })).toMatchObject({
      ok: false,
      error: { params: { reasons: ['iinSexMismatch'] } },
    });
    expect(count('children')).toBe(before);
  });

  it('enrols a child with two representatives, a privilege and a consent', async () => {
    const { core } = fixture;
    ({ id: childId } = await core.call('children.create', {
      ...child,
      groupId,
      status: 'enrolled',
    }));
    const mother = await core.call('representatives.link', {
      childId,
      representative: representative(MOTHER_IIN, 'Гүлнар'),
      relation: 'mother',
      isPrimary: true,
    });
    await core.call('representatives.link', {
      childId,
      representative: { ...representative(FATHER_IIN, 'Серік'), lastName: 'Әбенов' },
      relation: 'father',
    });
    await core.call('privileges.add', {
      childId,
      categoryCode: 'large_family',
      documentNumber: '№ 77',
      validFrom: '2026-09-01',
      validUntil: '2027-06-30',
    });
    await core.call('consents.record', {
      childId,
      representativeId: mother.representativeId,
      rulesVersion: '2024-1',
      givenOn: '2026-09-01',
    });
    const file = await core.call('children.get', { childId });
    expect(file.representatives.map((r) => r.relation).sort()).toEqual(['father', 'mother']);
    expect(file.privileges[0]).toMatchObject({
      categoryCode: 'large_family',
      nameKk: expect.stringContaining('Көп балалы'),
    });
    expect(file.consents).toHaveLength(1);
    expect(await core.dispatch('children.create', { ...child, groupId })).toMatchObject({
      ok: false,
      error: { code: 'iinTaken' },
    });
  });

  it('finds the child by a Kazakh-letter prefix in any case, by IIN prefix, and by Russian letters', async () => {
    const { core } = fixture;
    await core.call('children.create', {
      ...child,
      iin: withCheckDigit('20071150111'),
      birthDate: '2020-07-11',
      sex: 'male',
      lastName: 'Иванов',
      firstName: 'Фёдор',
      patronymic: null,
    });
    const find = async (query: string) =>
      (await core.call('children.list', { query })).rows.map((r) => r.lastName);
    expect(await find('әбе')).toEqual(['Әбенова']);
    expect(await find('ӘБЕ')).toEqual(['Әбенова']);
    expect(await find('Әсем')).toEqual(['Әбенова']);
    expect(await find(CHILD_IIN.slice(0, 6))).toEqual(['Әбенова']);
    expect(await find('иван фёд')).toEqual(['Иванов']);
    // а for ә: typed on a Russian layout, found as a folded match (children-search.test.ts).
    expect(await find('абе')).toEqual(['Әбенова']);
    expect(await find('"); DROP TABLE children; --')).toEqual([]);
    // Kazakh alphabetical order: Ә right after А, so before И (code points would say otherwise).
    const listed = (await core.call('children.list', {})).rows.map((r) => r.lastName);
    expect(listed.indexOf('Әбенова')).toBeLessThan(listed.indexOf('Иванов'));
    // …read in that order from the children_kazakh_order index, not sorted on every request.
    const store = core.services.store();
    const page = childrenPage(store, eq(children.archived, false), 100, 0).toSQL();
    const plan = store.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${page.sql}`)
      .all(...page.params)
      .map((step) => (step as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('children_kazakh_order');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('a teacher adds portfolio entries but the core refuses health data and identity documents', async () => {
    const { core } = fixture;
    await signIn('teacher-one', 'staff-pass-1');
    const file = await core.call('children.get', { childId });
    expect(file.representatives[0]!.idDocumentNumber).toBeNull();
    expect(await core.dispatch('health.get', { childId })).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'health.read' } },
    });
    expect(
      await core.dispatch('documents.import', {
        childId,
        type: 'medical_card_page',
        title: 'x',
        contentBase64: (await jpeg()).toString('base64'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied' },
    });
    const entry = await core.call('portfolio.addEntry', {
      childId,
      date: '2026-11-20',
      area: 'creative',
      title: 'Күз суреті',
      text: 'Сурет салды',
      files: [{ title: 'Сурет', contentBase64: (await jpeg()).toString('base64') }],
    });
    const entries = await core.call('portfolio.list', { childId });
    expect(entries.find((e) => e.id === entry.id)?.files).toHaveLength(1);
  });

  it('a nurse fills the health passport; every read of it is audited', async () => {
    const { core } = fixture;
    await signIn('nurse-one', 'staff-pass-1');
    await core.call('health.updatePassport', {
      childId,
      bloodGroup: 'A',
      rhFactor: '+',
      healthGroup: 'II',
      peGroup: 'main',
    });
    await core.call('health.addRecord', {
      childId,
      record: { kind: 'allergy', allergyKind: 'food', allergen: 'Жаңғақ', reaction: 'Бөртпе' },
    });
    await core.call('health.addRecord', {
      childId,
      record: { kind: 'vaccination', vaccine: 'ҚҚП', dose: 1, givenOn: '2022-03-14' },
    });
    await core.call('health.addRecord', {
      childId,
      record: { kind: 'measurement', measuredOn: '2026-09-01', heightCm: 104, weightKg: 17.5 },
    });
    const health = await core.call('health.get', { childId });
    expect(health.passport).toMatchObject({ bloodGroup: 'A', healthGroup: 'II' });
    expect(health.allergies[0]).toMatchObject({ kind: 'food', allergen: 'Жаңғақ' });
    expect(health.anthropometry).toHaveLength(1);
    const nurseId = core.services.session!.accountId;
    // The child's history is part of the audit log: the director's (audit.read), not the nurse's.
    expect(await core.dispatch('children.history', { childId })).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied' },
    });
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const history = await core.call('children.history', { childId });
    expect(history[0]).toMatchObject({ action: 'health.get', entity: 'health', actorId: nurseId });
    expect(history.some((h) => h.action === 'health.addRecord')).toBe(true);
  });

  it('refuses bad files with clear errors and stores nothing: .exe renamed, truncated JPEG, too large', async () => {
    const { core } = fixture;
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const before = { documents: count('documents'), attachments: count('attachments') };
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(4000, 1)]);
    const truncated = (await jpeg()).subarray(0, 1500);
    const importAs = (bytes: Buffer | string) =>
      core.dispatch('documents.import', {
        childId,
        type: 'birth_certificate_copy',
        title: 'scan.jpg',
        contentBase64: typeof bytes === 'string' ? bytes : bytes.toString('base64'),
      });
    expect(await importAs(exe)).toMatchObject({
      ok: false,
      error: { code: 'unsupportedFileType' },
    });
    expect(await importAs(truncated)).toMatchObject({ ok: false, error: { code: 'damagedFile' } });
    expect(await importAs('A'.repeat((200 * 1024 * 1024 * 4) / 3))).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', params: { reasons: ['fileTooLarge'] } },
    });
    expect({ documents: count('documents'), attachments: count('attachments') }).toEqual(before);
    expect(
      verifyOpenStore(core.services.store(), fixture.dataDir, core.services.dek()).problems,
    ).toEqual([]);
  });

  it('imports a photo re-encoded without EXIF, readable only through the core; a corrupted file is named', async () => {
    const { core, dataDir } = fixture;
    const { id } = await core.call('documents.import', {
      childId,
      type: 'child_photo',
      title: 'Фото',
      contentBase64: (await jpeg()).toString('base64'),
    });
    const read = await core.call('documents.read', { documentId: id });
    const bytes = Buffer.from(read.contentBase64, 'base64');
    expect(read.mime).toBe('image/jpeg');
    expect(bytes.includes('GPS-SECRET')).toBe(false);
    expect((await sharp(bytes).metadata()).width).toBe(640);
    const thumb = await core.call('documents.read', { documentId: id, variant: 'thumbnail' });
    expect(
      (await sharp(Buffer.from(thumb.contentBase64, 'base64')).metadata()).width,
    ).toBeLessThanOrEqual(320);
    expect(
      findPlaintext(dataDir, [
        child.lastName,
        child.firstName,
        CHILD_IIN,
        MOTHER_IIN,
        child.registeredAddress,
        'Гүлнар',
        'Жаңғақ',
        bytes.subarray(200, 260),
      ]),
    ).toEqual([]);

    const files = readdirSync(join(dataDir, 'attachments'));
    const newest = files.map((f) => join(dataDir, 'attachments', f));
    for (const file of newest) {
      const data = readFileSync(file);
      data[data.length - 20]! ^= 1;
      writeFileSync(file, data);
    }
    expect(await core.dispatch('documents.read', { documentId: id })).toMatchObject({
      ok: false,
      error: { code: 'attachmentDamaged' },
    });
    expect(
      verifyOpenStore(core.services.store(), dataDir, core.services.dek()).problems.join(),
    ).toMatch(/attachment [0-9a-f]{32}: damaged/);
  });

  it('status moves only forward and a child who left is archived, never deleted', async () => {
    const { core } = fixture;
    expect(await core.dispatch('children.archive', { childId })).toMatchObject({
      ok: false,
      error: { code: 'statusChangeNotAllowed' },
    });
    await core.call('children.setStatus', { childId, status: 'withdrawn', on: '2026-11-24' });
    await core.call('children.archive', { childId });
    expect((await core.call('children.list', {})).rows.some((r) => r.id === childId)).toBe(false);
    expect(
      (await core.call('children.list', { includeArchived: true })).rows.some(
        (r) => r.id === childId,
      ),
    ).toBe(true);
    expect((await core.call('children.get', { childId })).child).toMatchObject({
      status: 'withdrawn',
      archived: true,
    });
  });
});

describe('export-child: the subject-access report', () => {
  const root = tempFolder();

  it('holds everything about the child, is refused to a teacher, and is audited', async () => {
    const { extractPdfText } = await import('../../electron/core/pdf/read-back');
    const { runCli } = await import('../helpers/cli');
    const { enrolledChild } = await import('../helpers/enrolled-child');
    const fixture = await newStore(root);
    const child = await enrolledChild(fixture.core);
    await fixture.core.call('health.addRecord', {
      childId: child.childId,
      record: { kind: 'allergy', allergyKind: 'food', allergen: 'Жаңғақ', reaction: 'Бөртпе' },
    });
    await addStaff(
      fixture.core,
      { login: 'teacher-x', displayName: 'T', role: 'teacher', password: 'teacher-pass-1' },
      [child.groupId],
    );
    fixture.core.close();
    const env = {
      BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const out = join(root, 'report.pdf');
    const result = await runCli(
      ['export-child', '--data', fixture.dataDir, '--iin', child.iin, '--out', out],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const text = (await extractPdfText(readFileSync(out))).join(' ').replace(/\s+/g, ' ');
    for (const value of [
      'Ұлықбекова',
      'Іңкәр',
      child.iin,
      '14.03.2021',
      'Әйгерім',
      '049912345',
      'Жаңғақ',
      'Баланы тіркеу', // children.create, in the director's language
      'Айгүл Нұрланқызы',
    ]) {
      expect(text, value).toContain(value);
    }
    const inRussian = await runCli(
      ['export-child', '--data', fixture.dataDir, '--iin', child.iin, '--out', out, '--lang', 'ru'],
      env,
    );
    expect(inRussian.code, inRussian.stderr).toBe(0);
    expect((await extractPdfText(readFileSync(out))).join(' ')).toContain('Регистрация ребёнка');
    const badLanguage = await runCli(
      ['export-child', '--data', fixture.dataDir, '--iin', child.iin, '--out', out, '--lang', 'en'],
      env,
    );
    expect(badLanguage.code).toBe(2);
    const teacher = await runCli(
      [
        'export-child',
        '--data',
        fixture.dataDir,
        '--iin',
        child.iin,
        '--out',
        join(root, 'no.pdf'),
        '--as',
        'teacher-x',
      ],
      { ...env, BALABAQSHA_PASSWORD: 'teacher-pass-1' },
    );
    expect(teacher.code).toBe(1);
    expect(teacher.stderr).toContain('may not');
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const history = await fixture.core.call('children.history', { childId: child.childId });
    expect(history.map((h) => h.action)).toContain('children.exportReport');
  });
});
