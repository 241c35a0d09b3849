import { createHash } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import {
  childRepresentatives,
  children,
  consents,
  contracts,
  groups,
  representatives,
} from '../../../db/schema';
import { readOrgSettings } from '../settings/org-settings';
import { payerAsSeen, representativeAsSeen, type May } from '../auth/visibility';
import { fullName } from '../children/fields';
import { readContractTerms } from './terms';

/** Fields that may stay empty; every other field must be filled before a contract is printed. */
const OPTIONAL = new Set([
  'rep.phoneExtra',
  'rep.email',
  'rep.workplace',
  'rep.position',
  'payer.bank',
  'payer.iban',
]);

const RELATION = {
  kk: {
    mother: 'анасы',
    father: 'әкесі',
    guardian: 'қорғаншысы',
    trustee: 'қамқоршысы',
    other: 'заңды өкілі',
  },
  ru: {
    mother: 'матерью',
    father: 'отцом',
    guardian: 'опекуном',
    trustee: 'попечителем',
    other: 'законным представителем',
  },
} as const;
const ID_DOCUMENT = {
  id_card: 'жеке куәлік / удостоверение личности',
  passport: 'паспорт',
  residence_permit: 'ықтиярхат / вид на жительство',
  other: 'құжат / документ',
} as const;
const LANGUAGE = {
  kk: { kk: 'қазақ', ru: 'казахском' },
  ru: { kk: 'орыс', ru: 'русском' },
} as const;

/** dd.mm.yyyy, as contracts are dated in Kazakhstan. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

export interface ContractContent {
  /** Every value the contract prints, by field key, in canonical (sorted) order. */
  fields: Record<string, string>;
  /** Required fields that are empty: the contract cannot be printed until they are filled. */
  missing: string[];
  /** Fields shown as WITHHELD because the role may not see them (see auth/visibility.ts). */
  withheld: string[];
}

/** What a preview shows in place of a detail the role may not see. */
export const WITHHELD = '***';

const everything: May = () => true;

/**
 * The contract's content as the store holds it now; with `may`, as that role may see it (what
 * it may not see is WITHHELD): the same rules as the child's file.
 */
export function contractContent(
  store: ReadableStore,
  contractId: string,
  may: May = everything,
): ContractContent {
  const { db } = store;
  const contract = payerAsSeen(
    may,
    db.select().from(contracts).where(eq(contracts.id, contractId)).get()!,
  );
  const child = db.select().from(children).where(eq(children.id, contract.childId)).get()!;
  const rep = representativeAsSeen(
    may,
    db
      .select()
      .from(representatives)
      .where(eq(representatives.id, contract.representativeId))
      .get()!,
  );
  const link = db
    .select()
    .from(childRepresentatives)
    .where(
      and(
        eq(childRepresentatives.childId, child.id),
        eq(childRepresentatives.representativeId, rep.id),
      ),
    )
    .get();
  const group = child.groupId
    ? db.select().from(groups).where(eq(groups.id, child.groupId)).get()
    : undefined;
  const org = readOrgSettings(store);
  // The current consent: a withdrawn one is kept in the file but no longer counts.
  const consent = db
    .select()
    .from(consents)
    .where(
      and(
        eq(consents.childId, child.id),
        eq(consents.representativeId, rep.id),
        isNull(consents.withdrawnOn),
      ),
    )
    .orderBy(desc(consents.givenOn))
    .get();
  const terms = readContractTerms(store);
  const relation = link?.relation;
  const raw: Record<string, string | null | undefined> = {
    'contract.number': contract.number,
    'contract.date': formatDate(contract.date),
    'contract.place': org.cityKk,
    'contract.placeRu': org.cityRu,
    'contract.termFrom': formatDate(contract.termFrom),
    'contract.termUntil': formatDate(contract.termUntil),
    'contract.templateVersion': contract.templateVersion,
    'org.name': org.nameKk,
    'org.nameRu': org.nameRu,
    'org.bin': org.bin,
    'org.address': org.addressKk,
    'org.addressRu': org.addressRu,
    'org.director': org.directorName,
    'org.phone': org.phone,
    'org.bank': org.bankName,
    'org.iban': org.iban,
    'org.bic': org.bic,
    'rep.fullName': fullName(rep),
    'rep.iin': rep.iin,
    'rep.idDocument':
      rep.idDocumentType === null || rep.idDocumentNumber === null
        ? WITHHELD
        : [
            ID_DOCUMENT[rep.idDocumentType],
            `№ ${rep.idDocumentNumber}`,
            formatDate(rep.idDocumentIssuedOn),
            rep.idDocumentIssuer,
          ]
            .filter(Boolean)
            .join(', '),
    'rep.address': rep.address,
    'rep.phone': rep.phone,
    'rep.phoneExtra': rep.phoneExtra,
    'rep.email': rep.email,
    'rep.workplace': rep.workplace,
    'rep.position': rep.position,
    'rep.relation': relation ? RELATION.kk[relation] : null,
    'rep.relationRu': relation ? RELATION.ru[relation] : null,
    'rep.authorityDocument': link?.authorityDocument,
    'child.fullName': fullName(child),
    'child.iin': child.iin,
    'child.birthDate': formatDate(child.birthDate),
    'child.birthCertificate': child.birthCertificateNumber
      ? [
          `№ ${child.birthCertificateNumber}`,
          formatDate(child.birthCertificateDate),
          child.birthCertificateIssuer,
        ]
          .filter(Boolean)
          .join(', ')
      : null,
    'child.registeredAddress': child.registeredAddress,
    'child.actualAddress': child.actualAddress,
    'group.name': group?.name,
    'group.language': group ? LANGUAGE[group.language].kk : null,
    'group.languageRu': group ? LANGUAGE[group.language].ru : null,
    'referral.number': child.referralNumber,
    'regime.kk': terms.regimeKk,
    'regime.ru': terms.regimeRu,
    'fee.monthly':
      terms.monthlyFee > 0 ? terms.monthlyFee.toLocaleString('ru-RU').replace(/\s/g, ' ') : null,
    'fee.dueDay': String(terms.paymentDueDay),
    'payer.bank': contract.bankDetailsWithheld ? WITHHELD : contract.payerBank,
    'payer.iban': contract.bankDetailsWithheld ? WITHHELD : contract.payerIban,
    'consent.rulesVersion': consent?.rulesVersion,
    'consent.givenOn': formatDate(consent?.givenOn),
  };
  const fields: Record<string, string> = {};
  const missing: string[] = [];
  for (const key of Object.keys(raw).sort()) {
    const value = (raw[key] ?? '').trim();
    if (!value && !OPTIONAL.has(key)) missing.push(key);
    fields[key] = value;
  }
  const withheld = [
    ...(rep.idDocumentNumber === null ? ['rep.idDocument'] : []),
    ...(contract.bankDetailsWithheld ? ['payer.bank', 'payer.iban'] : []),
  ];
  return { fields, missing, withheld };
}

/** SHA-256 over the canonical content: the fields in key order, as JSON. */
export function contentHash(fields: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((key) => [key, fields[key]]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Today's content limited to the fields the printed copy carried: a field that a later version
 * of the app added to the content (e.g. the organisation's Russian name) was not on that paper,
 * so it can neither differ from it nor change its hash.
 */
export function currentAsPrinted(
  printed: Record<string, string>,
  current: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(printed)
      .filter((key) => key in current)
      .map((key) => [key, current[key]!]),
  );
}

/** Field keys whose values differ between two versions of a contract's content. */
export function differingFields(
  printed: Record<string, string>,
  current: Record<string, string>,
): string[] {
  const keys = new Set([...Object.keys(printed), ...Object.keys(current)]);
  return [...keys].filter((key) => printed[key] !== current[key]).sort();
}

/** The QR code's text: contract number and content hash; nothing personal. */
export function qrPayload(number: string, hash: string): string {
  return `BQC1|${number}|${hash}`;
}

export function parseQrPayload(text: string): { number: string; hash: string } | null {
  const match = /^BQC1\|([0-9]{4}-[0-9]{4,})\|([0-9a-f]{64})$/.exec(text.trim());
  return match ? { number: match[1]!, hash: match[2]! } : null;
}
