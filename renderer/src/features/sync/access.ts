import type { StaffRole } from '../../../../electron/core/api';

/**
 * What the sync UI offers each role. It mirrors the core's permissions only to hide what the
 * core would refuse anyway (`sync.run`, `sync.manage`: the director); the core checks every call.
 */
export const runsSync = (role: StaffRole): boolean => role === 'director';
export const managesSync = (role: StaffRole): boolean => role === 'director';
