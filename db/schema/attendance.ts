import {
  sqliteTable,
  text,
  integer,
  index,
  primaryKey,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { children, documents, groups } from './children';
import { staffAccounts } from './staff';
import {
  ABSENCE_REASONS,
  CHILD_MONTH_STATUSES,
  MARK_STATUSES,
  MONTH_STATUSES,
} from '../../electron/core/vocabulary/enums';

/**
 * Attendance (issue 14): the only code that reads or writes these tables is
 * electron/core/attendance/attendance-record.ts (and the seeder's documented bulk insert).
 */

/**
 * A child's month: the synced record `attendance` (its id is the record's local id). Keeps the
 * group the child was marked in that month and what the parent said through the portal.
 */
export const attendanceChildMonths = sqliteTable(
  'attendance_child_months',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    /** 'YYYY-MM' */
    month: text('month').notNull(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
    parentStatus: text('parent_status', { enum: CHILD_MONTH_STATUSES })
      .notNull()
      .default('pending'),
    parentComment: text('parent_comment'),
    parentAt: text('parent_at'),
    updatedAt: text('updated_at').notNull(),
    /**
     * Corrections another device made of this month (the portal counts them; this app keeps
     * only its own, with who and why, in attendance_corrections): the count it sends is both.
     */
    correctionsElsewhere: integer('corrections_elsewhere').notNull().default(0),
    /**
     * The child's present marks and all marks in the month, kept by triggers on
     * attendance_marks (migration 0022): an open month's rate without counting its marks.
     */
    present: integer('present').notNull().default(0),
    marked: integer('marked').notNull().default(0),
  },
  (t) => [
    uniqueIndex('attendance_child_months_child').on(t.childId, t.month),
    index('attendance_child_months_group').on(t.groupId, t.month),
    index('attendance_child_months_counts').on(t.month, t.groupId, t.present, t.marked),
  ],
);

/**
 * One mark per child and working day. WITHOUT ROWID with its key first: a child's month is
 * one range of the primary key, and the table holds no second copy of it (~1.2 M rows in five
 * years of a large kindergarten).
 */
export const attendanceMarks = sqliteTable(
  'attendance_marks',
  {
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    /** 'YYYY-MM-DD' */
    date: text('date').notNull(),
    status: text('status', { enum: MARK_STATUSES }).notNull(),
    reason: text('reason', { enum: ABSENCE_REASONS }),
    note: text('note'),
    /** The supporting document; a document removed as entered by mistake unlinks it. */
    documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
    /** 'HH:MM' */
    arrival: text('arrival'),
    departure: text('departure'),
    updatedBy: text('updated_by').references(() => staffAccounts.id),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.date] })],
);

/** A group's month once the director closed it: its state and its closings and reopenings. */
export const attendanceMonths = sqliteTable(
  'attendance_months',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
    month: text('month').notNull(),
    status: text('status', { enum: MONTH_STATUSES }).notNull(),
    /** MonthEvent[] as JSON, oldest first. */
    history: text('history').notNull(),
    /**
     * While closed: the present marks and all marks of the group's child-months in the month
     * (the overview's attendance rate); NULL while open (counted live). attendance-record.ts
     * keeps them with every change of a closed month.
     */
    present: integer('present'),
    marked: integer('marked'),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.month] })],
);

/** A change of a mark after the month was first closed: old and new value, who, when, why. */
export const attendanceCorrections = sqliteTable(
  'attendance_corrections',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
    month: text('month').notNull(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    date: text('date').notNull(),
    /** MarkValue as JSON, or null: no mark. */
    before: text('before'),
    after: text('after'),
    by: text('by')
      .notNull()
      .references(() => staffAccounts.id),
    at: text('at').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    index('attendance_corrections_group').on(t.groupId, t.month),
    index('attendance_corrections_child').on(t.childId, t.date),
  ],
);
