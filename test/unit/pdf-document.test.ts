import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDocumentBuilder, wrapText } from '../../electron/core/pdf/document';
import { extractPdfText } from '../../electron/core/pdf/read-back';

const run = promisify(execFile);
const OUT = fileURLToPath(new URL('../../test-results/pdf/', import.meta.url));
const CREATED = new Date('2025-03-01T09:00:00Z');
const TITLE = 'Баланың деректері туралы есеп / Отчёт о данных ребёнка';
const KAZAKH_LETTERS = [...'әғқңөұүһіӘҒҚҢӨҰҮҺІ'];

const KK_SENTENCES = [
  'Балабақша тәрбиеленушінің жеке ісіндегі барлық мәліметтерді заңды өкілдің сұрауы бойынша ұсынады.',
  'Ұйым баланың денсаулығы, тамақтануы және күн тәртібі туралы ақпаратты қауіпсіз сақтайды.',
  'Һәр айдың соңында төлем түбіртегі беріледі, ал қарыз болса, өкілге ескерту жіберіледі.',
  'Өкіл телефон нөмірін, мекенжайын немесе жұмыс орнын өзгерткенде үш күн ішінде хабарлайды.',
  'Үйде ауырған күндер дәрігердің анықтамасымен дәлелді себеп ретінде есепке алынады.',
  'Ғылыми-әдістемелік кеңес топтың оқу бағдарламасын жыл сайын қарап, бекітеді.',
  'Қауіпсіздік ережелері бойынша баланы тек тізімдегі ересек адамдарға ғана береді.',
  'Іс-шаралар кестесі ата-аналарға алдын ала жарияланады, өзгерістер туралы хабарланады.',
  'Ңғ, Әә, Ғғ, Ққ, Ңң, Өө, Ұұ, Үү, Һһ, Іі — қазақ әліпбиінің ерекше әріптері дұрыс шығуы тиіс.',
];
const RU_SENTENCES = [
  'Организация предоставляет законному представителю все сведения из личного дела воспитанника.',
  'Сведения о здоровье, питании и режиме дня ребёнка хранятся в зашифрованном виде.',
  'В конце каждого месяца выдаётся квитанция об оплате, при задолженности направляется уведомление.',
  'Представитель сообщает об изменении телефона, адреса или места работы в течение трёх дней.',
  'Дни болезни, подтверждённые справкой врача, учитываются как пропуски по уважительной причине.',
  'Методический совет ежегодно рассматривает и утверждает учебную программу группы.',
  'По правилам безопасности ребёнка передают только взрослым, указанным в списке.',
];

/** n sentences, numbered so that each inserted value is distinct text. */
function text(sentences: readonly string[], n: number, tag: string): string {
  return Array.from(
    { length: n },
    (_, i) => `${tag}${i + 1}. ${sentences[i % sentences.length]}`,
  ).join(' ');
}

/** Extracted text, footers ("X / Y" at a page's end) removed, pages joined, whitespace collapsed. */
function body(pages: readonly string[]): string {
  return pages
    .map((page) => page.replace(/\s*\d+ \/ \d+\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

function words(value: string): string[] {
  return value.split(/\s+/).filter((word) => word.length > 0);
}

/** Grey levels of a binary PGM (P5, 8-bit), as pdftoppm -gray writes it. */
function readPgm(path: string): { width: number; height: number; pixels: Uint8Array } {
  const file = readFileSync(path);
  const header = /^P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.toString('latin1', 0, 100));
  if (!header || header[3] !== '255') throw new Error(`not an 8-bit PGM: ${path}`);
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = file.subarray(header[0].length, header[0].length + width * height);
  expect(pixels.length).toBe(width * height);
  return { width, height, pixels };
}

/** Pixels visibly not white (< 245 of 255) at least `mm` from every edge are counted apart. */
function inkOutside(pgm: ReturnType<typeof readPgm>, dpi: number, mm: number) {
  const band = Math.floor((mm / 25.4) * dpi);
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < pgm.height; y++) {
    for (let x = 0; x < pgm.width; x++) {
      if (pgm.pixels[y * pgm.width + x]! >= 245) continue;
      const inBand = x < band || y < band || x >= pgm.width - band || y >= pgm.height - band;
      if (inBand) outside++;
      else inside++;
    }
  }
  return { outside, inside };
}

/** Renders every page with pdftoppm: PNGs to look at, PGMs to check. Returns the PGM paths. */
async function render(bytes: Uint8Array, name: string, dpi = 50): Promise<string[]> {
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.startsWith(`${name}-`)) rmSync(join(OUT, file));
  const pdf = join(OUT, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  await run('pdftoppm', ['-r', String(dpi), '-png', pdf, join(OUT, name)]);
  await run('pdftoppm', ['-r', String(dpi), '-gray', pdf, join(OUT, name)]);
  return readdirSync(OUT)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.pgm'))
    .sort()
    .map((file) => join(OUT, file));
}

/** Every page: nothing in the outer 3 mm, nothing outside the 20 mm margins (1 mm slack). */
async function expectInsideMargins(bytes: Uint8Array, name: string, pageCount: number) {
  const pages = await render(bytes, name);
  expect(pages).toHaveLength(pageCount);
  for (const page of pages) {
    const pgm = readPgm(page);
    expect(pgm.width).toBeGreaterThan(400); // A4 portrait at 50 dpi: 414 × 585
    expect(pgm.height).toBeGreaterThan(pgm.width);
    expect(inkOutside(pgm, 50, 3).outside, `${page}: ink in the outer 3 mm`).toBe(0);
    const margins = inkOutside(pgm, 50, 19);
    expect(margins.outside, `${page}: ink outside the margins`).toBe(0);
    expect(margins.inside, `${page}: blank page`).toBeGreaterThan(0);
  }
}

function expectFooters(pages: readonly string[]) {
  pages.forEach((page, index) => {
    expect(page.trim().endsWith(`${index + 1} / ${pages.length}`)).toBe(true);
  });
}

async function jpeg(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240">
    <rect width="400" height="240" fill="#e0ecf8"/><circle cx="120" cy="120" r="80" fill="#3b6ea5"/>
    <rect x="230" y="60" width="120" height="120" fill="#d98c2b"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer());
}

const QR_PAYLOAD = `BQ-2025-0042:${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}`;
const HEADING_1 = 'Баланың жеке деректері туралы есеп — ӘҒҚҢӨҰҮҺІ әғқңөұүһі';
const HEADING_2 = 'Сведения, хранящиеся в организации';
const HEADING_3 = 'Шарттың мәтіні / Текст договора';
const KK_PARAGRAPH = text(KK_SENTENCES, 14, 'Ә');
const OVERLONG_WORD = `ЖСН${'0123456789'.repeat(4)}әғқңөұүһі${'ABCDEFGHIJ'.repeat(8)}`;
const TABLE: [string, string][] = [
  ['Тегі, аты, әкесінің аты / ФИО', 'Әлібекова Ұлжан Қайратқызы'],
  ['ЖСН / ИИН', '150304600123'],
  ['Туған күні / Дата рождения', '04.03.2015'],
  [
    'Мекенжайы / Адрес проживания (прописка и фактический адрес, если они различаются)',
    'Қазақстан Республикасы, Алматы қаласы, Әуезов ауданы, Жетісу-1 шағын ауданы, 12-үй, 45-пәтер; фактически: Республика Казахстан, город Алматы, улица Толе би, дом 180, квартира 7',
  ],
  ['Денсаулық тобы / Группа здоровья', 'II — өкпе ауруы жоқ, үйде аллергия бар (шаң, гүл тозаңы)'],
  ['Хэш / Хэш содержимого', OVERLONG_WORD],
  ['Топ / Группа', '«Күнбағыс» ересектер тобы, оқыту тілі — қазақ'],
];
const TALL_ROW: [string, string] = [
  'Журнал / Журнал посещений',
  Array.from(
    { length: 70 },
    (_, i) => `${i + 1}-күн: келді / пришёл, ${i % 2 ? 'ауырды' : 'сау'}`,
  ).join('\n'),
];
const KK_COLUMN = text(KK_SENTENCES, 40, 'Қ');
const RU_COLUMN = text(RU_SENTENCES, 52, 'Р');
const CENTERED = 'ОРТАҒА ТҮЗЕЛГЕН ЖОЛ / СТРОКА ПО ЦЕНТРУ';
const RIGHT = 'Оң жаққа түзелген: Өскемен, Үржар, Һ, І';
const MULTILINE = 'Бірінші жол\nЕкінші жол\n\nТөртінші жол: ұзақ жол емес';
const SIGNATURES = [
  {
    title: 'Ұйым / Организация',
    lines: [
      '«Күнбағыс» МКҚК / ГККП',
      'Меңгеруші Сәрсенбаева Г. Қ.',
      '________________ (қолы / подпись)',
      'М.О. / М.П.',
    ],
  },
  {
    title: 'Заңды өкіл / Законный представитель',
    lines: [
      'Әлібеков Қайрат Өмірұлы',
      'ЖСН / ИИН 850101300456',
      '________________ (қолы / подпись)',
    ],
  },
];

async function buildReport(): Promise<Uint8Array> {
  const doc = await PdfDocumentBuilder.create({
    title: TITLE,
    language: 'kk',
    creationDate: CREATED,
  });
  doc.heading(HEADING_1, 1).paragraph(KK_PARAGRAPH).heading(HEADING_2, 2).keyValueTable(TABLE);
  await doc.image(await jpeg(), { widthMm: 60, align: 'center' });
  doc
    .heading(HEADING_3, 3)
    .twoColumns(KK_COLUMN, RU_COLUMN)
    .paragraph(CENTERED, { bold: true, align: 'center', size: 12 })
    .paragraph(RIGHT, { align: 'right' })
    .paragraph(MULTILINE)
    .spacer(5)
    .keyValueTable([TALL_ROW])
    .pageBreak()
    .qrCode(QR_PAYLOAD, 40)
    .signatureBlock(SIGNATURES);
  return doc.finish();
}

describe('PdfDocumentBuilder: a mixed Kazakh and Russian document', () => {
  let bytes: Uint8Array;
  let pages: string[];
  let all: string;

  beforeAll(async () => {
    bytes = await buildReport();
    pages = await extractPdfText(bytes);
    all = body(pages);
  });

  it('runs to several pages, each with an "X / Y" footer', () => {
    expect(pages.length).toBeGreaterThan(2);
    expectFooters(pages);
  });

  it('reads back every Kazakh letter, lower and upper case', () => {
    for (const letter of KAZAKH_LETTERS) expect(all).toContain(letter);
    expect(all).toContain('ӘҒҚҢӨҰҮҺІ әғқңөұүһі');
  });

  it('reads back single-column text whole, in order, across lines and pages', () => {
    for (const value of [HEADING_1, HEADING_2, HEADING_3, KK_PARAGRAPH, CENTERED, RIGHT]) {
      expect(all).toContain(value);
    }
    expect(all).toContain(MULTILINE.replace(/\s+/g, ' '));
    const lines = pages.flatMap((page) => page.split('\n'));
    expect(lines).toContain('Бірінші жол');
    expect(lines).toContain('Екінші жол');
    // The overlong word was broken between characters; its pieces are all there, in order.
    expect(all.replace(/\s/g, '')).toContain(OVERLONG_WORD);
  });

  it('reads back side-by-side and table text word by word', () => {
    const present = new Set(words(all));
    const values = [KK_COLUMN, RU_COLUMN, ...TABLE.flat(), ...TALL_ROW];
    values.push(...SIGNATURES.flatMap((party) => [party.title, ...party.lines]));
    for (const value of values.filter((v) => v !== OVERLONG_WORD)) {
      for (const word of words(value)) expect(present, word).toContain(word);
    }
    // Short table values fit on a line of their own and read back whole.
    for (const [, value] of TABLE.slice(0, 3)) expect(all).toContain(value);
  });

  it('keeps the QR code scannable: the rendered modules match the payload', async () => {
    // The QR code starts the last page, left-aligned at the top margin corner.
    const dpi = 150;
    const last = join(OUT, 'qr-page');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(`${last}.pdf`, bytes);
    await run('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-singlefile',
      '-f',
      String(pages.length),
      '-l',
      String(pages.length),
      `${last}.pdf`,
      last,
    ]);
    const pgm = readPgm(`${last}.pgm`);
    const { modules } = QRCode.create(QR_PAYLOAD, { errorCorrectionLevel: 'M' });
    const px = dpi / 25.4;
    const moduleMm = 40 / (modules.size + 8);
    let wrong = 0;
    for (let row = -4; row < modules.size + 4; row++) {
      for (let col = -4; col < modules.size + 4; col++) {
        const x = Math.round((20 + (col + 4.5) * moduleMm) * px);
        const y = Math.round((20 + (row + 4.5) * moduleMm) * px);
        const dark = pgm.pixels[y * pgm.width + x]! < 128;
        const inside = row >= 0 && col >= 0 && row < modules.size && col < modules.size;
        if (dark !== (inside && Boolean(modules.get(row, col)))) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('keeps everything inside the margins on every rendered page', async () => {
    await expectInsideMargins(bytes, 'report', pages.length);
  });

  it('embeds a font subset and metadata without personal data', async () => {
    expect(bytes.length).toBeLessThan(150 * 1024); // the two full fonts weigh 1.4 MB
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(TITLE);
    expect(pdf.getProducer()).toBe('Balabaqsha Desk');
    expect(pdf.getAuthor()).toBeUndefined();
    expect(pdf.getSubject()).toBeUndefined();
    expect(pdf.getKeywords()).toBeUndefined();
    expect(pdf.getCreationDate()?.toISOString()).toBe(CREATED.toISOString());
    expect(pdf.getPageCount()).toBe(pages.length);
    const [width, height] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()];
    expect([Math.round(width / 2.835), Math.round(height / 2.835)]).toEqual([210, 297]);
  });

  it('is byte-identical when built twice with a fixed creation date', async () => {
    const again = await buildReport();
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(again)).toBe(hash(bytes));
  });

  it('refuses a title that carries an IIN', async () => {
    await expect(
      PdfDocumentBuilder.create({ title: 'Есеп 150304600123', language: 'kk' }),
    ).rejects.toThrow(/personal data/);
  });
});

describe('PdfDocumentBuilder: page breaks', () => {
  it('moves a table row that does not fit to the next page whole', async () => {
    const doc = await PdfDocumentBuilder.create({
      title: 'Rows',
      language: 'ru',
      creationDate: CREATED,
    });
    const rows = Array.from({ length: 40 }, (_, r) => {
      const tag = `R${String(r).padStart(2, '0')}`;
      return [`${tag}a\n${tag}b\n${tag}c`, `${tag}v ${KK_SENTENCES[r % KK_SENTENCES.length]!}`] as [
        string,
        string,
      ];
    });
    const bytes = await doc.keyValueTable(rows).finish();
    const pages = await extractPdfText(bytes);
    expect(pages.length).toBeGreaterThan(2);
    expectFooters(pages);
    rows.forEach((_, r) => {
      const tag = `R${String(r).padStart(2, '0')}`;
      const holders = ['a', 'b', 'c', 'v'].map((part) =>
        pages.findIndex((page) => page.includes(`${tag}${part}`)),
      );
      expect(new Set(holders).size, `${tag} split over pages ${holders.join(',')}`).toBe(1);
      expect(holders[0]).toBeGreaterThanOrEqual(0);
    });
    await expectInsideMargins(bytes, 'rows', pages.length);
  });

  it('splits only a row taller than a page, by lines, in order', async () => {
    const doc = await PdfDocumentBuilder.create({
      title: 'Tall',
      language: 'kk',
      creationDate: CREATED,
    });
    const lines = Array.from({ length: 120 }, (_, i) => `жол-${i + 1}`);
    const bytes = await doc
      .paragraph('Кіріспе')
      .keyValueTable([['Ұзын', lines.join('\n')]])
      .finish();
    const pages = await extractPdfText(bytes);
    expect(pages.length).toBe(3);
    const all = `${body(pages)} `;
    const order = lines.map((line) => all.indexOf(`${line} `));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    await expectInsideMargins(bytes, 'tall', pages.length);
  });

  it('continues both columns across pages independently', async () => {
    const doc = await PdfDocumentBuilder.create({
      title: 'Columns',
      language: 'kk',
      creationDate: CREATED,
    });
    const right = Array.from({ length: 150 }, (_, i) => `ру${i + 1}`).join('\n');
    const bytes = await doc.twoColumns('Қысқа мәтін: тек екі жол\nекінші', right).finish();
    const pages = await extractPdfText(bytes);
    expect(pages.length).toBe(4);
    expect(pages[0]).toContain('Қысқа мәтін');
    expect(pages[3]).toContain('ру150');
    const all = `${body(pages)} `;
    for (let i = 1; i <= 150; i++) expect(all).toContain(`ру${i} `);
    await expectInsideMargins(bytes, 'columns', pages.length);
  });

  it('keeps a signature block together wherever the page ends', async () => {
    for (let filler = 36; filler <= 50; filler += 2) {
      const doc = await PdfDocumentBuilder.create({
        title: 'Sign',
        language: 'kk',
        creationDate: CREATED,
      });
      doc.paragraph(Array.from({ length: filler }, (_, i) => `толтырғыш ${i}`).join('\n'));
      const pages = await extractPdfText(await doc.signatureBlock(SIGNATURES).finish());
      const parts = ['Ұйым / Организация', 'М.О. / М.П.', 'Заңды өкіл', '850101300456'];
      const holders = parts.map((part) =>
        pages.findIndex((page) => page.replace(/\s+/g, ' ').includes(part)),
      );
      expect(new Set(holders).size, `filler ${filler}: ${holders.join(',')}`).toBe(1);
    }
  });
});

describe('PdfDocumentBuilder: images', () => {
  it('embeds a JPEG handed over as a view into a larger buffer (a pooled Buffer, a subarray)', async () => {
    const photo = Buffer.from(await jpeg());
    // As Node's pool hands out small buffers: other bytes before and after the photo's own.
    const pool = Buffer.alloc(photo.length + 300, 0x5a);
    photo.copy(pool, 100);
    const view = pool.subarray(100, 100 + photo.length);
    const doc = await PdfDocumentBuilder.create({ title: TITLE, language: 'kk' });
    doc.paragraph('Сурет / Фото');
    await doc.image(view, { widthMm: 30 });
    const loaded = await PDFDocument.load(await doc.finish());
    const images = loaded.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object) => object.constructor.name === 'PDFRawStream')
      .map((object) => object as unknown as { dict: { toString(): string }; contents: Uint8Array })
      .filter((stream) => stream.dict.toString().includes('/DCTDecode'));
    expect(images).toHaveLength(1);
    expect(Buffer.from(images[0]!.contents).equals(photo)).toBe(true);
  });
});

describe('wrapText', () => {
  it('wraps by measured width, honours newlines and breaks overlong words', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const long = 'x'.repeat(301);
    const lines = wrapText(`one two three four five six\n\n${long} tail`, font, 10, 60);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(60);
    expect(lines.slice(0, 4)).toEqual(['one two', 'three four', 'five six', '']);
    expect(lines.slice(4).join('').replace(/ /g, '')).toBe(`${long}tail`);
    expect(lines.at(-1)!.endsWith(' tail')).toBe(true);
  });
});
