import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { kazakhOrder } from '../../../db/kazakh-order';
import {
  allergies,
  childPrivileges,
  childRepresentatives,
  children,
  groups,
  healthPassports,
  privilegeCategories,
  representatives,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../../db/schema';
import { AppError } from '../errors/app-error';
import type { Permission } from '../auth/permissions';
import type { HandlerContext } from '../registry/method';
import { assertGroupInScope, childrenInScope } from '../auth/group-scope';
import { ChildStatus, fullName, Id } from '../children/fields';
import { REPORT_WORDS } from '../children/report-words';
import { MONTH_NAMES } from '../vocabulary/months';
import { localDateTime } from '../attendance/attendance-record';
import { wholeYears } from './stats-facts';

/**
 * Lists of children (issue 15): one query and one column registry behind the screen's table
 * (`reports.list`), its PDF, its printout and its .xlsx, so all four hold the same rows.
 *
 * A list has a kind:
 * - `children`: one row per child (a group's or all the role may see);
 * - `contacts`: one row per legal representative of each child (the primary one first);
 * - `birthdays`: the children born in a month, by day, with the age they turn this year;
 * - `allergies`: one row per recorded allergy, for the kitchen (needs `health.read`).
 * Each column names the permission a role needs to see it. A column of another kind, or one
 * the role may not see, is refused (listColumnUnavailable / permissionDenied), never dropped
 * unseen; a kind whose required column the role may not see (allergies) is refused as a whole.
 *
 * Children shown: not archived, in the given status (`enrolled` unless the query says another
 * or `all`), a teacher's only from her groups (auth/group-scope.ts).
 */

export const LIST_KINDS = ['children', 'contacts', 'birthdays', 'allergies'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_COLUMN_KEYS = [
  'name',
  'iin',
  'birthDate',
  'age',
  'turns',
  'group',
  'status',
  'address',
  'representative',
  'relation',
  'phone',
  'email',
  'allergen',
  'allergyKind',
  'reaction',
  'healthGroup',
  'privileges',
] as const;
export type ListColumnKey = (typeof LIST_COLUMN_KEYS)[number];

export interface Label {
  kk: string;
  ru: string;
}

export interface ListColumn {
  key: ListColumnKey;
  label: Label;
  /** The list kinds that offer this column. */
  kinds: readonly ListKind[];
  /** Who may see it (besides children.read, which every list needs). */
  permission: Permission;
  /** Shown when the query names no columns. */
  byDefault: readonly ListKind[];
  /** Health data: each child shown with it is recorded in the audit log. */
  sensitive?: boolean;
}

const ALL: readonly ListKind[] = LIST_KINDS;

/** The column registry, in the order columns are offered and shown. */
export const LIST_COLUMNS: readonly ListColumn[] = [
  {
    key: 'name',
    label: { kk: 'Тегі, аты, әкесінің аты', ru: 'Фамилия, имя, отчество' },
    kinds: ALL,
    permission: 'children.read',
    byDefault: ALL,
  },
  {
    key: 'iin',
    label: { kk: 'ЖСН', ru: 'ИИН' },
    kinds: ['children', 'contacts'],
    permission: 'children.read',
    byDefault: ['children'],
  },
  {
    key: 'birthDate',
    label: { kk: 'Туған күні', ru: 'Дата рождения' },
    kinds: ALL,
    permission: 'children.read',
    byDefault: ['children', 'birthdays'],
  },
  {
    key: 'age',
    label: { kk: 'Жасы', ru: 'Возраст' },
    kinds: ['children', 'contacts', 'allergies'],
    permission: 'children.read',
    byDefault: ['children'],
  },
  {
    key: 'turns',
    label: { kk: 'Толатын жасы', ru: 'Исполнится лет' },
    kinds: ['birthdays'],
    permission: 'children.read',
    byDefault: ['birthdays'],
  },
  {
    key: 'group',
    label: { kk: 'Топ', ru: 'Группа' },
    kinds: ALL,
    permission: 'children.read',
    byDefault: ALL,
  },
  {
    key: 'status',
    label: { kk: 'Мәртебесі', ru: 'Статус' },
    kinds: ['children', 'birthdays'],
    permission: 'children.read',
    byDefault: [],
  },
  {
    key: 'address',
    label: { kk: 'Мекенжайы', ru: 'Адрес' },
    kinds: ['children'],
    permission: 'children.read',
    byDefault: [],
  },
  {
    key: 'representative',
    label: { kk: 'Заңды өкілі', ru: 'Законный представитель' },
    kinds: ['contacts'],
    permission: 'children.read',
    byDefault: ['contacts'],
  },
  {
    key: 'relation',
    label: { kk: 'Туыстығы', ru: 'Кем приходится' },
    kinds: ['contacts'],
    permission: 'children.read',
    byDefault: ['contacts'],
  },
  {
    key: 'phone',
    label: { kk: 'Телефоны', ru: 'Телефон' },
    kinds: ['contacts'],
    permission: 'children.read',
    byDefault: ['contacts'],
  },
  {
    key: 'email',
    label: { kk: 'Эл. поштасы', ru: 'Эл. почта' },
    kinds: ['contacts'],
    permission: 'children.read',
    byDefault: [],
  },
  {
    key: 'allergen',
    label: { kk: 'Аллерген', ru: 'Аллерген' },
    kinds: ['allergies'],
    permission: 'health.read',
    byDefault: ['allergies'],
    sensitive: true,
  },
  {
    key: 'allergyKind',
    label: { kk: 'Аллергия түрі', ru: 'Вид аллергии' },
    kinds: ['allergies'],
    permission: 'health.read',
    byDefault: ['allergies'],
    sensitive: true,
  },
  {
    key: 'reaction',
    label: { kk: 'Реакциясы', ru: 'Реакция' },
    kinds: ['allergies'],
    permission: 'health.read',
    byDefault: ['allergies'],
    sensitive: true,
  },
  {
    key: 'healthGroup',
    label: { kk: 'Денсаулық тобы', ru: 'Группа здоровья' },
    kinds: ['children', 'allergies'],
    permission: 'health.read',
    byDefault: [],
    sensitive: true,
  },
  {
    key: 'privileges',
    label: { kk: 'Жеңілдіктері', ru: 'Льготы' },
    kinds: ['children'],
    permission: 'privileges.read',
    byDefault: [],
    sensitive: true,
  },
];

/** The column a kind cannot be without: refused as a whole when the role may not see it. */
export const REQUIRED_COLUMN: Partial<Record<ListKind, ListColumnKey>> = {
  allergies: 'allergen',
};

/** The lists' titles (PDF, xlsx, print job). */
export const LIST_TITLES: Record<ListKind, Label> = {
  children: { kk: 'Балалар тізімі', ru: 'Список детей' },
  contacts: { kk: 'Заңды өкілдердің байланыстары', ru: 'Контакты законных представителей' },
  birthdays: { kk: 'Туған күндер', ru: 'Дни рождения' },
  allergies: { kk: 'Балалардың аллергиялары (асхана үшін)', ru: 'Аллергии детей (для пищеблока)' },
};

const MonthOfYear = z.string().regex(/^(\d{4}-)?(0[1-9]|1[0-2])$/);

/** The query every list method takes. */
export const ListQueryFields = {
  kind: z.enum(LIST_KINDS),
  groupId: Id.optional(),
  /** `enrolled` by default; `all` for every status. */
  status: z.union([ChildStatus, z.literal('all')]).default('enrolled'),
  /** Birthdays: 'MM' (this year) or 'YYYY-MM'; this month by default. */
  month: MonthOfYear.optional(),
  /** The column keys in the order wanted; the kind's defaults when left out. */
  columns: z.array(z.enum(LIST_COLUMN_KEYS)).min(1).max(LIST_COLUMN_KEYS.length).optional(),
  /** The language of the cells' words (status, relation …); the account's own by default. */
  language: z.enum(UI_LANGUAGES).optional(),
};
export const ListQuery = z.object(ListQueryFields).strict();
export type ListQuery = z.output<typeof ListQuery>;

export interface ListRow {
  childId: string;
  cells: Partial<Record<ListColumnKey, string>>;
}

export interface ListResult {
  kind: ListKind;
  language: UiLanguage;
  /** yyyy-mm-dd: the day the list was made (ages are counted on it). */
  asOf: string;
  /** Birthdays: the month listed, yyyy-mm. */
  month: string | null;
  group: { id: string; name: string } | null;
  columns: Array<{ key: ListColumnKey; label: Label }>;
  available: Array<{ key: ListColumnKey; label: Label }>;
  rows: ListRow[];
}

export const ListColumnUnavailable = (column: string, kind: string) =>
  new AppError('listColumnUnavailable', { column, kind });

const columnOf = (key: ListColumnKey) => LIST_COLUMNS.find((c) => c.key === key)!;

/** dd.mm.yyyy, as people write dates. */
export const displayDate = (iso: string) =>
  `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** The columns the query shows, checked against the kind and the role (throws). */
function chosenColumns(ctx: HandlerContext, query: ListQuery): ListColumn[] {
  const required = REQUIRED_COLUMN[query.kind];
  if (required) ctx.authorize(columnOf(required).permission);
  const keys =
    query.columns ??
    LIST_COLUMNS.filter((c) => c.byDefault.includes(query.kind) && ctx.may(c.permission)).map(
      (c) => c.key,
    );
  const columns = [...new Set(keys)].map(columnOf);
  for (const column of columns) {
    if (!column.kinds.includes(query.kind)) throw ListColumnUnavailable(column.key, query.kind);
    ctx.authorize(column.permission);
  }
  return columns;
}

/** The month a birthday list covers, yyyy-mm. */
function birthdayMonth(month: string | undefined, today: string): string {
  if (!month) return today.slice(0, 7);
  return month.length === 2 ? `${today.slice(0, 4)}-${month}` : month;
}

/**
 * The list as the signed-in role may see it. Records in the handler's audit (auditRead) each
 * child shown with health or privilege data; the caller decides whether every child is
 * recorded (exports) or not.
 */
export function buildList(ctx: HandlerContext, query: ListQuery): ListResult {
  const store = ctx.store();
  const language = query.language ?? ctx.session?.language ?? 'kk';
  const words = REPORT_WORDS[language];
  // The kindergarten's own calendar day, as overview and statistics count it (not UTC's).
  const asOf = localDateTime(ctx.now()).slice(0, 10);
  const columns = chosenColumns(ctx, query);
  const shown = new Set(columns.map((c) => c.key));

  let group: ListResult['group'] = null;
  if (query.groupId) {
    assertGroupInScope(store, ctx.session, query.groupId);
    const found = store.db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(eq(groups.id, query.groupId))
      .get();
    if (!found) throw new AppError('groupNotFound');
    group = found;
  }

  const month = query.kind === 'birthdays' ? birthdayMonth(query.month, asOf) : null;
  const filters: SQL[] = [eq(children.archived, false)];
  const scope = childrenInScope(store, ctx.session);
  if (scope) filters.push(scope);
  if (query.groupId) filters.push(eq(children.groupId, query.groupId));
  if (query.status !== 'all') filters.push(eq(children.status, query.status));
  if (month) filters.push(sql`substr(${children.birthDate}, 6, 2) = ${month.slice(5, 7)}`);
  const where = and(...filters);

  const childRows = store.db
    .select({
      id: children.id,
      iin: children.iin,
      lastName: children.lastName,
      firstName: children.firstName,
      patronymic: children.patronymic,
      birthDate: children.birthDate,
      status: children.status,
      registeredAddress: children.registeredAddress,
      actualAddress: children.actualAddress,
      group: groups.name,
    })
    .from(children)
    .leftJoin(groups, eq(groups.id, children.groupId))
    .where(where)
    .orderBy(
      ...(month ? [sql`substr(${children.birthDate}, 9, 2)`] : []),
      kazakhOrder(children.lastName),
      kazakhOrder(children.firstName),
      kazakhOrder(children.patronymic),
      asc(children.id),
    )
    .all();

  /** Extra facts, one query each over the same children, only when a column needs them. */
  const healthGroups = new Map<string, string>();
  if (shown.has('healthGroup')) {
    for (const row of store.db
      .select({ childId: healthPassports.childId, healthGroup: healthPassports.healthGroup })
      .from(healthPassports)
      .innerJoin(children, eq(children.id, healthPassports.childId))
      .where(where)
      .all())
      if (row.healthGroup) healthGroups.set(row.childId, row.healthGroup);
  }
  const privileges = new Map<string, string[]>();
  if (shown.has('privileges')) {
    for (const row of store.db
      .select({
        childId: childPrivileges.childId,
        kk: privilegeCategories.nameKk,
        ru: privilegeCategories.nameRu,
      })
      .from(childPrivileges)
      .innerJoin(children, eq(children.id, childPrivileges.childId))
      .innerJoin(privilegeCategories, eq(privilegeCategories.code, childPrivileges.categoryCode))
      .where(
        and(
          where,
          sql`${childPrivileges.confirmation} <> 'rejected'`,
          sql`(${childPrivileges.validUntil} IS NULL OR ${childPrivileges.validUntil} >= ${asOf})`,
        ),
      )
      .orderBy(asc(privilegeCategories.code))
      .all()) {
      const list = privileges.get(row.childId) ?? [];
      list.push(row[language]);
      privileges.set(row.childId, list);
    }
  }

  const base = (child: (typeof childRows)[number]): ListRow['cells'] => {
    const cells: ListRow['cells'] = {};
    for (const key of shown) {
      switch (key) {
        case 'name':
          cells.name = fullName(child);
          break;
        case 'iin':
          cells.iin = child.iin;
          break;
        case 'birthDate':
          cells.birthDate = displayDate(child.birthDate);
          break;
        case 'age':
          cells.age = String(wholeYears(child.birthDate, asOf));
          break;
        case 'turns': {
          // Empty for a month of the birth year or before it: nobody turns 0 or less.
          const turns = Number(month!.slice(0, 4)) - Number(child.birthDate.slice(0, 4));
          cells.turns = turns > 0 ? String(turns) : '';
          break;
        }
        case 'group':
          cells.group = child.group ?? '';
          break;
        case 'status':
          cells.status = words.statuses[child.status];
          break;
        case 'address':
          cells.address = child.actualAddress ?? child.registeredAddress ?? '';
          break;
        case 'healthGroup':
          cells.healthGroup = healthGroups.get(child.id) ?? '';
          break;
        case 'privileges':
          cells.privileges = (privileges.get(child.id) ?? []).join(', ');
          break;
        default:
          break; // the kind's own columns, below
      }
    }
    return cells;
  };

  const rows: ListRow[] = [];
  if (query.kind === 'contacts') {
    const reps = new Map<
      string,
      Array<typeof representatives.$inferSelect & { relation: string }>
    >();
    for (const row of store.db
      .select({
        rep: representatives,
        childId: childRepresentatives.childId,
        relation: childRepresentatives.relation,
      })
      .from(childRepresentatives)
      .innerJoin(children, eq(children.id, childRepresentatives.childId))
      .innerJoin(representatives, eq(representatives.id, childRepresentatives.representativeId))
      .where(where)
      .orderBy(
        sql`${childRepresentatives.isPrimary} DESC`,
        kazakhOrder(representatives.lastName),
        kazakhOrder(representatives.firstName),
        asc(representatives.id),
      )
      .all()) {
      const list = reps.get(row.childId) ?? [];
      list.push({ ...row.rep, relation: row.relation });
      reps.set(row.childId, list);
    }
    for (const child of childRows) {
      const cells = base(child);
      const list = reps.get(child.id) ?? [];
      if (list.length === 0) rows.push({ childId: child.id, cells: fillContact(cells, shown) });
      for (const rep of list) {
        rows.push({
          childId: child.id,
          cells: fillContact({ ...cells }, shown, {
            representative: fullName(rep),
            relation: words.relations[rep.relation as keyof typeof words.relations],
            phone: rep.phoneExtra ? `${rep.phone}, ${rep.phoneExtra}` : rep.phone,
            email: rep.email ?? '',
          }),
        });
      }
    }
  } else if (query.kind === 'allergies') {
    const byChild = new Map<string, Array<typeof allergies.$inferSelect>>();
    for (const row of store.db
      .select({ allergy: allergies })
      .from(allergies)
      .innerJoin(children, eq(children.id, allergies.childId))
      .where(where)
      .orderBy(asc(allergies.kind), asc(allergies.allergen), asc(allergies.id))
      .all()) {
      const list = byChild.get(row.allergy.childId) ?? [];
      list.push(row.allergy);
      byChild.set(row.allergy.childId, list);
    }
    // Only the children with an allergy: the kitchen's list is of what not to serve to whom.
    for (const child of childRows) {
      for (const allergy of byChild.get(child.id) ?? []) {
        const cells = base(child);
        if (shown.has('allergen')) cells.allergen = allergy.allergen;
        if (shown.has('allergyKind')) cells.allergyKind = words.allergyKinds[allergy.kind];
        if (shown.has('reaction')) cells.reaction = allergy.reaction ?? '';
        rows.push({ childId: child.id, cells });
      }
    }
  } else {
    for (const child of childRows) rows.push({ childId: child.id, cells: base(child) });
  }

  if (columns.some((c) => c.sensitive)) for (const row of rows) ctx.auditRead(row.childId);

  const label = (c: ListColumn) => ({ key: c.key, label: c.label });
  return {
    kind: query.kind,
    language,
    asOf,
    month,
    group,
    columns: columns.map(label),
    available: LIST_COLUMNS.filter(
      (c) => c.kinds.includes(query.kind) && ctx.may(c.permission),
    ).map(label),
    rows,
  };
}

function fillContact(
  cells: ListRow['cells'],
  shown: ReadonlySet<ListColumnKey>,
  values: Partial<Record<'representative' | 'relation' | 'phone' | 'email', string>> = {},
): ListRow['cells'] {
  for (const key of ['representative', 'relation', 'phone', 'email'] as const)
    if (shown.has(key)) cells[key] = values[key] ?? '';
  return cells;
}

/** The header line of a list's document: group, month (birthdays), date. No personal data. */
export function listSubtitle(list: ListResult, organisation: string): string {
  const words = SUBTITLE_WORDS[list.language];
  const parts = [organisation];
  parts.push(list.group ? `${words.group}: ${list.group.name}` : words.allGroups);
  if (list.month) {
    const [year, m] = list.month.split('-').map(Number) as [number, number];
    parts.push(`${MONTH_NAMES[list.language][m - 1]} ${year}`);
  }
  parts.push(`${words.asOf} ${displayDate(list.asOf)}`);
  return parts.filter(Boolean).join(' · ');
}

const SUBTITLE_WORDS: Record<UiLanguage, { group: string; allGroups: string; asOf: string }> = {
  kk: { group: 'Топ', allGroups: 'Барлық топтар', asOf: 'Күні' },
  ru: { group: 'Группа', allGroups: 'Все группы', asOf: 'На дату' },
};

/** The audit details of a list call: kind, column keys and counts (no values). */
export function listAuditDetails(list: ListResult): string[] {
  return [
    `kind:${list.kind}`,
    ...list.columns.map((c) => c.key),
    `columns:${list.columns.length}`,
    `rows:${list.rows.length}`,
  ];
}

/** A file name without personal data: the kind, the day and the language. */
export const listFileName = (list: ListResult, extension: 'pdf' | 'xlsx') =>
  `list-${list.kind}${list.month ? `-${list.month}` : ''}-${list.asOf}-${list.language}.${extension}`;
