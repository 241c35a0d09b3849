import type { MethodInput } from '../../../../electron/core/api';
import { roleMay } from '../../../../electron/core/auth/permissions';
import type { StaffRole } from '../../../../electron/core/vocabulary/enums';

/** What `reports.list` is asked (its PDF, print and .xlsx take the same, plus a language). */
export type ListQuery = MethodInput<'reports.list'>;
export type ListKind = ListQuery['kind'];

/** The kinds in the order offered; allergies only to roles that read health (the core checks). */
export const LIST_KINDS = [
  'children',
  'contacts',
  'birthdays',
  'allergies',
] as const satisfies readonly ListKind[];

/** The filters chosen on the tab, kept while a child's record is open from a row. */
export interface ListView {
  kind: ListKind;
  groupId: string;
  /** A child status or 'all'. */
  status: string;
  /** 'MM', for birthdays. */
  month: string;
  /** null = the kind's default columns, as the core chooses them. */
  columns: string[] | null;
}

export const firstListView = (now = new Date()): ListView => ({
  kind: 'children',
  groupId: '',
  status: 'enrolled',
  month: String(now.getMonth() + 1).padStart(2, '0'),
  columns: null,
});

/** The view as the core's query: only what is chosen, the month only for birthdays. */
export function queryOf(view: ListView): ListQuery {
  return {
    kind: view.kind,
    ...(view.groupId && { groupId: view.groupId }),
    status: view.status as NonNullable<ListQuery['status']>,
    ...(view.kind === 'birthdays' && { month: view.month }),
    ...(view.columns && { columns: view.columns }),
  } as ListQuery;
}

/**
 * The columns after one is ticked or unticked: in the order the core offers them, never none
 * (the last one stays ticked).
 */
export function toggledColumns(
  available: readonly string[],
  shown: readonly string[],
  key: string,
  on: boolean,
): string[] {
  const next = new Set(shown);
  if (on) next.add(key);
  else next.delete(key);
  const ordered = available.filter((column) => next.has(column));
  return ordered.length ? ordered : [...shown];
}

/**
 * A saved list's file name: what list, which group, the day — never a person's name. Characters
 * a file system refuses are replaced.
 */
export function listFileName(kind: string, group: string, date: string, extension: string) {
  const base = [kind, group, date].join(' — ').replace(/[\\/:*?"<>|]/g, '_');
  return `${base}.${extension}`;
}

/**
 * What the role may do with a list: print it (everyone who reads children), and save it as a
 * file — PDF or .xlsx — only with `reports.export` (a saved file leaves the program).
 */
export const listOutputs = (role: StaffRole) => ({
  print: roleMay(role, 'children.read'),
  pdf: roleMay(role, 'reports.export'),
  xlsx: roleMay(role, 'reports.export'),
});
