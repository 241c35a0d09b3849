import type { StaffRole } from '../../../../electron/core/api';
import { roleMay } from '../../../../electron/core/auth/permissions';

/**
 * What the sync UI offers each role, from the core's permission table: only to hide what the
 * core would refuse anyway (`sync.run`, `sync.manage`); the core checks every call.
 */
export const runsSync = (role: StaffRole): boolean => roleMay(role, 'sync.run');
export const managesSync = (role: StaffRole): boolean => roleMay(role, 'sync.manage');
