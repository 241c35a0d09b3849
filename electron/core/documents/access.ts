import type { DocumentType } from '../vocabulary/enums';
import { documentPermission, type Permission } from '../auth/permissions';

/** Which permission guards a document (auth/permissions.ts: its type's family). */
export const readPermission = (type: DocumentType): Permission => documentPermission(type, 'read');
export const writePermission = (type: DocumentType): Permission =>
  documentPermission(type, 'write');
