import type { MethodInput, StaffRole } from '../../../../electron/core/api';
import { documentPermission, roleMay } from '../../../../electron/core/auth/permissions';

export type ChildTab =
  'general' | 'representatives' | 'documents' | 'health' | 'portfolio' | 'history';
export type DocumentType = MethodInput<'documents.import'>['type'];

/**
 * What the child page offers each role, read from the core's own permission table (roleMay):
 * only to hide what the core would refuse anyway; the core checks every call itself.
 */
const TAB_SHOWN: Record<ChildTab, (role: StaffRole) => boolean> = {
  general: (role) => roleMay(role, 'children.read'),
  representatives: (role) => roleMay(role, 'children.read'),
  // The documents a role may see depend on their type; the tab is for the roles that keep
  // personal, health or portfolio documents (not the accountant: a contract's scan is hers
  // on the contracts page).
  documents: (role) =>
    roleMay(role, 'documents.read') ||
    roleMay(role, 'health.read') ||
    roleMay(role, 'portfolio.read'),
  health: (role) => roleMay(role, 'health.read'),
  portfolio: (role) => roleMay(role, 'portfolio.read'),
  // The history is the child's part of the audit log (`children.history` needs audit.read).
  history: (role) => roleMay(role, 'audit.read'),
};
const TAB_ORDER = Object.keys(TAB_SHOWN) as ChildTab[];

export const tabsFor = (role: StaffRole): readonly ChildTab[] =>
  TAB_ORDER.filter((tab) => TAB_SHOWN[tab](role));

/** Who edits a child's file, enrols and archives (children.write: the director). */
export const editsChildren = (role: StaffRole): boolean => roleMay(role, 'children.write');

/**
 * The document types the documents tab offers to add, in the order offered; a role gets those
 * its permissions let it write (documentPermission). A contract's signed scan is added on the
 * contracts page, not here.
 */
const OFFERED_DOCUMENTS: readonly DocumentType[] = [
  'child_photo',
  'portfolio_file',
  'birth_certificate_copy',
  'id_copy',
  'authority_document_copy',
  'privilege_proof',
  'representative_photo',
  'previous_personal_file',
  'other',
  'health_passport_page',
  'medical_card_page',
  'absence_reason',
];

/** The document types a role may add (the core's documents/health/portfolio/attendance.write). */
export const importableTypes = (role: StaffRole): readonly DocumentType[] =>
  OFFERED_DOCUMENTS.filter((type) => roleMay(role, documentPermission(type, 'write')));
