import type { ReadableStore } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import type { AgeGroup, ChildStatus, GroupLanguage, PRIVILEGE_KINDS } from '../vocabulary/enums';
import type { ChildFact, GroupFact, PrivilegeCategoryFact, StatsInput } from './anonymised';

/**
 * The facts the statistics and the overview count, read from the store in three statements:
 * the children grouped by those facts, the groups and the privilege categories. Nothing
 * personal leaves this module, nor even one child: a fact is a group, status, age in whole
 * years and privilege codes, and how many children share it (anonymised.ts ChildFact).
 *
 * Which children count (the kindergarten's children today): a file that is not archived, is
 * in a group, and whose status is `enrolled` (attends) or `referred` (the referral was
 * accepted for that group: the place is taken, the child is coming). A `withdrawn` or
 * `graduated` child has left and keeps its group only as history, so it is not counted; the
 * statuses table therefore shows those two as 0 (every category of the closed list is listed).
 *
 * Which privileges count: `confirmed` ones valid on the report's day (valid_from on or before
 * it, valid_until on or after it; an open end is no limit). A pending or rejected claim is not
 * a privilege the kindergarten applies.
 */

/** The statuses counted as the kindergarten's children (see above). */
export const COUNTED_STATUSES = ['enrolled', 'referred'] as const satisfies readonly ChildStatus[];

/** SQL condition on `children` aliased `c`: the counted children (see above). */
export const COUNTED_CHILD_SQL = `c.archived = 0 AND c.group_id IS NOT NULL AND c.status IN (${COUNTED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

interface FactRow {
  status: ChildStatus;
  ageYears: number;
  groupId: string;
  /** The child's counted privilege codes, sorted, comma-joined; null: none. */
  privileges: string | null;
  count: number;
}

interface GroupRow {
  id: string;
  name: string;
  ageGroup: AgeGroup;
  language: GroupLanguage;
  active: number;
}

interface CategoryRow {
  code: string;
  kind: (typeof PRIVILEGE_KINDS)[number];
  kk: string;
  ru: string;
  active: number;
}

/** Whole years from a yyyy-mm-dd birth date to a yyyy-mm-dd day (a birthday counts on its day). */
export function wholeYears(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5, 10) < birthDate.slice(5, 10) ? years - 1 : years;
}

/** wholeYears as SQL, of `birth` (a column) to `@today`: the children are counted in SQL. */
export const wholeYearsSql = (birth: string) =>
  `(CAST(substr(@today, 1, 4) AS INTEGER) - CAST(substr(${birth}, 1, 4) AS INTEGER)
     - (substr(@today, 6, 5) < substr(${birth}, 6, 5)))`;

export function readStatsInput(store: ReadableStore, today: string): StatsInput {
  // The children grouped by everything the statistics count (at 10,000 children a few
  // thousand rows, read from the children_counted index; a child's privileges by
  // child_privileges_child).
  const rows = statement(
    store,
    `SELECT c.group_id AS groupId, c.status AS status, ${wholeYearsSql('c.birth_date')} AS ageYears,
            (SELECT group_concat(code) FROM (
               SELECT DISTINCT p.category_code AS code FROM child_privileges p
                WHERE p.child_id = c.id AND p.confirmation = 'confirmed'
                  AND (p.valid_from IS NULL OR p.valid_from <= @today)
                  AND (p.valid_until IS NULL OR p.valid_until >= @today)
                ORDER BY code)) AS privileges,
            COUNT(*) AS count
       FROM children c WHERE ${COUNTED_CHILD_SQL}
      GROUP BY 1, 2, 3, 4`,
  ).all({ today }) as FactRow[];
  const groupRows = statement(
    store,
    `SELECT id, name, age_group AS ageGroup, language, active FROM groups`,
  ).all() as GroupRow[];
  const categoryRows = statement(
    store,
    `SELECT code, kind, name_kk AS kk, name_ru AS ru, active FROM privilege_categories`,
  ).all() as CategoryRow[];

  const groupById = new Map<string, GroupFact>();
  for (const group of groupRows)
    groupById.set(group.id, {
      name: group.name,
      ageGroup: group.ageGroup,
      language: group.language,
    });
  const children: ChildFact[] = [];
  const groupsWithChildren = new Set<string>();
  const held = new Set<string>();
  for (const row of rows) {
    const group = groupById.get(row.groupId);
    if (!group) continue; // a foreign key keeps this from happening
    groupsWithChildren.add(row.groupId);
    const privileges = row.privileges ? row.privileges.split(',') : [];
    for (const code of privileges) held.add(code);
    children.push({
      group,
      status: row.status,
      ageYears: row.ageYears,
      privileges,
      count: row.count,
    });
  }
  return {
    children,
    // Every active group (an empty one shows as 0, suppressed), and an inactive one that
    // still has counted children.
    groups: groupRows
      .filter((group) => group.active || groupsWithChildren.has(group.id))
      .map((group) => groupById.get(group.id)!),
    privilegeCategories: categoryRows
      .filter((category) => category.active || held.has(category.code))
      .map(({ code, kind, kk, ru }): PrivilegeCategoryFact => ({ code, kind, kk, ru })),
  };
}
