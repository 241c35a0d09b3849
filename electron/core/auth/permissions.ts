import type { DocumentType, StaffRole } from '../vocabulary/enums';

/**
 * What each role may do (ARCHITECTURE §1). The core checks these per handler; the UI only
 * hides what the core would refuse anyway, asking this same table (`roleMay`): Node-free, so
 * the renderer imports it (eslint.config.js), never a copy.
 */
export const PERMISSIONS = [
  'staff.manage',
  'settings.manage',
  'audit.read',
  'backup.run',
  'children.read',
  'children.write',
  /**
   * Every privileged category of a child with its proof document and validity (queue
   * priority, fee reductions). Without it only the categories in auth/visibility.ts's
   * GROUP_STAFF_PRIVILEGES are seen, by name.
   */
  'privileges.read',
  'documents.read',
  'documents.write',
  'health.read',
  'health.write',
  'portfolio.read',
  'portfolio.write',
  'attendance.read',
  'attendance.write',
  /**
   * Close and reopen a group's month, set the working-day calendar, answer parents'
   * disputes: the director's alone.
   */
  'attendance.close',
  'contracts.read',
  'contracts.write',
  /**
   * Sign a contract with the organisation's qualified e-signature through NCALayer (issue 17)
   * and hand out the signed files: the head's signature binds the kindergarten.
   */
  'contracts.sign',
  /** Parental fees: settings, reductions, the fee sheet, payments, balances and debtors. */
  'fees.read',
  'fees.write',
  'bankDetails.read',
  'sync.run',
  /** Enrol the device, accept referrals, resolve sync conflicts. */
  'sync.manage',
  /** The subject-access report: everything held about one child. */
  'children.export',
  /**
   * The director's overview (issue 15): its to-do lists and its other parts each follow the
   * permission of what they show (contracts, fees, privileges, health, portfolio).
   */
  'reports.overview',
  /**
   * Anonymous counts: the overview's children by group, age, language, status and privilege,
   * capacity and attendance rates, and the anonymised statistics export.
   */
  'reports.stats',
  /** Saving a list of children's personal data as a file (.xlsx): it leaves the app. */
  'reports.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const teacher: Permission[] = [
  'children.read',
  'portfolio.read',
  'portfolio.write',
  'attendance.read',
  'attendance.write',
];

export const ROLE_PERMISSIONS: Record<StaffRole, ReadonlySet<Permission>> = {
  director: new Set(PERMISSIONS),
  methodist: new Set<Permission>([
    ...teacher,
    'reports.overview',
    'reports.stats',
    'reports.export',
  ]),
  teacher: new Set(teacher),
  nurse: new Set<Permission>([
    'children.read',
    'privileges.read',
    'health.read',
    'health.write',
    'documents.read',
    'documents.write',
    'attendance.read',
    'attendance.write',
    'reports.export',
  ]),
  accountant: new Set<Permission>([
    'children.read',
    'privileges.read',
    'contracts.read',
    'contracts.write',
    'bankDetails.read',
    'attendance.read',
    'fees.read',
    'fees.write',
    'reports.overview',
    'reports.export',
  ]),
};

export function roleMay(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

type DocumentFamily = 'health' | 'portfolio' | 'attendance' | 'documents' | 'contracts';

/** Which permission family guards a document: its type decides who may see or add it. */
const DOCUMENT_FAMILY: Record<DocumentType, DocumentFamily> = {
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
  e_contract: 'contracts',
  e_signature: 'contracts',
  health_passport_page: 'health',
  medical_card_page: 'health',
};

/** The permission to see (`read`) or add and remove (`write`) a document of this type. */
export const documentPermission = (type: DocumentType, act: 'read' | 'write'): Permission =>
  `${DOCUMENT_FAMILY[type]}.${act}`;
