import type { Permission } from './permissions';

/**
 * What a role may see of the data a method returns, beyond the method's own permission: one
 * rule per kind of detail, used by every method that returns it (the child's file, the
 * contract preview, a representative lookup), so a detail hidden in one place is hidden in
 * all. Each takes `may` (the handler context's `ctx.may`) and returns the value as that role
 * may see it; a withheld detail is `null`.
 */
export type May = (permission: Permission) => boolean;

/** Identity-document details are for staff who handle documents. */
export const ID_DOCUMENT_PERMISSION: Permission = 'documents.read';

interface IdDocument {
  idDocumentType: string;
  idDocumentNumber: string;
  idDocumentIssuedOn: string | null;
  idDocumentIssuer: string | null;
}
type Withheld<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };

/** A representative as the signed-in role may see them: identity documents only with `documents.read`. */
export function representativeAsSeen<T extends IdDocument>(
  may: May,
  representative: T,
): Withheld<T, keyof IdDocument> {
  if (may(ID_DOCUMENT_PERMISSION)) return representative;
  return {
    ...representative,
    idDocumentType: null,
    idDocumentNumber: null,
    idDocumentIssuedOn: null,
    idDocumentIssuer: null,
  };
}

interface PayerBankDetails {
  payerIban: string | null;
  payerBank: string | null;
}

/**
 * A contract's payer bank details (the family's account) only with `bankDetails.read`. The
 * organisation's own bank details are public: every contract prints them for paying the fee.
 */
export function payerAsSeen<T extends PayerBankDetails>(
  may: May,
  contract: T,
): T & { bankDetailsWithheld: boolean } {
  if (may('bankDetails.read')) return { ...contract, bankDetailsWithheld: false };
  return { ...contract, payerIban: null, payerBank: null, bankDetailsWithheld: true };
}

/**
 * Privileged categories a role without `privileges.read` (teachers, methodists) sees: only
 * those that change how the child is taught and looked after in the group, by name, without
 * the proof document or its validity. A category not listed here (a new one from the portal
 * included) stays hidden from them. The README's permission section gives the reason for each.
 */
export const GROUP_STAFF_PRIVILEGES: ReadonlySet<string> = new Set(['special_needs', 'orphan']);

interface Privilege {
  categoryCode: string;
  documentNumber: string | null;
  validFrom: string | null;
  validUntil: string | null;
}

/** A child's privileges as the signed-in role may see them (see GROUP_STAFF_PRIVILEGES). */
export function privilegesAsSeen<T extends Privilege>(may: May, privileges: T[]): T[] {
  if (may('privileges.read')) return privileges;
  return privileges
    .filter((privilege) => GROUP_STAFF_PRIVILEGES.has(privilege.categoryCode))
    .map((privilege) => ({
      ...privilege,
      documentNumber: null,
      validFrom: null,
      validUntil: null,
    }));
}
