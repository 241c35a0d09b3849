import { asc, eq } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import {
  auditLog,
  contracts,
  documents,
  portfolioEntries,
  staffAccounts,
  type UiLanguage,
} from '../../../db/schema';
import { PdfDocumentBuilder } from '../pdf/document';
import { formatDate } from '../contracts/content';
import { readAttachment } from '../vault/attachment-files';
import { REPORT_WORDS, type ReportWords } from './report-words';
import { CHILD_FIELDS, type ChildFieldSpec } from '../vocabulary/child-fields';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** dd.mm.yyyy HH:MM in the computer's own time, as the app's audit table shows it. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${pad(at.getDate())}.${pad(at.getMonth() + 1)}.${at.getFullYear()} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const joined = (parts: unknown[], separator = ', ') =>
  parts.filter((part) => part !== null && part !== undefined && part !== '').join(separator);

const fullName = (person: Record<string, unknown>) =>
  joined([person.lastName, person.firstName, person.patronymic], ' ');

/** A stored code as the reader says it; a code with no word (an old row) as the generic word. */
function wordFor<T extends string>(words: Record<T, string>, code: unknown, otherwise: string) {
  return typeof code === 'string' && code in words ? words[code as T] : otherwise;
}

/** "KZ" as "Қазақстан" / "Казахстан"; a citizenship typed out in words stays as typed. */
function citizenship(value: unknown, language: UiLanguage): string {
  if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) return String(value ?? '');
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(value) ?? value;
  } catch {
    return value;
  }
}

/** One health record's fields, labelled, with codes, yes/no and dates in the reader's words. */
function healthLine(words: ReportWords, item: Record<string, unknown>): string {
  return Object.entries(item)
    .filter(([key]) => !['id', 'childId', 'recordedBy'].includes(key))
    .map(([key, value]) => {
      let shown: string;
      if (value === null || value === undefined || value === '') shown = words.none;
      else if (typeof value === 'boolean') shown = value ? words.yes : words.no;
      else if (key === 'kind') shown = wordFor(words.allergyKinds, value, words.none);
      else if (key === 'peGroup') shown = wordFor(words.peGroups, value, words.none);
      else if (typeof value === 'string' && ISO_DATE.test(value)) shown = formatDate(value);
      else shown = String(value);
      const label = Object.hasOwn(words.health.fields, key) ? words.health.fields[key] : key;
      return `${label}: ${shown}`;
    })
    .join('; ');
}

const HEALTH_SECTIONS = [
  'passport',
  'allergies',
  'chronicConditions',
  'vaccinations',
  'anthropometry',
  'examinations',
  'medicalCard',
] as const;

/**
 * Everything held about one child, for the subject-access request a parent may make:
 * registry data, representatives, privileges, consents, documents (photos included),
 * health records, portfolio, contracts, and who accessed the file when. Wholly in the chosen
 * language (kk or ru): every stored code is shown as a word, dates as dd.mm.yyyy. No personal
 * data in the PDF's title.
 */
export async function subjectAccessReport(
  store: ReadableStore,
  dataDir: string,
  file: {
    child: Record<string, unknown> & { id: string };
    group: { name: string } | null;
    representatives: Record<string, unknown>[];
    privileges: Record<string, unknown>[];
    consents: Record<string, unknown>[];
  },
  health: Record<string, unknown[] | Record<string, unknown> | null>,
  generatedAt: Date,
  language: UiLanguage,
): Promise<Uint8Array> {
  const words = REPORT_WORDS[language];
  const row = (label: string, value: unknown): [string, string] => [
    label,
    value === null || value === undefined || value === '' ? words.none : String(value),
  ];
  const { child } = file;
  const doc = await PdfDocumentBuilder.create({
    title: words.title,
    language,
    creationDate: generatedAt,
  });
  doc.heading(words.heading, 1);
  doc.paragraph(`${words.generatedOn}: ${formatDate(generatedAt.toISOString())}`, { size: 9 });

  doc.heading(words.sections.child, 2);
  doc.keyValueTable([
    row(words.child.fullName, fullName(child)),
    row(words.child.iin, child.iin),
    row(words.child.birthDate, formatDate(child.birthDate as string)),
    row(words.child.sex, wordFor(words.sexes, child.sex, '')),
    row(words.child.citizenship, citizenship(child.citizenship, language)),
    row(
      words.child.birthCertificate,
      joined([
        child.birthCertificateNumber,
        formatDate(child.birthCertificateDate as string),
        child.birthCertificateIssuer,
      ]),
    ),
    row(words.child.registeredAddress, child.registeredAddress),
    row(words.child.actualAddress, child.actualAddress),
    row(words.child.status, wordFor(words.statuses, child.status, '')),
    row(words.child.enrolledOn, formatDate(child.enrolledOn as string | null)),
    row(words.child.leftOn, formatDate(child.leftOn as string | null)),
    row(words.child.group, file.group?.name),
    row(words.child.referral, child.referralNumber),
    // A field of the child's table with words of its own has a row of its own.
    ...(Object.entries(CHILD_FIELDS) as [string, ChildFieldSpec][]).flatMap(([name, spec]) =>
      spec.report
        ? [
            row(
              spec.report[language],
              spec.report.date ? formatDate(child[name] as string | null) : child[name],
            ),
          ]
        : [],
    ),
  ]);

  doc.heading(words.sections.representatives, 2);
  for (const rep of file.representatives) {
    doc.keyValueTable([
      row(words.rep.fullName, fullName(rep)),
      row(words.rep.iin, rep.iin),
      row(
        words.rep.relation,
        joined([
          wordFor(words.relations, rep.relation, ''),
          rep.isPrimary ? words.rep.primary : '',
        ]),
      ),
      row(
        words.rep.idDocument,
        joined([
          wordFor(words.idDocuments, rep.idDocumentType, ''),
          rep.idDocumentNumber,
          formatDate(rep.idDocumentIssuedOn as string | null),
          rep.idDocumentIssuer,
        ]),
      ),
      row(words.rep.authorityDocument, rep.authorityDocument),
      row(words.rep.phone, joined([rep.phone, rep.phoneExtra])),
      row(words.rep.email, rep.email),
      row(words.rep.work, joined([rep.workplace, rep.position])),
      row(words.rep.address, rep.address),
    ]);
  }

  doc.heading(words.sections.privileges, 2);
  const privilegeRows = file.privileges.map((p) =>
    row(
      String((language === 'kk' ? p.nameKk : p.nameRu) ?? ''),
      joined(
        [
          p.documentNumber ? `${words.privilege.document}: ${p.documentNumber}` : '',
          p.validFrom || p.validUntil
            ? `${words.privilege.validity}: ${formatDate(p.validFrom as string | null)}–${formatDate(p.validUntil as string | null)}`
            : '',
          `${words.privilege.confirmation}: ${wordFor(words.confirmations, p.confirmation, words.none)}`,
        ],
        '; ',
      ),
    ),
  );
  const consentRows = file.consents.map((c) => {
    const by = file.representatives.find((rep) => rep.id === c.representativeId);
    return row(
      words.consent.title,
      joined(
        [
          words.consent.text(
            String(c.rulesVersion),
            formatDate(c.givenOn as string),
            by ? fullName(by) : words.none,
          ),
          // A withdrawn consent is kept: shown with both days.
          c.withdrawnOn ? words.consent.withdrawn(formatDate(c.withdrawnOn as string)) : '',
        ],
        '; ',
      ),
    );
  });
  const rows = [...privilegeRows, ...consentRows];
  doc.keyValueTable(rows.length ? rows : [row(words.none, words.none)]);

  doc.heading(words.sections.health, 2);
  for (const section of HEALTH_SECTIONS) {
    const value = health[section];
    const items = Array.isArray(value) ? value : value ? [value] : [];
    if (!items.length) continue;
    doc.paragraph(words.health[section], { bold: true });
    for (const item of items)
      doc.paragraph(healthLine(words, item as Record<string, unknown>), { size: 9 });
  }

  doc.heading(words.sections.portfolio, 2);
  for (const entry of store.db
    .select()
    .from(portfolioEntries)
    .where(eq(portfolioEntries.childId, child.id))
    .orderBy(asc(portfolioEntries.date))
    .all()) {
    doc.paragraph(
      `${formatDate(entry.date)} · ${wordFor(words.areas, entry.area, words.none)} · ${entry.title}${entry.text ? ` — ${entry.text}` : ''}`,
      { size: 9 },
    );
  }

  doc.heading(words.sections.contracts, 2);
  for (const contract of store.db
    .select()
    .from(contracts)
    .where(eq(contracts.childId, child.id))
    .all()) {
    doc.paragraph(
      words.contract(
        contract.number,
        formatDate(contract.date),
        wordFor(words.contractStatuses, contract.status, words.none),
      ),
      { size: 9 },
    );
  }

  doc.heading(words.sections.documents, 2);
  for (const document of store.db
    .select()
    .from(documents)
    .where(eq(documents.childId, child.id))
    .all()) {
    doc.paragraph(
      `${wordFor(words.documentTypes, document.type, words.none)}: ${document.title} (${formatDate(document.createdAt)})`,
      { size: 9 },
    );
    if (document.type === 'child_photo' && document.thumbnailId) {
      await doc.image(readAttachment(store, dataDir, document.thumbnailId).bytes, { widthMm: 30 });
    }
  }

  doc.heading(words.sections.accesses, 2);
  const accesses = store.db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      outcome: auditLog.outcome,
      who: staffAccounts.displayName,
    })
    .from(auditLog)
    .leftJoin(staffAccounts, eq(staffAccounts.id, auditLog.actorId))
    .where(eq(auditLog.entityId, child.id))
    .orderBy(asc(auditLog.seq))
    .all();
  for (const access of accesses)
    doc.paragraph(
      joined(
        [
          formatDateTime(access.at),
          Object.hasOwn(words.actions, access.action)
            ? words.actions[access.action]
            : words.audit.unknownAction,
          access.who ?? words.audit.system,
          access.outcome === 'denied' ? words.audit.denied : '',
        ],
        ' · ',
      ),
      { size: 8 },
    );
  return doc.finish();
}
