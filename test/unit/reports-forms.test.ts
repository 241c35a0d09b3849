import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { REPORT_WORDS } from '../../electron/core/children/report-words';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import {
  renderChildCard,
  type ChildCardAllergy,
  type ChildCardInput,
} from '../../electron/core/reports/child-card';
import { renderConsentForm, type ConsentFormInput } from '../../electron/core/reports/consent-form';
import type { UiLanguage } from '../../electron/core/vocabulary/enums';
import { withCheckDigit } from '../helpers/enrolled-child';
import { inkNearEdges, rasterPages } from '../helpers/raster';

const OUT = fileURLToPath(new URL('../../test-results/pdf/', import.meta.url));
const CREATED = new Date('2026-11-30T09:00:00Z');
const LANGUAGES = ['kk', 'ru'] as const;

/** Whitespace out: a value wrapped over lines reads back whole. */
const squash = (text: string) => text.replace(/\s+/g, '');

function save(name: string, bytes: Uint8Array) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}${name}.pdf`, bytes);
}

/** Every page A4 portrait, nothing within 19 mm of an edge (20 mm margins), none blank. */
function expectNothingCut(bytes: Uint8Array, pageCount: number) {
  const pages = rasterPages(bytes, 50);
  expect(pages).toHaveLength(pageCount);
  pages.forEach((page, index) => {
    expect(page.height).toBeGreaterThan(page.width);
    const ink = inkNearEdges(page, 50, 19);
    expect(ink.outside, `page ${index + 1}: ink at the edges`).toBe(0);
    expect(ink.inside, `page ${index + 1}: blank`).toBeGreaterThan(0);
  });
}

/** Not on any one line of the page (it wrapped), but on the page when lines are joined. */
function expectWrapped(page: string, value: string) {
  expect(squash(page)).toContain(squash(value));
  expect(page.split('\n').some((line) => line.includes(value))).toBe(false);
}

const REP_IIN = withCheckDigit('87120335092');
const CHILD_IIN = withCheckDigit('21031560001');

function consentInput(overrides: Partial<ConsentFormInput> = {}): ConsentFormInput {
  return {
    language: 'both',
    organisation: {
      name: { kk: '«Балапан» бөбекжай-бақшасы МКҚК', ru: 'ГККП «Ясли-сад «Балапан»' },
      bin: '990140000196',
      address: {
        kk: 'Астана қ., Сарыарқа ауданы, Бейбітшілік к-сі, 12',
        ru: 'г. Астана, район Сарыарка, ул. Бейбитшилик, 12',
      },
      city: { kk: 'Астана қ.', ru: 'г. Астана' },
    },
    representative: {
      lastName: 'Әбенова',
      firstName: 'Гүлнұр',
      patronymic: 'Серікқызы',
      iin: REP_IIN,
      idDocument: {
        type: 'id_card',
        number: '047512369',
        issuedOn: '2019-04-11',
        issuer: 'ҚР ІІМ',
      },
      address: 'Астана қ., Қабанбай батыр даңғ., 48, 115 пәтер',
      phone: '+7 701 234 56 78',
      relation: 'mother',
    },
    child: {
      lastName: 'Әбенов',
      firstName: 'Нұрсұлтан',
      patronymic: 'Қайратұлы',
      iin: CHILD_IIN,
      birthDate: '2021-03-15',
    },
    date: '2026-11-30',
    rulesVersion: '2024-1',
    creationDate: CREATED,
    ...overrides,
  };
}

/** What each language's page must print of the input, as printed. */
function consentValues(input: ConsentFormInput, language: UiLanguage): string[] {
  const { representative: rep, child, organisation: org } = input;
  return [
    `${rep.lastName} ${rep.firstName} ${rep.patronymic}`,
    rep.iin,
    `${REPORT_WORDS[language].idDocuments.id_card} № ${rep.idDocument!.number}`,
    '11.04.2019',
    rep.idDocument!.issuer!,
    rep.address!,
    rep.phone!,
    `${child.lastName} ${child.firstName} ${child.patronymic}`,
    child.iin,
    '15.03.2021',
    org.name[language]!,
    org.bin,
    org.address[language]!,
    org.city![language]!,
    '30.11.2026',
    '2024-1',
    'consent-v1',
  ];
}

describe('consent form', () => {
  it('prints the Kazakh page then the Russian one, each with every filled value', async () => {
    const input = consentInput();
    const bytes = await renderConsentForm(input);
    save('consent-both', bytes);
    const pages = await extractPdfText(bytes);
    expect(pages).toHaveLength(2);
    const [kk, ru] = pages as [string, string];
    expect(kk).toContain('Дербес деректерді жинауға және өңдеуге келісім');
    expect(ru).toContain('Согласие на сбор и обработку персональных данных');
    expect(squash(kk)).toContain(squash('2013 жылғы 21 мамырдағы № 94-V Заңына'));
    expect(squash(ru)).toContain(squash('от 21 мая 2013 года № 94-V «О персональных данных'));
    for (const [page, language] of [
      [kk, 'kk'],
      [ru, 'ru'],
    ] as const) {
      for (const value of consentValues(input, language))
        expect(squash(page), `${language}: ${value}`).toContain(squash(value));
      // Purposes (the personal file, the portal's rules), withdrawal, signature lines.
      expect(squash(page)).toContain('25-12–25-14');
      expect(squash(page)).toContain(
        squash(language === 'kk' ? 'кері қайтарып алуға құқылымын' : 'вправе отозвать'),
      );
      expect(page).toContain(language === 'kk' ? 'Қолы: ____' : 'Подпись: ____');
      expect(page.trim().endsWith('1 / 1')).toBe(true);
    }
    expect(squash(kk)).toContain(squash('балаға кім болады: анасы'));
    expect(squash(ru)).toContain(squash('кем прихожусь ребёнку: мать'));
    // Each page in its own language: the Russian page names the organisation in Russian.
    expect(squash(kk)).not.toContain(squash(input.organisation.name.ru!));
    expect(squash(ru)).not.toContain(squash(input.organisation.name.kk));
    expectNothingCut(bytes, 2);
  });

  it.each(LANGUAGES)('prints one language (%s) alone', async (language) => {
    const bytes = await renderConsentForm(consentInput({ language }));
    const pages = await extractPdfText(bytes);
    expect(pages).toHaveLength(1);
    const other = language === 'kk' ? 'Согласие на сбор' : 'Дербес деректерді жинауға';
    expect(pages[0]).not.toContain(other);
    for (const value of consentValues(consentInput(), language))
      expect(squash(pages[0]!)).toContain(squash(value));
  });

  it.each(LANGUAGES)(
    'wraps long names and addresses instead of cutting them (%s)',
    async (language) => {
      const input = consentInput({ language });
      input.representative.lastName = 'Мұхамеджанова-Сейітқұлова-Әбдірахманова-Жақыпбекова';
      input.representative.address =
        'Түркістан облысы, Сарыағаш ауданы, Жібек жолы ауылдық округі, Ақжар ауылы, ' +
        'Әбілқайыр хан көшесі, 148-үй, 3-кіреберіс, 127-пәтер, почта индексі 160900';
      input.child.firstName = 'Әлихан-Нұрмұхаммед';
      input.organisation.name = {
        kk: '«Астана қаласы әкімдігінің білім басқармасы» ММ-нің «№ 118 «Күншуақ» бөбекжай-бақшасы» МКҚК',
        ru: 'ГККП «Ясли-сад № 118 «Куншуак» ГУ «Управление образования акимата города Астаны»',
      };
      const bytes = await renderConsentForm(input);
      save(`consent-long-${language}`, bytes);
      const pages = await extractPdfText(bytes);
      const text = pages.join('\n');
      for (const value of consentValues(input, language))
        expect(squash(text), value).toContain(squash(value));
      expectWrapped(text, input.representative.address!);
      expectNothingCut(bytes, pages.length);
    },
  );

  it('leaves a line to write on for what it does not know, never "undefined"', async () => {
    const input = consentInput({ language: 'ru', date: null, rulesVersion: null });
    input.representative.idDocument = null;
    input.representative.phone = null;
    input.representative.relation = null;
    input.organisation.city = null;
    // No Russian name yet: the Russian page names the organisation as registered, in Kazakh.
    input.organisation.name = { kk: '«Балапан» бөбекжай-бақшасы МКҚК', ru: null };
    const [page] = await extractPdfText(await renderConsentForm(input));
    expect(squash(page!)).toContain(squash('даю согласие «Балапан» бөбекжай-бақшасы МКҚК (БИН'));
    expect(page).toContain('документ, удостоверяющий личность: ____________________');
    expect(page).toContain('телефон: ____________________');
    expect(page).toContain('«____» ________________ 20____ г.');
    expect(page).toContain('версия правил портала о персональных данных: —');
    expect(page).not.toMatch(/undefined|null|NaN/);
  });
});

const PNG_PHOTO = () =>
  sharp({ create: { width: 300, height: 400, channels: 3, background: '#20304a' } })
    .png()
    .toBuffer();
const JPEG_PHOTO = () =>
  sharp({ create: { width: 600, height: 400, channels: 3, background: '#303030' } })
    .jpeg()
    .toBuffer();

const ALLERGIES: ChildCardAllergy[] = [
  { kind: 'food', allergen: 'Жержаңғақ', reaction: 'Квинке ісінуі' },
  { kind: 'drug', allergen: 'Пенициллин', reaction: null },
  { kind: 'other', allergen: 'Мысық жүні', reaction: 'Мұрынның бітелуі' },
];

function cardInput(language: UiLanguage, overrides: Partial<ChildCardInput> = {}): ChildCardInput {
  return {
    language,
    organisation: language === 'kk' ? '«Балапан» бөбекжай-бақшасы' : 'Ясли-сад «Балапан»',
    child: {
      lastName: 'Әбенов',
      firstName: 'Нұрсұлтан',
      patronymic: 'Қайратұлы',
      iin: CHILD_IIN,
      birthDate: '2021-03-15',
      sex: 'male',
      citizenship: language === 'kk' ? 'Қазақстан' : 'Казахстан',
      actualAddress: 'Астана қ., Қабанбай батыр даңғ., 48, 115 пәтер',
      status: 'enrolled',
      enrolledOn: '2024-09-02',
    },
    group: { name: 'Күншуақ', language: 'kk' },
    photo: null,
    representatives: [
      {
        lastName: 'Әбенова',
        firstName: 'Гүлнұр',
        patronymic: 'Серікқызы',
        relation: 'mother',
        primary: true,
        phone: '+7 701 234 56 78',
        phoneExtra: '+7 717 255 11 22',
        email: 'gulnur.abenova@example.kz',
      },
      {
        lastName: 'Әбенов',
        firstName: 'Қайрат',
        patronymic: null,
        relation: 'father',
        phone: '+7 777 765 43 21',
      },
    ],
    health: { healthGroup: 'II', allergies: ALLERGIES },
    creationDate: CREATED,
    ...overrides,
  };
}

function cardValues(input: ChildCardInput): string[] {
  const words = REPORT_WORDS[input.language];
  const { child } = input;
  return [
    input.organisation,
    `${child.lastName} ${child.firstName} ${child.patronymic}`,
    child.iin,
    '15.03.2021',
    words.sexes.male,
    child.citizenship!,
    child.actualAddress!,
    input.group!.name,
    words.statuses.enrolled,
    '02.09.2024',
    '30.11.2026',
    ...input.representatives.flatMap((rep) => [
      [rep.lastName, rep.firstName, rep.patronymic].filter(Boolean).join(' '),
      words.relations[rep.relation!],
      rep.phone!,
      ...(rep.phoneExtra ? [rep.phoneExtra] : []),
      ...(rep.email ? [rep.email] : []),
    ]),
  ];
}

/** Every word of the health part, as the card would print it. */
function healthWords(language: UiLanguage): string[] {
  const words = REPORT_WORDS[language];
  return [
    words.sections.health,
    words.health.fields.healthGroup!,
    words.health.allergies,
    ...Object.values(words.allergyKinds),
    ...ALLERGIES.flatMap((a) => [a.allergen, ...(a.reaction ? [a.reaction] : [])]),
  ];
}

/** Dark pixels on the card's one page. */
const ink = (bytes: Uint8Array) => inkNearEdges(rasterPages(bytes, 50)[0]!, 50, 19).inside;

describe("child's card", () => {
  it.each(LANGUAGES)(
    'prints photo, identity, group, contacts and health on exactly one page (%s)',
    async (language) => {
      const words = REPORT_WORDS[language];
      const input = cardInput(language, { photo: await PNG_PHOTO() });
      const bytes = await renderChildCard(input);
      save(`child-card-${language}`, bytes);
      const pages = await extractPdfText(bytes);
      expect(pages).toHaveLength(1);
      const page = squash(pages[0]!);
      expect(page).toContain(squash(language === 'kk' ? 'Баланың карточкасы' : 'Карточка ребёнка'));
      for (const value of cardValues(input)) expect(page, value).toContain(squash(value));
      expect(page).toContain(squash(`${words.health.fields.healthGroup}II`));
      for (const a of ALLERGIES) {
        expect(page).toContain(squash(`${words.allergyKinds[a.kind]}: ${a.allergen}`));
        if (a.reaction) expect(page).toContain(squash(a.reaction));
      }
      expect(pages[0]).not.toMatch(/undefined|null|NaN/);
      expectNothingCut(bytes, 1);
      // The photo is on the page: without it the page has far less ink.
      const without = await renderChildCard({ ...input, photo: null });
      expect(ink(bytes) - ink(without)).toBeGreaterThan(1500);
    },
  );

  it.each(LANGUAGES)('prints nothing of a withheld health part (%s)', async (language) => {
    const input = cardInput(language, { health: null, photo: await JPEG_PHOTO() });
    const bytes = await renderChildCard(input);
    const pages = await extractPdfText(bytes);
    expect(pages).toHaveLength(1);
    const page = squash(pages[0]!);
    for (const value of cardValues(input)) expect(page, value).toContain(squash(value));
    for (const word of healthWords(language)) expect(page, word).not.toContain(squash(word));
    // Not even the health group's value or a dash standing in for it after the contacts.
    expect(page).not.toContain('II');
    expect(
      page.endsWith(
        squash(`${input.representatives[1]!.phone}`) +
          squash(
            `${language === 'kk' ? 'Басып шығарылған күні' : 'Дата печати'}: 30.11.2026 1 / 1`,
          ),
      ),
    ).toBe(true);
    expectNothingCut(bytes, 1);
  });

  it.each(LANGUAGES)(
    'prints a dash for what is empty and keeps a long card on one page (%s)',
    async (language) => {
      const words = REPORT_WORDS[language];
      const long = 'Мұхамеджанова-Сейітқұлова-Әбдірахманова-Жақыпбекова';
      const input = cardInput(language, {
        photo: await JPEG_PHOTO(),
        group: null,
        representatives: Array.from({ length: 4 }, (_, i) => ({
          lastName: `${long}${i}`,
          firstName: 'Гүлнұр-Әсемгүл',
          patronymic: 'Серікқызы',
          relation: (['mother', 'father', 'guardian', 'other'] as const)[i]!,
          phone: i === 3 ? null : `+7 701 234 56 7${i}`,
          email: `parent${i}.with.a.rather.long.address@kindergarten-example.kz`,
        })),
        health: {
          healthGroup: null,
          allergies: Array.from({ length: 12 }, (_, i) => ({
            kind: 'food' as const,
            allergen: `Аллерген № ${i + 1}`,
            reaction: 'Бөртпе, қышыну, тыныс алудың қиындауы, дереу медицина қызметкерін шақыру',
          })),
        },
      });
      input.child.actualAddress =
        'Түркістан облысы, Сарыағаш ауданы, Жібек жолы ауылдық округі, Ақжар ауылы, ' +
        'Әбілқайыр хан көшесі, 148-үй, 3-кіреберіс, 127-пәтер, почта индексі 160900';
      const bytes = await renderChildCard(input);
      save(`child-card-long-${language}`, bytes);
      const pages = await extractPdfText(bytes);
      expect(pages).toHaveLength(1);
      const page = pages[0]!;
      for (let i = 0; i < 4; i++) expect(squash(page)).toContain(squash(`${long}${i}`));
      for (let i = 1; i <= 12; i++) expect(squash(page)).toContain(squash(`Аллерген № ${i}`));
      expectWrapped(page, input.child.actualAddress);
      // No group, no phone, no health group: a dash each, nothing invented.
      expect(squash(page)).toContain(squash(`${words.child.group}—`));
      expect(squash(page)).toContain(squash(`${words.rep.phone}: —`));
      expect(squash(page)).toContain(squash(`${words.health.fields.healthGroup}—`));
      expect(page).not.toMatch(/undefined|null|NaN/);
      expectNothingCut(bytes, 1);
    },
  );

  it('lists as many allergies as fit and counts the rest when even small type will not do', async () => {
    const input = cardInput('kk', {
      photo: await PNG_PHOTO(),
      health: {
        healthGroup: 'III',
        allergies: Array.from({ length: 80 }, (_, i) => ({
          kind: 'drug' as const,
          allergen: `Препарат ${i + 1}`,
          reaction: 'Анафилаксиялық шок қаупі: дереу жедел жәрдем шақыру, адреналин '.repeat(4),
        })),
      },
    });
    const bytes = await renderChildCard(input);
    const [page] = await extractPdfText(bytes);
    expect(page).toBeDefined();
    const listed = input.health!.allergies.filter((a) =>
      squash(page!).includes(squash(`${a.allergen} —`)),
    ).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(80);
    expect(squash(page!)).toContain(squash(`тағы ${80 - listed} — денсаулық паспортында`));
    expectNothingCut(bytes, 1);
  });

  it('renderers hand back bytes and write no file', () => {
    for (const file of ['child-card.ts', 'consent-form.ts']) {
      const source = readFileSync(
        fileURLToPath(new URL(`../../electron/core/reports/${file}`, import.meta.url)),
        'utf8',
      );
      expect(source, file).not.toMatch(/node:fs|writeFile|createWriteStream|appendFile|mkdtemp/);
    }
  });
});
