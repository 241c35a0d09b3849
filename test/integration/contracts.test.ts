import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { columnTexts } from '../helpers/pdf-columns';
import { pageDifference, rasterPages } from '../helpers/raster';
import { renderContractPdf } from '../../electron/core/contracts/contract-pdf';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, ORG, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, fillContractSettings, FULL_ORG } from '../helpers/enrolled-child';
import { addStaff } from '../helpers/staff';

const squash = (text: string) => text.replace(/\s+/g, ' ');
const ARTEFACTS = join(process.cwd(), 'test-results', 'contracts');

describe('contracts', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let child: Awaited<ReturnType<typeof enrolledChild>>;
  let contractId = '';

  beforeAll(async () => {
    fixture = await newStore(root);
    child = await enrolledChild(fixture.core);
  });

  it('lists what is missing and refuses to render until it is filled', async () => {
    const { core } = fixture;
    const created = await core.call('contracts.create', {
      childId: child.childId,
      representativeId: child.representativeId,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    contractId = created.id;
    expect(created.number).toBe('2026-0001');
    expect(created.missing).toEqual(
      expect.arrayContaining([
        'org.iban',
        'org.nameRu',
        'org.addressRu',
        'fee.monthly',
        'regime.kk',
      ]),
    );
    // The director named at set-up signs until the settings name someone else.
    expect(created.missing).not.toContain('org.director');
    const render = await core.dispatch('contracts.render', { contractId });
    expect(render).toMatchObject({
      ok: false,
      error: { code: 'contractDataMissing', params: { fields: created.missing } },
    });
    await fillContractSettings(core);
    expect((await core.call('contracts.check', { contractId })).missing).toEqual([]);
  });

  it('numbers contracts per year without gaps or duplicates', async () => {
    const { core } = fixture;
    const second = await core.call('contracts.create', {
      childId: child.childId,
      representativeId: child.representativeId,
      date: '2026-10-01',
      termFrom: '2026-10-01',
      termUntil: '2027-05-31',
    });
    const nextYear = await core.call('contracts.create', {
      childId: child.childId,
      representativeId: child.representativeId,
      date: '2027-01-10',
      termFrom: '2027-01-10',
      termUntil: '2027-05-31',
    });
    expect([second.number, nextYear.number]).toEqual(['2026-0002', '2027-0001']);
    await core.call('contracts.terminate', { contractId: second.id, on: '2026-10-02' });
    await core.call('contracts.terminate', { contractId: nextYear.id, on: '2027-01-11' });
  });

  it('renders an A4 bilingual PDF with every field value, Kazakh letters intact, nothing cut at an edge', async () => {
    const { core } = fixture;
    const { pdfBase64, contentHash, number } = await core.call('contracts.render', { contractId });
    const pdf = Buffer.from(pdfBase64, 'base64');
    expect(pdf.length).toBeLessThan(150 * 1024);
    mkdirSync(ARTEFACTS, { recursive: true });
    writeFileSync(join(ARTEFACTS, 'contract.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-r',
      '60',
      '-png',
      join(ARTEFACTS, 'contract.pdf'),
      join(ARTEFACTS, 'page'),
    ]);
    const text = squash((await extractPdfText(pdf)).join(' '));
    const values = [
      number,
      'Ұлықбекова Іңкәр Ғалымқызы',
      child.iin,
      '14.03.2021',
      '0012345',
      'Сарыарқа даңғылы 7, 21',
      'Ұлықбекова Әйгерім Нұрланқызы',
      '049912345',
      '+7 701 555 12 34',
      'aigerim@example.kz',
      '«Ақ жол» ЖШС',
      'Жұмабаева Гүлнар Серікқызы',
      FULL_ORG.iban,
      FULL_ORG.bic,
      ORG.name,
      FULL_ORG.nameRu,
      FULL_ORG.addressKk,
      FULL_ORG.addressRu,
      FULL_ORG.cityKk,
      FULL_ORG.cityRu,
      '28 500',
      'KZ-2026-004512',
      'Ересек «Күншуақ»',
      'дүйсенбі–жұма, 07:30–18:30',
      'понедельник–пятница, 07:30–18:30',
      '01.09.2026',
      '31.05.2027',
    ];
    const { left: kazakh, right: russian } = await columnTexts(pdf);
    const kazakhOnly = new Set([
      'дүйсенбі–жұма, 07:30–18:30',
      ORG.name,
      FULL_ORG.addressKk,
      FULL_ORG.cityKk,
    ]);
    const russianOnly = new Set([
      'понедельник–пятница, 07:30–18:30',
      FULL_ORG.nameRu,
      FULL_ORG.addressRu,
      FULL_ORG.cityRu,
    ]);
    for (const value of values) {
      if (!russianOnly.has(value)) expect(kazakh, `Kazakh column: ${value}`).toContain(value);
      if (!kazakhOnly.has(value)) expect(russian, `Russian column: ${value}`).toContain(value);
    }
    // The Russian column names the organisation in Russian (its Kazakh name only signs).
    expect(russian).not.toContain(FULL_ORG.addressKk);
    expect(kazakh).not.toContain(FULL_ORG.nameRu);
    expect(kazakh).toContain('Мектепке дейінгі тәрбие мен оқыту қызметтерін көрсету туралы шарт');
    expect(russian).toContain('Договор об оказании услуг дошкольного воспитания и обучения');
    expect(text).toContain(`BQC1|${number}|${contentHash}`);
    expect(readdirSync(ARTEFACTS).filter((name) => name.startsWith('page-'))).not.toHaveLength(0);
    const pageCount = (await extractPdfText(pdf)).length;
    const footers = (await extractPdfText(pdf)).map((page) =>
      page.trim().split('\n').at(-1)?.trim(),
    );
    expect(footers).toEqual(Array.from({ length: pageCount }, (_, i) => `${i + 1} / ${pageCount}`));
  });

  it('a batch is one PDF where each contract starts a page and has its own page numbers', async () => {
    const { contractToPrint } = await import('../../electron/core/contracts/to-print');
    const { renderContractBatchPdf } = await import('../../electron/core/contracts/contract-pdf');
    const store = fixture.core.services.store();
    const single = await extractPdfText(
      Buffer.from(
        (await fixture.core.call('contracts.render', { contractId })).pdfBase64,
        'base64',
      ),
    );
    const batch = await extractPdfText(
      await renderContractBatchPdf([
        contractToPrint(store, contractId).toRender,
        contractToPrint(store, contractId).toRender,
      ]),
    );
    expect(batch).toHaveLength(2 * single.length);
    const footers = batch.map((page) => page.trim().split('\n').at(-1)?.trim());
    const perContract = single.map((_, i) => `${i + 1} / ${single.length}`);
    expect(footers).toEqual([...perContract, ...perContract]);
  });

  it('verify says it matches a fresh contract and names the difference after the child data changes', async () => {
    const { core } = fixture;
    const { contentHash, number } = await core.call('contracts.render', { contractId });
    await core.call('contracts.markPrinted', { contractId, contentHash });
    const payload = `BQC1|${number}|${contentHash}`;
    expect(await core.call('contracts.verify', { qrPayload: payload })).toMatchObject({
      matches: true,
      differences: [],
    });
    await core.call('children.update', {
      childId: child.childId,
      changes: { actualAddress: 'Астана қ., Мәңгілік Ел 30, 5' },
    });
    expect(await core.call('contracts.verify', { qrPayload: payload })).toMatchObject({
      matches: false,
      differences: ['child.actualAddress'],
    });
    expect(
      await core.dispatch('contracts.verify', { qrPayload: 'https://example.com' }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });

  it('verify still matches a contract printed before the content gained fields (org.nameRu …)', async () => {
    const { core } = fixture;
    const { contentHash: hashNow, number } = await core.call('contracts.render', { contractId });
    await core.call('contracts.markPrinted', { contractId, contentHash: hashNow });
    // What the previous version printed and recorded: the same content without the fields
    // that version did not have, and the QR code's hash over exactly that.
    const { contentHash } = await import('../../electron/core/contracts/content');
    const db = fixture.core.services.store().sqlite;
    const row = db.prepare('SELECT content FROM contracts WHERE id = ?').get(contractId) as {
      content: string;
    };
    const older = JSON.parse(row.content) as Record<string, string>;
    for (const added of ['org.nameRu', 'org.addressRu', 'contract.placeRu']) {
      expect(older).toHaveProperty([added]);
      delete older[added];
    }
    const olderHash = contentHash(older);
    db.prepare('UPDATE contracts SET content = ?, content_hash = ? WHERE id = ?').run(
      JSON.stringify(older),
      olderHash,
      contractId,
    );
    const payload = `BQC1|${number}|${olderHash}`;
    expect(await core.call('contracts.verify', { qrPayload: payload })).toMatchObject({
      matches: true,
      unknownPrint: false,
      differences: [],
    });
    await core.call('children.update', {
      childId: child.childId,
      changes: { actualAddress: 'Астана қ., Мәңгілік Ел 31, 6' },
    });
    expect(await core.call('contracts.verify', { qrPayload: payload })).toMatchObject({
      matches: false,
      differences: ['child.actualAddress'],
    });
  });

  it('an accountant may render; a teacher is refused contracts and bank details by the core', async () => {
    const { core } = fixture;
    await addStaff(core, {
      login: 'teacher-k',
      displayName: 'T',
      role: 'teacher',
      password: 'teacher-pass-1',
    });
    await core.call('auth.signIn', { login: 'teacher-k', password: 'teacher-pass-1' });
    expect(await core.dispatch('contracts.render', { contractId })).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied' },
    });
    expect(await core.dispatch('contracts.terms', undefined)).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied' },
    });
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  });

  it('prints through a real CUPS-PDF queue; the printed pages show the same contract', async (context) => {
    const printer = process.env.BALABAQSHA_TEST_PRINTER;
    const outDir = process.env.BALABAQSHA_TEST_PRINT_DIR;
    if (!printer || !outDir) {
      context.skip(
        'no CUPS-PDF queue: set BALABAQSHA_TEST_PRINTER and BALABAQSHA_TEST_PRINT_DIR (.ci/run does)',
      );
      return;
    }
    const { core } = fixture;
    expect((await core.call('printing.printers', undefined)).printers).toContain(printer);
    const { pdfBase64 } = await core.call('contracts.render', { contractId });
    const before = new Set(existsSync(outDir) ? readdirSync(outDir) : []);
    const { printed } = await core.call('contracts.print', {
      contractIds: [contractId],
      printer,
      copies: 1,
      duplex: false,
    });
    expect(printed).toBe(1);
    let output: string | undefined;
    for (let wait = 0; wait < 60 && !output; wait++) {
      await new Promise((done) => setTimeout(done, 500));
      output = readdirSync(outDir).find(
        (name) =>
          !before.has(name) && name.endsWith('.pdf') && statSync(join(outDir, name)).size > 0,
      );
    }
    expect(output, 'CUPS-PDF wrote no file').toBeDefined();
    await new Promise((done) => setTimeout(done, 500));
    const printedPdf = readFileSync(join(outDir, output!));
    rmSync(join(outDir, output!));
    // CUPS turns the PDF into PostScript and back: its fonts come out as Type 3 glyphs without
    // a usable Unicode map, so the print is compared by what its pages show, page by page.
    const printedPages = rasterPages(printedPdf);
    const generatedPages = rasterPages(Buffer.from(pdfBase64, 'base64'));
    expect(printedPages.length).toBe(generatedPages.length);
    for (const [index, page] of generatedPages.entries()) {
      expect(printedPages[index]!.width).toBe(page.width);
      expect(pageDifference(printedPages[index]!, page), `page ${index + 1}`).toBeLessThan(3);
    }
    // …and the comparison can fail: a different contract's page differs clearly.
    const otherPage = rasterPages(
      await renderContractPdf({
        templateVersion: 'contract-v1',
        fields: { 'contract.number': '1999-0001' },
        qrText: 'BQC1|1999-0001|' + '0'.repeat(64),
      }),
    )[0]!;
    expect(pageDifference(otherPage, generatedPages[0]!)).toBeGreaterThan(3);
  });
});

describe('contract and verify-contract CLI', () => {
  const root = tempFolder();

  it('writes the contract PDF, verify-contract says matches, then names the changed field', async () => {
    const fixture = await newStore(root);
    const child = await enrolledChild(fixture.core);
    await fillContractSettings(fixture.core);
    fixture.core.close();
    const env = {
      BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const out = join(root, 'contract.pdf');
    // A file left there readable by others: the contract replacing it is not.
    writeFileSync(out, '', { mode: 0o644 });
    const made = await runCli(
      ['contract', '--data', fixture.dataDir, '--child', child.iin, '--out', out],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    // The child's and the family's details: readable by the owner only, as export-child writes.
    if (process.platform === 'linux') expect(statSync(out).mode & 0o777).toBe(0o600);
    const ok = await runCli(['verify-contract', '--data', fixture.dataDir, out], env);
    expect(ok.stdout).toMatch(/contract \d{4}-\d{4}: matches/);
    expect(ok.code).toBe(0);
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    await fixture.core.call('representatives.link', {
      childId: child.childId,
      existing: {
        id: child.representativeId,
        changes: { phone: '+7 777 000 00 00' },
        confirmed: true,
      },
      relation: 'mother',
      authorityDocument: 'Туу туралы куәлік № 0012345',
      isPrimary: true,
    });
    fixture.core.close();
    const changed = await runCli(['verify-contract', '--data', fixture.dataDir, out], env);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/differs from the store in: rep\.phone/);
  });

  it('a child with missing data cannot get a contract; the message lists what to fill', async () => {
    const fixture = await newStore(root, 'incomplete');
    const child = await enrolledChild(fixture.core);
    fixture.core.close();
    const result = await runCli(
      [
        'contract',
        '--data',
        fixture.dataDir,
        '--child',
        child.iin,
        '--out',
        join(root, 'never.pdf'),
      ],
      {
        BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
        BALABAQSHA_PASSWORD: DIRECTOR.password,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot be printed until these are filled in: .*org\.iban/);
    expect(existsSync(join(root, 'never.pdf'))).toBe(false);
  });
});
