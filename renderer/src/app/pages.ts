import type { StaffRole } from '../../../electron/core/api';
import { roleMay, type Permission } from '../../../electron/core/auth/permissions';

export type Page =
  | 'children'
  | 'attendance'
  | 'contracts'
  | 'fees'
  | 'reports'
  | 'portal'
  | 'staff'
  | 'settings'
  | 'audit';

/**
 * The permission each page's core methods need (null: every signed-in role; the portal page
 * shows the sync status, its actions ask sync/access.ts). Read from the core's own table.
 */
const PAGE_PERMISSION: Record<Page, Permission | null> = {
  children: 'children.read',
  attendance: 'attendance.read',
  contracts: 'contracts.read',
  fees: 'fees.read',
  // Every role: the Lists tab needs children.read, the others ask for their own permission.
  reports: 'children.read',
  portal: null,
  staff: 'staff.manage',
  settings: 'settings.manage',
  audit: 'audit.read',
};
const PAGE_ORDER = Object.keys(PAGE_PERMISSION) as Page[];

/** Navigation by role: only pages whose core methods the role may call are offered. */
export const pagesFor = (role: StaffRole): Page[] =>
  PAGE_ORDER.filter((page) => {
    const permission = PAGE_PERMISSION[page];
    return permission === null || roleMay(role, permission);
  });
