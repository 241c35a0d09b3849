import type { DocumentType } from '../../../db/schema';
import type { Permission } from '../auth/permissions';

type Category = 'health' | 'portfolio' | 'attendance' | 'documents' | 'contracts';

/** Which permission family guards a document: its type decides who may see or add it. */
const CATEGORY_OF: Record<DocumentType, Category> = {
  id_copy: 'documents',
  birth_certificate_copy: 'documents',
  authority_document_copy: 'documents',
  privilege_proof: 'documents',
  representative_photo: 'documents',
  previous_personal_file: 'documents',
  other: 'documents',
  child_photo: 'portfolio',
  portfolio_file: 'portfolio',
  absence_reason: 'attendance',
  signed_contract: 'contracts',
  health_passport_page: 'health',
  medical_card_page: 'health',
};

export const readPermission = (type: DocumentType): Permission => `${CATEGORY_OF[type]}.read`;
export const writePermission = (type: DocumentType): Permission => `${CATEGORY_OF[type]}.write`;
