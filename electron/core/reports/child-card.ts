import sharp from 'sharp';
import { fullName } from '../children/fields';
import { REPORT_WORDS } from '../children/report-words';
import { formatDate } from '../contracts/content';
import { PdfDocumentBuilder } from '../pdf/document';
import type {
  ALLERGY_KINDS,
  ChildStatus,
  GroupLanguage,
  HEALTH_GROUPS,
  Relation,
  Sex,
  UiLanguage,
} from '../vocabulary/enums';
import type { PersonName } from './consent-form';

/**
 * A child's card: one A4 page with the photo, identity, group, the representatives' contacts
 * and — only when the caller gives them, i.e. the role may see them (`health.read`) — the
 * health group and allergies. Pure: plain data in, PDF bytes out, nothing written anywhere.
 * What is not given is not printed: a withheld health part leaves no heading, label or mark;
 * an empty value the card does show is a neutral "—".
 */

export interface ChildCardRepresentative extends PersonName {
  relation: Relation | null;
  primary?: boolean;
  phone?: string | null;
  phoneExtra?: string | null;
  email?: string | null;
}

export interface ChildCardAllergy {
  kind: (typeof ALLERGY_KINDS)[number];
  allergen: string;
  reaction?: string | null;
}

export interface ChildCardHealth {
  healthGroup: (typeof HEALTH_GROUPS)[number] | null;
  allergies: readonly ChildCardAllergy[];
}

export interface ChildCardInput {
  language: UiLanguage;
  /** The kindergarten's name in the card's language. */
  organisation: string;
  child: PersonName & {
    iin: string;
    birthDate: string;
    sex: Sex | null;
    /** In words ("Қазақстан"), as the caller shows it. */
    citizenship?: string | null;
    actualAddress?: string | null;
    status?: ChildStatus | null;
    enrolledOn?: string | null;
  };
  group: { name: string; language?: GroupLanguage | null } | null;
  /** JPEG or PNG bytes (the photo's thumbnail will do); none, no photo. */
  photo?: Uint8Array | null;
  representatives: readonly ChildCardRepresentative[];
  /** null when the role may not see health data: then nothing of it is printed. */
  health: ChildCardHealth | null;
  /** The printing day on the card, and the PDF's date; now by default. */
  creationDate?: Date;
}

const CARD_WORDS = {
  kk: {
    title: 'Баланың карточкасы',
    printedOn: 'Басып шығарылған күні',
    groupLanguage: 'Оқыту тілі',
    groupLanguages: { kk: 'қазақ тілі', ru: 'орыс тілі' },
    primary: 'негізгі',
    more: (count: number) => `тағы ${count} — денсаулық паспортында`,
  },
  ru: {
    title: 'Карточка ребёнка',
    printedOn: 'Дата печати',
    groupLanguage: 'Язык обучения',
    groupLanguages: { kk: 'казахский', ru: 'русский' },
    primary: 'основной',
    more: (count: number) => `ещё ${count} — в паспорте здоровья`,
  },
} as const;

const NONE = '—';
const shown = (value: string | null | undefined) => value?.trim() || NONE;

/** The photo's box at full size: 3 × 4 cm, as a personal file's photo. */
const PHOTO_WIDTH_MM = 30;
const PHOTO_HEIGHT_MM = 40;
/** Sizes tried, largest first, until the card fits its one page. */
const SCALES = [1, 0.9, 0.8, 0.7, 0.6];

interface Layout {
  scale: number;
  /** How many allergies are listed; the rest are counted, pointing to the health passport. */
  allergies: number;
}

async function build(
  input: ChildCardInput,
  photo: { bytes: Uint8Array; aspect: number } | null,
  { scale, allergies: listed }: Layout,
): Promise<PdfDocumentBuilder> {
  const { language, child, group, health } = input;
  const words = REPORT_WORDS[language];
  const card = CARD_WORDS[language];
  const created = input.creationDate ?? new Date();
  const size = 10.5 * scale;
  const doc = await PdfDocumentBuilder.create({
    title: card.title,
    language,
    creationDate: created,
  });
  const section = (title: string) => {
    doc.spacer(2 * scale);
    doc.paragraph(title, { bold: true, size: 12 * scale });
  };

  doc.paragraph(card.title, { bold: true, size: 15 * scale });
  doc.paragraph(input.organisation, { size: 9.5 * scale });
  if (photo) {
    const widthMm = Math.min(PHOTO_WIDTH_MM, PHOTO_HEIGHT_MM * photo.aspect) * scale;
    await doc.image(photo.bytes, { widthMm });
  }

  section(words.sections.child);
  doc.keyValueTable(
    [
      [words.child.fullName, shown(fullName(child))],
      [words.child.iin, shown(child.iin)],
      [words.child.birthDate, shown(formatDate(child.birthDate))],
      [words.child.sex, child.sex ? words.sexes[child.sex] : NONE],
      ...(child.citizenship !== undefined
        ? [[words.child.citizenship, shown(child.citizenship)] as [string, string]]
        : []),
      [words.child.actualAddress, shown(child.actualAddress)],
      [words.child.group, shown(group?.name)],
      [card.groupLanguage, group?.language ? card.groupLanguages[group.language] : NONE],
      ...(child.status !== undefined
        ? [[words.child.status, child.status ? words.statuses[child.status] : NONE] as const]
        : []),
      ...(child.enrolledOn !== undefined
        ? [[words.child.enrolledOn, shown(formatDate(child.enrolledOn))] as const]
        : []),
    ],
    { size },
  );

  section(words.sections.representatives);
  if (input.representatives.length === 0) doc.paragraph(NONE, { size });
  else
    doc.keyValueTable(
      input.representatives.map((rep) => {
        const relation = rep.relation ? words.relations[rep.relation] : words.rep.relation;
        const phones = [rep.phone, rep.phoneExtra].map((p) => p?.trim()).filter(Boolean);
        return [
          rep.primary ? `${relation} (${card.primary})` : relation,
          [
            shown(fullName(rep)),
            `${words.rep.phone}: ${phones.length > 0 ? phones.join(', ') : NONE}`,
            ...(rep.email?.trim() ? [`${words.rep.email}: ${rep.email.trim()}`] : []),
          ].join('\n'),
        ] as const;
      }),
      { size },
    );

  if (health) {
    section(words.sections.health);
    const lines = health.allergies
      .slice(0, listed)
      .map(
        (a) =>
          `${words.allergyKinds[a.kind]}: ${a.allergen.trim()}` +
          (a.reaction?.trim() ? ` — ${a.reaction.trim()}` : ''),
      );
    const rest = health.allergies.length - Math.min(listed, health.allergies.length);
    if (rest > 0) lines.push(card.more(rest));
    doc.keyValueTable(
      [
        [words.health.fields.healthGroup!, shown(health.healthGroup)],
        [words.health.allergies, lines.length > 0 ? lines.join('\n') : NONE],
      ],
      { size },
    );
  }

  doc.spacer(2 * scale);
  doc.paragraph(`${card.printedOn}: ${formatDate(created.toISOString())}`, { size: 8 * scale });
  return doc;
}

/**
 * The card as a one-page A4 PDF. A long card is set smaller until it fits; a child with more
 * allergies than fit even then lists the first ones and counts the rest, which the health
 * passport holds in full.
 */
export async function renderChildCard(input: ChildCardInput): Promise<Uint8Array> {
  let photo: { bytes: Uint8Array; aspect: number } | null = null;
  if (input.photo && input.photo.length > 0) {
    const { width, height } = await sharp(input.photo).metadata();
    if (!width || !height) throw new Error('The photo has no size');
    photo = { bytes: input.photo, aspect: width / height };
  }
  const allergyCount = input.health?.allergies.length ?? 0;
  for (const scale of SCALES) {
    const doc = await build(input, photo, { scale, allergies: allergyCount });
    if (doc.pageCount === 1) return doc.finish();
  }
  // Even the smallest size is too long: the most allergies that still fit (at least none).
  const scale = SCALES.at(-1)!;
  let [fits, tooMany] = [0, allergyCount];
  while (tooMany - fits > 1) {
    const middle = (fits + tooMany) >> 1;
    if ((await build(input, photo, { scale, allergies: middle })).pageCount === 1) fits = middle;
    else tooMany = middle;
  }
  return (await build(input, photo, { scale, allergies: fits })).finish();
}
