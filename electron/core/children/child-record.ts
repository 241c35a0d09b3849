import { eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ReadableStore, Store } from '../../../db/connection';
import { prepared } from '../../../db/prepared';
import { insertColumns, updateColumns, type ColumnValues } from '../../../db/column-writes';
import { children, groups, type ChildStatus } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { noteChange } from '../registry/record-changes';
import { isValidIin } from '../kz-id/kz-id';
import type { PortalIds, PortalPull, PullOutcome, RecordType } from '../sync/record-types';
import { iinAgrees } from './fields';
import { CHILD_STATUS_NEXT } from '../vocabulary/enums';
import { CHILD_FIELDS, type ChildFieldSpec } from '../vocabulary/child-fields';
import {
  closedMonthsOfChild,
  closedMonthsTouching,
  periodIn,
} from '../attendance/attendance-record';
import { lastDateOfMonth, type IsoMonth } from '../attendance/calendar';

/**
 * The child record: the only code that reads or writes the `children` table for a change
 * the portal must learn (lists and searches read it in children/app.ts), besides the seeder's
 * bulk insert of synthetic data.
 */

export const ChildNotFound = () => new AppError('childNotFound');
export const IinTaken = () => new AppError('iinTaken');
export const StatusChangeNotAllowed = () => new AppError('statusChangeNotAllowed');
/** The change would alter a month closed for the child's group: it must be reopened first. */
export const ChildMonthClosed = (params: { month: string }) =>
  new AppError('childMonthClosed', params);

export type Child = typeof children.$inferSelect;
type NewChildRow = Omit<typeof children.$inferInsert, 'createdAt' | 'updatedAt'>;
type ChildColumns = Partial<Omit<Child, 'id' | 'createdAt' | 'updatedAt'>>;

type Fields = typeof CHILD_FIELDS;
type WireOf = {
  [K in keyof Fields]: Fields[K] extends { wire: infer W extends string } ? W : never;
};
type ChildWireField = WireOf[keyof Fields];

/** Local column names that map onto a synced child field (the field table's `wire`). */
const COLUMN_TO_WIRE = Object.fromEntries(
  Object.entries(CHILD_FIELDS as Record<string, ChildFieldSpec>).flatMap(([column, spec]) =>
    spec.wire ? [[column, spec.wire]] : [],
  ),
) as Partial<Record<keyof Child, ChildWireField>>;
/** The child's fields the portal knows (the protocol's names). */
const CHILD_WIRE_FIELDS = Object.values(COLUMN_TO_WIRE) as readonly ChildWireField[];

export function findChild(store: ReadableStore, childId: string): Child {
  const child = childById(store).get({ id: childId });
  if (!child) throw ChildNotFound();
  return child;
}

/** Whether the child is kept here (a pulled representative or privilege needs its child). */
export function childExists(store: ReadableStore, childId: string): boolean {
  return childById(store).get({ id: childId }) !== undefined;
}

const IinFacts = z
  .object({ iin: z.string(), birthDate: z.string(), sex: z.string() })
  .superRefine(iinAgrees);

/**
 * The rules a child's file keeps whoever changes it: the IIN agrees with the birth date and
 * sex, and no other child has it. `current` is the stored child (null for a new one).
 */
export function validateChild(
  store: ReadableStore,
  current: Child | null,
  next: { iin: string; birthDate: string; sex: string },
): void {
  const check = IinFacts.safeParse(next);
  if (!check.success) {
    throw new AppError('invalidInput', {
      fields: check.error.issues.map((i) => i.path.join('.')),
      reasons: check.error.issues.map((i) => i.message),
    });
  }
  if (next.iin !== current?.iin && childByIin(store).get({ iin: next.iin })) throw IinTaken();
}

/** Refuses a status change the rules do not allow (or any on an archived file). */
export function validateStatusChange(child: Child, status: ChildStatus): void {
  if (child.archived || !CHILD_STATUS_NEXT[child.status].includes(status))
    throw StatusChangeNotAllowed();
}

type GroupDates = Pick<Child, 'id' | 'status' | 'groupId' | 'enrolledOn' | 'leftOn'>;

/**
 * The child's days in its group as a group's roster counts them (groupRoster): enrolled,
 * withdrawn or graduated, from the enrolment (or always) to the leaving date (or on).
 */
function stayOf(child: GroupDates): { from: string; to: string } | null {
  if (!['enrolled', 'withdrawn', 'graduated'].includes(child.status)) return null;
  const to = child.status === 'enrolled' ? '9999-12-31' : child.leftOn;
  return to ? { from: child.enrolledOn ?? '0000-01-01', to } : null;
}

/** The child's place in a closed month: its days there, or out (`kept`: it has a month there). */
function placeIn(child: GroupDates, month: IsoMonth, kept: boolean): string {
  const stay = stayOf(child);
  const inside = kept || (stay && stay.from <= lastDateOfMonth(month) && stay.to >= `${month}-01`);
  return inside ? JSON.stringify(periodIn(child, month)) : 'out';
}

/**
 * Refuses (ChildMonthClosed, the first such month) a change of the child's status, group,
 * enrolment or leaving date that alters a closed month: the child's days in a closed month
 * it has a month in (any group's), or its coming into or going out of a month closed for its
 * new group. A change of group alone alters none (the closed months keep their children).
 */
export function validateClosedMonths(store: ReadableStore, current: Child, next: GroupDates): void {
  const months = new Map<string, { groupId: string; month: IsoMonth; kept: boolean }>();
  for (const { groupId, month } of closedMonthsOfChild(store, current.id))
    months.set(`${groupId} ${month}`, { groupId, month, kept: true });
  const [before, after] = [stayOf(current), stayOf(next)];
  if (next.groupId && (before || after)) {
    const ends = [before, after].flatMap((stay) => (stay ? [stay.from, stay.to] : []));
    const from = ends.reduce((a, b) => (a < b ? a : b));
    const to = ends.reduce((a, b) => (a > b ? a : b));
    for (const month of closedMonthsTouching(store, next.groupId, from, to)) {
      const key = `${next.groupId} ${month}`;
      if (!months.has(key)) months.set(key, { groupId: next.groupId, month, kept: false });
    }
  }
  const changed = [...months.values()]
    .filter(({ month, kept }) => placeIn(current, month, kept) !== placeIn(next, month, kept))
    .map(({ month }) => month)
    .sort();
  if (changed.length) throw ChildMonthClosed({ month: changed[0]! });
}

/** The columns a new child is inserted with (the times are the write's own). */
const INSERT_COLUMNS = (Object.keys(getTableColumns(children)) as (keyof Child)[]).filter(
  (column) => column !== 'createdAt' && column !== 'updatedAt',
) as (keyof NewChildRow)[];

/** A column's value as SQLite stores it (a flag as 0 or 1, nothing given as null). */
function columnValue(value: string | boolean | null | undefined): string | number | null {
  return typeof value === 'boolean' ? Number(value) : (value ?? null);
}

/** Stores a new child (checked by validateChild); the portal learns every field. */
export function createChild(store: Store, values: NewChildRow, now: string): Child {
  validateChild(store, null, values);
  // Every column named, so one statement (compiled once per connection) serves every child.
  const row: ColumnValues = {};
  for (const column of INSERT_COLUMNS) row[column] = columnValue(values[column]);
  row.archived ??= 0;
  insertColumns(store, children, { ...row, createdAt: now, updatedAt: now });
  noteChange(store, { entity: 'child', localId: values.id });
  return findChild(store, values.id);
}

/**
 * Writes the named columns of a stored child as they are (the caller checked them; a change
 * that alters a closed month is refused here, validateClosedMonths) and notes the synced ones
 * among them for the portal, whether or not their value differs.
 */
export function writeChild(store: Store, childId: string, columns: ChildColumns, now: string) {
  const current = findChild(store, childId);
  validateClosedMonths(store, current, { ...current, ...definedColumns(columns) });
  const row: ColumnValues = { updatedAt: now };
  for (const [column, value] of Object.entries(columns))
    if (value !== undefined) row[column] = columnValue(value);
  updateColumns(store, children, row, 'id', childId);
  const child = findChild(store, childId);
  const fields = [
    ...new Set(
      Object.keys(columns)
        .map((column) => COLUMN_TO_WIRE[column as keyof Child])
        .filter((field) => field !== undefined),
    ),
  ];
  if (fields.length) noteChange(store, { entity: 'child', localId: childId, fields });
  return child;
}

/** The columns given a value (undefined: left as they are). */
function definedColumns(columns: ChildColumns): ChildColumns {
  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as ChildColumns;
}

/** Changes the named fields of a child's file through the rules of validateChild. */
export function updateChild(store: Store, childId: string, changes: ChildColumns, now: string) {
  const current = findChild(store, childId);
  validateChild(store, current, { ...current, ...changes });
  return writeChild(store, childId, changes, now);
}

/** Moves a child to another status on a date (enrolment clears the leaving date). */
export function setChildStatus(
  store: Store,
  childId: string,
  status: ChildStatus,
  on: string,
  now: string,
): Child {
  validateStatusChange(findChild(store, childId), status);
  const dates = status === 'enrolled' ? { enrolledOn: on, leftOn: null } : { leftOn: on };
  return writeChild(store, childId, { status, ...dates }, now);
}

/** The child as the portal knows it. */
const groupNameById = prepared((store: ReadableStore) =>
  store.db
    .select({ name: groups.name })
    .from(groups)
    .where(eq(groups.id, sql.placeholder('id')))
    .prepare(),
);

function toWire(store: ReadableStore, childId: string) {
  const child = childById(store).get({ id: childId });
  if (!child) return null;
  const group = child.groupId ? groupNameById(store).get({ id: child.groupId }) : undefined;
  const fields = {} as Record<ChildWireField, unknown>;
  for (const [column, field] of Object.entries(COLUMN_TO_WIRE) as [keyof Child, ChildWireField][])
    fields[field] = column === 'groupId' ? (group?.name ?? null) : child[column];
  return { id: childId, fields };
}

export const childRecord = {
  entity: 'child',
  toWire: (store: Store, childId: string, _ids: PortalIds) => toWire(store, childId),
  localIds: (store: Store) =>
    store.sqlite.prepare('SELECT id FROM children ORDER BY rowid').pluck().all() as string[],
  referencedAs: 'childId',
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  overwrite: (store, portalId, fields, ids, now) => overwrite(store, portalId, fields, ids, now),
} satisfies RecordType;

// ---- from the portal (the sync engine's pull, sync/apply.ts) ------------------------------

/**
 * Whether a child's status can become `to` from `from` by the allowed changes, one or several:
 * the portal's feed carries a record's newest version only, so one pulled change may stand for
 * several made elsewhere (enrolled, then withdrawn). A status nothing leads to (back to
 * `referred`, anything after `graduated`) is not reachable.
 */
function statusReachable(from: ChildStatus, to: ChildStatus): boolean {
  const reached = new Set<ChildStatus>([from]);
  for (const status of reached) for (const next of CHILD_STATUS_NEXT[status]) reached.add(next);
  return reached.has(to);
}

const WIRE_TO_COLUMN = Object.fromEntries(
  Object.entries(COLUMN_TO_WIRE).map(([column, field]) => [field, column]),
) as Record<ChildWireField, keyof Child>;

const childById = prepared((store: ReadableStore) =>
  store.db
    .select()
    .from(children)
    .where(eq(children.id, sql.placeholder('id')))
    .prepare(),
);
const childByIin = prepared((store: ReadableStore) =>
  store.db
    .select()
    .from(children)
    .where(eq(children.iin, sql.placeholder('iin')))
    .prepare(),
);
const groupByName = prepared((store: ReadableStore) =>
  store.db
    .select({ id: groups.id })
    .from(groups)
    .where(eq(groups.name, sql.placeholder('name')))
    .limit(1)
    .prepare(),
);

/**
 * The columns the portal's fields give (`held`: fields the pull leaves alone). A group is
 * named by the portal: one unknown here leaves the child's group as it is.
 */
function portalColumns(store: Store, data: Record<string, unknown>, held: ReadonlySet<string>) {
  const columns: Record<string, unknown> = {};
  for (const field of CHILD_WIRE_FIELDS) {
    if (!(field in data) || held.has(field)) continue;
    const value = data[field] ?? null;
    if (field !== 'groupName') columns[WIRE_TO_COLUMN[field]] = value;
    else {
      const groupId =
        typeof value === 'string' ? groupByName(store).get({ name: value })?.id : null;
      if (groupId !== undefined) columns.groupId = groupId;
    }
  }
  return columns as ChildColumns;
}

/** The synced fields whose value `columns` changes (every one with a value, for a new child). */
function changedFields(current: Child | undefined, columns: ChildColumns): ChildWireField[] {
  return Object.entries(columns)
    .filter(([column, value]) =>
      current ? current[column as keyof Child] !== value : value !== null,
    )
    .map(([column]) => COLUMN_TO_WIRE[column as keyof Child])
    .filter((field) => field !== undefined);
}

/** The rule a pulled child breaks, as a rejected pull's reason, or null. */
function pulledChildRefused(
  store: Store,
  current: Child | undefined,
  columns: ChildColumns,
): Extract<PullOutcome, { applied: false }> | null {
  const iin = columns.iin;
  if (iin !== undefined && iin !== current?.iin && !isValidIin(iin))
    return { applied: false, reason: 'iinInvalid', fields: ['iin'] };
  try {
    validateChild(store, current ?? null, { ...current, ...columns } as Child);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'iinTaken') return { applied: false, reason: 'iinTaken', fields: ['iin'] };
    const fields = (error.params.fields as string[] | undefined) ?? [];
    return { applied: false, reason: 'iinMismatch', fields: ['iin', ...fields] };
  }
  const status = columns.status;
  if (
    current &&
    status !== undefined &&
    status !== current.status &&
    (current.archived || !statusReachable(current.status, status))
  )
    return { applied: false, reason: 'statusChangeNotAllowed', fields: ['status'] };
  if (current) {
    const next = { ...current, ...columns };
    try {
      validateClosedMonths(store, current, next);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'childMonthClosed') throw error;
      const fields = (['status', 'groupId', 'enrolledOn', 'leftOn'] as const)
        .filter((column) => next[column] !== current[column])
        .map((column) => COLUMN_TO_WIRE[column])
        .filter((field) => field !== undefined);
      return { applied: false, reason: 'childMonthClosed', fields };
    }
  }
  return null;
}

/**
 * A child pulled from the portal, through the rules a local write keeps (validateChild, the
 * IIN's check digit, the status changes): a new child is created (`referred` unless the portal
 * says otherwise), or one kept here with the same IIN is linked, not duplicated.
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data } = pull;
  let current = childById(store).get({ id: pull.ids.local('child', pull.id) });
  if (!current && typeof data.iin === 'string') {
    // A file already kept here for the same child (e.g. entered before the referral arrived).
    current = childByIin(store).get({ iin: data.iin });
    if (current) pull.link(current.id);
  }
  const columns = portalColumns(store, data, current ? pull.held() : new Set());
  const refused = pulledChildRefused(store, current, columns);
  if (refused) return refused;
  const fields = changedFields(current, columns);
  const now = pull.now;
  const localId = current?.id ?? pull.ids.local('child', pull.id);
  // Compiled once per shape of columns: a pull writes tens of thousands of children.
  const values = columns as ColumnValues;
  if (current) updateColumns(store, children, { ...values, updatedAt: now }, 'id', localId);
  // A new child from the portal carries every field (the protocol's full data).
  else
    insertColumns(store, children, {
      status: 'referred',
      ...values,
      id: localId,
      createdAt: now,
      updatedAt: now,
    });
  return { applied: true, localId, childId: localId, fields };
}

/** The portal's values of some fields written onto the child here (the portal is not told). */
function overwrite(
  store: Store,
  portalId: string,
  fields: Record<string, unknown>,
  ids: PortalIds,
  now: string,
): void {
  const columns = portalColumns(store, fields, new Set());
  if (!Object.keys(columns).length) return;
  const values = { ...(columns as ColumnValues), updatedAt: now };
  updateColumns(store, children, values, 'id', ids.local('child', portalId));
}
