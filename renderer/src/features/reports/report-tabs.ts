import { roleMay, type Permission } from '../../../../electron/core/auth/permissions';
import type { StaffRole } from '../../../../electron/core/vocabulary/enums';

export type ReportTab = 'overview' | 'lists' | 'stats';

/** Each tab is shown to the roles whose core methods it calls (the core checks again). */
const TAB_PERMISSION: Record<ReportTab, Permission> = {
  overview: 'reports.overview',
  lists: 'children.read',
  stats: 'reports.stats',
};
const TAB_ORDER = Object.keys(TAB_PERMISSION) as ReportTab[];

/**
 * The Reports tabs a role sees, in order: the methodist Overview, Lists and Statistics; the
 * accountant Overview (its money and to-do parts: the core sends only those) and Lists.
 */
export const reportTabs = (role: StaffRole): ReportTab[] =>
  TAB_ORDER.filter((tab) => roleMay(role, TAB_PERMISSION[tab]));
