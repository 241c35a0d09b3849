import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { children, staffGroups } from '../../../db/schema';
import type { Session } from './session';
import { AppError } from '../errors/app-error';
import { GROUP_BOUND_ROLE } from '../vocabulary/enums';

/**
 * A teacher sees only the children of the groups the director assigned her to (staff.setGroups);
 * the director, methodist, nurse and accountant see every child. Null: no limit.
 */
export function scopedGroupIds(store: ReadableStore, session: Session | null): string[] | null {
  if (session?.role !== GROUP_BOUND_ROLE) return null;
  return store.db
    .select({ groupId: staffGroups.groupId })
    .from(staffGroups)
    .where(eq(staffGroups.accountId, session.accountId))
    .all()
    .map((row) => row.groupId);
}

/** The condition on `children` that keeps a list to what the session may see, if anything. */
export function childrenInScope(store: ReadableStore, session: Session | null): SQL | undefined {
  const ids = scopedGroupIds(store, session);
  if (!ids) return undefined;
  return ids.length ? inArray(children.groupId, ids) : sql`0`;
}

/**
 * Refuses a child outside the session's groups as if it did not exist (childNotFound), so a
 * teacher learns nothing of another group's children. The dispatcher calls it for every input
 * that names a `childId`; methods that find the child through a record call it themselves.
 */
export function assertChildInScope(
  store: ReadableStore,
  session: Session | null,
  childId: string,
): void {
  const ids = scopedGroupIds(store, session);
  if (!ids) return;
  const child = store.db
    .select({ groupId: children.groupId })
    .from(children)
    .where(eq(children.id, childId))
    .get();
  if (!child?.groupId || !ids.includes(child.groupId)) throw new AppError('childNotFound');
}

/**
 * Refuses a group outside a teacher's groups as if it did not exist (groupNotFound): the
 * register and the timesheet of another group are not hers to see or write.
 */
export function assertGroupInScope(
  store: ReadableStore,
  session: Session | null,
  groupId: string,
): void {
  const ids = scopedGroupIds(store, session);
  if (ids && !ids.includes(groupId)) throw new AppError('groupNotFound');
}
