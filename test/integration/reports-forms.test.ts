import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createCore, type Core } from '../../electron/core/core';
import { REPORT_WORDS } from '../../electron/core/children/report-words';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { enrolledChild, fillContractSettings, FULL_ORG } from '../helpers/enrolled-child';
import { inkNearEdges, rasterPages } from '../helpers/raster';
import { RecordingPrinter } from '../helpers/recording-printer';
import { addStaff } from '../helpers/staff';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

/**
 * The child's card and the consent form through the core (reports.childCard, .printChildCard,
 * .consentForm, .printConsentForm): real encrypted store, PDFs read back with pdf.js. What a
 * role may not see is not on the page at all — not even the heading it would stand under.
 */

const PASSWORD = 'staff-pass-1';
const squash = (text: string) => text.replace(/\s+/g, '');
const ALLERGEN = 'Жержаңғақ';
const REACTION = 'Есекжем';

async function pdfText(base64: string) {
  const pdf = Buffer.from(base64, 'base64');
  const pages = await extractPdfText(pdf);
  return { pdf, pages, text: pages.join('\n') };
}

/** A4 portrait, nothing within 19 mm of an edge, none blank. */
function expectNothingCut(pdf: Uint8Array, pageCount: number) {
  const pages = rasterPages(pdf, 50);
  expect(pages).toHaveLength(pageCount);
  for (const page of pages) {
    expect(page.height).toBeGreaterThan(page.width);
    const ink = inkNearEdges(page, 50, 19);
    expect(ink.outside).toBe(0);
    expect(ink.inside).toBeGreaterThan(0);
  }
}

describe('the child card and the consent form (reports forms)', () => {
  const root = tempFolder();
  const printer = new RecordingPrinter();
  let core: Core;
  let child: Awaited<ReturnType<typeof enrolledChild>>;
  let otherChildId = '';
  const signIn = (login: string, password = PASSWORD) =>
    core.call('auth.signIn', { login, password });
  const audited = (action: string, childId: string) =>
    core.services
      .store()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, childId)))
      .all();

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
    await fillContractSettings(core);
    child = await enrolledChild(core);
    const other = await core.call('groups.create', {
      name: 'Кіші «Айгөлек»',
      ageGroup: 'junior',
      language: 'ru',
    });
    otherChildId = (await enrolledChild(core, { iinSerial: '0777', groupId: other.id })).childId;
    await core.call('health.updatePassport', {
      childId: child.childId,
      bloodGroup: 'A',
      rhFactor: '+',
      healthGroup: 'II',
      peGroup: 'main',
      disability: null,
    });
    await core.call('health.addRecord', {
      childId: child.childId,
      record: { kind: 'allergy', allergyKind: 'food', allergen: ALLERGEN, reaction: REACTION },
    });
    const photo = await sharp({
      create: { width: 300, height: 400, channels: 3, background: { r: 90, g: 160, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    await core.call('documents.import', {
      childId: child.childId,
      type: 'child_photo',
      title: 'Сурет',
      contentBase64: photo.toString('base64'),
    });
    for (const role of ['nurse', 'teacher', 'accountant'] as const)
      await addStaff(
        core,
        { login: `${role}-one`, displayName: role, role, password: PASSWORD },
        role === 'teacher' ? [child.groupId] : [],
      );
  });

  it.each(['kk', 'ru'] as const)(
    'the director’s card (%s): name, IIN, group, contacts, photo, health; one page, nothing cut',
    async (language) => {
      await signIn(DIRECTOR.login, DIRECTOR.password);
      const before = audited('reports.childCard', child.childId).length;
      const card = await core.call('reports.childCard', { childId: child.childId, language });
      expect(card.fileName).toMatch(/^child-card-\d{4}-\d{2}-\d{2}\.pdf$/);
      const { pdf, text } = await pdfText(card.base64);
      const words = REPORT_WORDS[language];
      expect(text).toContain('Ұлықбекова Іңкәр Ғалымқызы');
      expect(text).toContain(child.iin);
      expect(text).toContain('Ересек «Күншуақ»');
      expect(text).toContain('+7 701 555 12 34');
      expect(text).toContain(language === 'kk' ? 'Баланың карточкасы' : 'Карточка ребёнка');
      expect(text).toContain(language === 'kk' ? ORG.name : FULL_ORG.nameRu);
      expect(text).toContain(words.sections.health);
      expect(squash(text)).toContain(squash(`${ALLERGEN} — ${REACTION}`));
      expect(pdf.includes('/DCTDecode')).toBe(true); // the photo
      expectNothingCut(pdf, 1);
      expect(audited('reports.childCard', child.childId)).toHaveLength(before + 1);
    },
  );

  it('a nurse’s card has the allergies but no photo (no portfolio.read)', async () => {
    await signIn('nurse-one');
    const { pdf, text } = await pdfText(
      (await core.call('reports.childCard', { childId: child.childId, language: 'kk' })).base64,
    );
    expect(squash(text)).toContain(squash(ALLERGEN));
    expect(text).toContain(REPORT_WORDS.kk.sections.health);
    expect(pdf.includes('/DCTDecode')).toBe(false);
  });

  it.each(['kk', 'ru'] as const)(
    'a teacher’s card (%s) has the photo and contacts, no allergy and no health heading',
    async (language) => {
      await signIn('teacher-one');
      const { pdf, text } = await pdfText(
        (await core.call('reports.childCard', { childId: child.childId, language })).base64,
      );
      const words = REPORT_WORDS[language];
      expect(text).toContain(child.iin);
      expect(text).toContain('+7 701 555 12 34');
      expect(pdf.includes('/DCTDecode')).toBe(true);
      expect(squash(text)).not.toContain(squash(ALLERGEN));
      expect(text).not.toContain(REACTION);
      expect(text).not.toContain(words.sections.health);
      expect(text).not.toContain(words.health.allergies);
    },
  );

  it('a teacher cannot print the card of a child outside her groups', async () => {
    await signIn('teacher-one');
    const before = printer.jobs.length;
    expect(
      await core.dispatch('reports.printChildCard', {
        childId: otherChildId,
        language: 'kk',
        printer: 'Office Printer (A4)',
      }),
    ).toMatchObject({ ok: false, error: { code: 'childNotFound' } });
    expect(printer.jobs).toHaveLength(before);
  });

  it('the accountant’s card: identity and contacts only, no photo, no health', async () => {
    await signIn('accountant-one');
    const { pdf, text } = await pdfText(
      (await core.call('reports.childCard', { childId: child.childId, language: 'ru' })).base64,
    );
    expect(text).toContain(child.iin);
    expect(pdf.includes('/DCTDecode')).toBe(false);
    expect(text).not.toContain(REPORT_WORDS.ru.sections.health);
  });

  it('prints the card as one job on a printer the system offers; refuses another printer', async () => {
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const before = printer.jobs.length;
    await core.call('reports.printChildCard', {
      childId: child.childId,
      language: 'kk',
      printer: 'Office Printer (A4)',
      copies: 2,
    });
    expect(printer.jobs).toHaveLength(before + 1);
    const job = printer.jobs.at(-1)!;
    expect(job.options).toMatchObject({ printer: 'Office Printer (A4)', copies: 2 });
    expect((await extractPdfText(job.pdf)).join('\n')).toContain(child.iin);
    expect(
      await core.dispatch('reports.printChildCard', {
        childId: child.childId,
        language: 'kk',
        printer: 'Nowhere',
      }),
    ).toMatchObject({ ok: false, error: { code: 'printFailed' } });
    expect(printer.jobs).toHaveLength(before + 1);
  });

  it('the consent form (both languages) holds the representative, the child and the ID document', async () => {
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const form = await core.call('reports.consentForm', {
      childId: child.childId,
      representativeId: child.representativeId,
      language: 'both',
    });
    expect(form.fileName).toMatch(/^consent-form-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { pdf, pages } = await pdfText(form.base64);
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(squash(page)).toContain(squash('Ұлықбекова Әйгерім Нұрланқызы'));
      expect(squash(page)).toContain(squash('Ұлықбекова Іңкәр Ғалымқызы'));
      expect(page).toContain(child.iin);
      expect(page).toContain('049912345');
      expect(page).toContain(ORG.bin);
      expect(page).toContain('01.09.2026'); // the recorded consent's day
    }
    expect(squash(pages[0]!)).toContain('Жекекуәлік№049912345');
    expect(squash(pages[1]!)).toContain('Удостоверениеличности№049912345');
    expectNothingCut(pdf, 2);
    expect(audited('reports.consentForm', child.childId).length).toBeGreaterThan(0);
  });

  it('is refused for a role without children.write, and for another child’s representative', async () => {
    await signIn('nurse-one');
    expect(
      await core.dispatch('reports.consentForm', {
        childId: child.childId,
        representativeId: child.representativeId,
        language: 'kk',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'permissionDenied', params: { permission: 'children.write' } },
    });
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const stranger = (await core.call('children.get', { childId: otherChildId }))
      .representatives[0]!;
    expect(
      await core.dispatch('reports.consentForm', {
        childId: child.childId,
        representativeId: stranger.id,
        language: 'kk',
      }),
    ).toMatchObject({ ok: false, error: { code: 'representativeNotFound' } });
    expect(
      await core.dispatch('reports.consentForm', {
        childId: child.childId,
        representativeId: child.representativeId,
        language: 'en',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });

  it('prints the consent form; without documents.read the ID document is a line to fill in', async () => {
    await signIn(DIRECTOR.login, DIRECTOR.password);
    const before = printer.jobs.length;
    await core.call('reports.printConsentForm', {
      childId: child.childId,
      representativeId: child.representativeId,
      language: 'ru',
      printer: '\\\\server\\Кабинет',
    });
    expect(printer.jobs).toHaveLength(before + 1);
    const [printed] = await extractPdfText(printer.jobs.at(-1)!.pdf);
    expect(printed).toContain('049912345');

    // The same handler as another role that writes children but may not see ID documents:
    // the rule is auth/visibility.ts's, tested here through the method's handler.
    const { formMethods } = await import('../../electron/core/reports/form-methods');
    const ctx = {
      services: core.services,
      session: core.services.session,
      store: () => core.services.store(),
      now: () => new Date().toISOString(),
      auditRead: () => {},
      may: (permission: string) => permission !== 'documents.read',
    } as unknown as Parameters<(typeof formMethods)['reports.consentForm']['handler']>[0];
    const withheld = await formMethods['reports.consentForm'].handler(ctx, {
      childId: child.childId,
      representativeId: child.representativeId,
      language: 'kk',
    });
    const [page] = await extractPdfText(Buffer.from(withheld.base64, 'base64'));
    expect(page).not.toContain('049912345');
    expect(page).not.toContain('ҚР ІІМ');
    expect(squash(page!)).toContain(squash('Ұлықбекова Әйгерім Нұрланқызы'));
  });
});
