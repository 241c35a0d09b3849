import type { StaffRole } from '../../../db/schema';

/**
 * What each role may do (ARCHITECTURE §1). The core checks these per handler; the UI only
 * hides what the core would refuse anyway.
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
  'contracts.read',
  'contracts.write',
  'bankDetails.read',
  'sync.run',
  /** Enrol the device, accept referrals, resolve sync conflicts. */
  'sync.manage',
  /** The subject-access report: everything held about one child. */
  'children.export',
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
  methodist: new Set(teacher),
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
  ]),
  accountant: new Set<Permission>([
    'children.read',
    'privileges.read',
    'contracts.read',
    'contracts.write',
    'bankDetails.read',
    'attendance.read',
  ]),
};

export function roleMay(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
