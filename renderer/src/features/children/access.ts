import type { MethodInput, StaffRole } from '../../../../electron/core/api';

export type ChildTab =
  'general' | 'representatives' | 'documents' | 'health' | 'portfolio' | 'history';
export type DocumentType = MethodInput<'documents.import'>['type'];

/**
 * What the child page offers each role. It mirrors the core's permissions only to hide what
 * the core would refuse anyway: the core checks every call itself.
 */
const TABS: Record<StaffRole, readonly ChildTab[]> = {
  // The history is the child's part of the audit log (`children.history` needs audit.read).
  director: ['general', 'representatives', 'documents', 'health', 'portfolio', 'history'],
  nurse: ['general', 'representatives', 'documents', 'health'],
  teacher: ['general', 'representatives', 'documents', 'portfolio'],
  methodist: ['general', 'representatives', 'documents', 'portfolio'],
  accountant: ['general', 'representatives'],
};

export const tabsFor = (role: StaffRole): readonly ChildTab[] => TABS[role];

/** Only the director edits a child's file, enrols and archives (children.write). */
export const editsChildren = (role: StaffRole): boolean => role === 'director';

const PERSONAL_DOCUMENTS: DocumentType[] = [
  'birth_certificate_copy',
  'id_copy',
  'authority_document_copy',
  'privilege_proof',
  'representative_photo',
  'previous_personal_file',
  'other',
];
const HEALTH_DOCUMENTS: DocumentType[] = ['health_passport_page', 'medical_card_page'];
const PORTFOLIO_DOCUMENTS: DocumentType[] = ['child_photo', 'portfolio_file'];

/** The document types a role may add (the core's documents/health/portfolio.write). */
const IMPORTABLE: Record<StaffRole, readonly DocumentType[]> = {
  director: [...PORTFOLIO_DOCUMENTS, ...PERSONAL_DOCUMENTS, ...HEALTH_DOCUMENTS, 'absence_reason'],
  nurse: [...PERSONAL_DOCUMENTS, ...HEALTH_DOCUMENTS, 'absence_reason'],
  teacher: [...PORTFOLIO_DOCUMENTS, 'absence_reason'],
  methodist: [...PORTFOLIO_DOCUMENTS, 'absence_reason'],
  accountant: [],
};

export const importableTypes = (role: StaffRole): readonly DocumentType[] => IMPORTABLE[role];
