import { eq } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { children } from '../../../db/schema';
import { AppError } from '../errors/app-error';

/**
 * The child record: the only code that reads or writes the `children` table for a change
 * the portal must learn (lists and searches read it in children/app.ts).
 */

export const ChildNotFound = () => new AppError('childNotFound');

export type Child = typeof children.$inferSelect;

export function findChild(store: ReadableStore, childId: string): Child {
  const child = store.db.select().from(children).where(eq(children.id, childId)).get();
  if (!child) throw ChildNotFound();
  return child;
}
