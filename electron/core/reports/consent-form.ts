import { z } from 'zod';
import { fullName } from '../children/fields';
import { REPORT_WORDS } from '../children/report-words';
import { formatDate } from '../contracts/content';
import { fill, loadTemplateFile } from '../contracts/template';
import { PdfDocumentBuilder } from '../pdf/document';
import type { IdDocumentType, Relation, UiLanguage } from '../vocabulary/enums';

/**
 * The consent to personal-data processing a representative signs for a child (Law of the
 * Republic of Kazakhstan No. 94-V), filled with their and the child's data: an A4 page in
 * Kazakh, in Russian, or both (the Kazakh page, then the Russian one, each its own "1 / 1").
 * The text is data (`resources/templates/consent-v1.json`), like the contract's; this module
 * only fills and lays it out. Pure: plain data in, PDF bytes out, nothing written anywhere.
 */

export const CONSENT_TEMPLATE = 'consent-v1';

const Party = z.object({ title: z.string(), lines: z.array(z.string()) });
const ConsentPage = z.object({
  title: z.string().min(1),
  subtitle: z.string(),
  placeAndDate: z.string(),
  /** Where no date is given: a line to write it on, in the page's language. */
  blankDate: z.string(),
  sections: z.array(z.string()).min(1),
  signatures: z.object({ representative: Party, operator: Party }),
  versionLine: z.string(),
});
export const ConsentTemplate = z.object({ version: z.string(), kk: ConsentPage, ru: ConsentPage });
export type ConsentTemplate = z.infer<typeof ConsentTemplate>;

export interface PersonName {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

/** A value in both languages; an empty Russian one prints the Kazakh one. */
export interface Bilingual {
  kk: string;
  ru?: string | null;
}

export interface ConsentFormInput {
  /** One language, or both: the Kazakh page, then the Russian page. */
  language: UiLanguage | 'both';
  /** The operator: the kindergarten. */
  organisation: { name: Bilingual; bin: string; address: Bilingual; city?: Bilingual | null };
  /** The subject who signs: the child's legal representative. */
  representative: PersonName & {
    iin: string;
    idDocument: {
      type: IdDocumentType;
      number: string;
      issuedOn?: string | null;
      issuer?: string | null;
    } | null;
    address: string | null;
    phone: string | null;
    relation: Relation | null;
  };
  child: PersonName & { iin: string; birthDate: string };
  /** The day of signing (yyyy-mm-dd); without it the form has a line to write it on. */
  date?: string | null;
  /** The portal's personal-data rules version the consent is recorded against. */
  rulesVersion?: string | null;
  /** Fixed for byte-identical output (tests). */
  creationDate?: Date;
}

/** What the form prints for a value it does not have: a line to write it on by hand. */
export const BLANK = '____________________';

const ISSUED = {
  kk: (on: string) => `берілген күні ${on}`,
  ru: (on: string) => `дата выдачи ${on}`,
};
const ISSUER = { kk: 'берген орган', ru: 'орган выдачи' };

function idDocumentText(
  document: ConsentFormInput['representative']['idDocument'],
  language: UiLanguage,
): string {
  if (!document?.number.trim()) return '';
  const issuedOn = formatDate(document.issuedOn);
  return [
    `${REPORT_WORDS[language].idDocuments[document.type]} № ${document.number.trim()}`,
    issuedOn ? ISSUED[language](issuedOn) : '',
    document.issuer?.trim() ? `${ISSUER[language]}: ${document.issuer.trim()}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

const inLanguage = (value: Bilingual | null | undefined, language: UiLanguage) =>
  ((language === 'ru' && value?.ru?.trim()) || value?.kk || '').trim();

/** The template's {{fields}} for one language: every value as printed, a blank line if unknown. */
export function consentFields(
  input: ConsentFormInput,
  language: UiLanguage,
  template: ConsentTemplate = loadTemplateFile(CONSENT_TEMPLATE, ConsentTemplate),
): Record<string, string> {
  const { organisation: org, representative: rep, child } = input;
  const date = formatDate(input.date);
  const filled: Record<string, string> = {
    place: inLanguage(org.city, language),
    date: date || template[language].blankDate,
    'org.name': inLanguage(org.name, language),
    'org.bin': org.bin,
    'org.address': inLanguage(org.address, language),
    'rep.fullName': fullName(rep),
    'rep.iin': rep.iin,
    'rep.idDocument': idDocumentText(rep.idDocument, language),
    'rep.address': rep.address ?? '',
    'rep.phone': rep.phone ?? '',
    'rep.relation': rep.relation
      ? REPORT_WORDS[language].relations[rep.relation].toLocaleLowerCase(language)
      : '',
    'child.fullName': fullName(child),
    'child.iin': child.iin,
    'child.birthDate': formatDate(child.birthDate),
  };
  for (const [key, value] of Object.entries(filled)) filled[key] = value.trim() || BLANK;
  // Not the signer's to write in: an unknown version is a dash (fill's default).
  filled['template.version'] = template.version;
  filled['rules.version'] = input.rulesVersion?.trim() ?? '';
  return filled;
}

/** Body sizes tried, largest first, so that a language's text fits on its one page. */
const BODY_SIZES = [9.5, 9, 8.5, 8];

function layOut(
  doc: PdfDocumentBuilder,
  page: ConsentTemplate['kk'],
  fields: Record<string, string>,
  size: number,
): void {
  doc.paragraph(fill(page.title, fields), { bold: true, size: size + 3.5, align: 'center' });
  if (page.subtitle) doc.paragraph(fill(page.subtitle, fields), { size, align: 'center' });
  doc.paragraph(fill(page.placeAndDate, fields), { size, align: 'right' });
  for (const section of page.sections) doc.paragraph(fill(section, fields), { size });
  doc.spacer(2);
  doc.signatureBlock(
    [page.signatures.representative, page.signatures.operator].map((party) => ({
      title: fill(party.title, fields),
      lines: party.lines.map((line) => fill(line, fields)),
    })),
  );
  doc.paragraph(fill(page.versionLine, fields), { size: 7 });
}

const create = (input: ConsentFormInput, title: string, language: UiLanguage) =>
  PdfDocumentBuilder.create({
    // The form's name only: no personal data in a PDF's title.
    title,
    language,
    ...(input.creationDate ? { creationDate: input.creationDate } : {}),
  });

/**
 * The consent form as an A4 PDF: the chosen language's page, or the Kazakh then the Russian.
 * Each language is set in the largest body size that keeps it on one page; a form whose values
 * are too long even for the smallest flows on to a second page (wrapped, never cut).
 */
export async function renderConsentForm(input: ConsentFormInput): Promise<Uint8Array> {
  const template = loadTemplateFile(CONSENT_TEMPLATE, ConsentTemplate);
  const languages: UiLanguage[] = input.language === 'both' ? ['kk', 'ru'] : [input.language];
  const pages = await Promise.all(
    languages.map(async (language) => {
      const page = template[language];
      const fields = consentFields(input, language, template);
      let size = BODY_SIZES.at(-1)!;
      for (const candidate of BODY_SIZES) {
        const trial = await create(input, page.title, language);
        layOut(trial, page, fields, candidate);
        if (trial.pageCount === 1) {
          size = candidate;
          break;
        }
      }
      return { page, fields, size };
    }),
  );
  const doc = await create(
    input,
    languages.map((language) => template[language].title).join(' / '),
    languages[0]!,
  );
  pages.forEach(({ page, fields, size }, index) => {
    if (index > 0) doc.nextDocument();
    layOut(doc, page, fields, size);
  });
  return doc.finish();
}
