import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { documents, portfolioEntries, portfolioFiles } from '../../../db/schema';

/**
 * A child's portfolio entries by date, each with its files' titles, as portfolio.list lists
 * them: the list and what portfolio.addEntry answers for the entry it stored.
 */
export function portfolioRows(store: ReadableStore, childId: string, where?: SQL) {
  const { db } = store;
  const entries = db
    .select()
    .from(portfolioEntries)
    .where(and(eq(portfolioEntries.childId, childId), where))
    .orderBy(asc(portfolioEntries.date))
    .all();
  const files = entries.length
    ? db
        .select({
          entryId: portfolioFiles.entryId,
          documentId: documents.id,
          title: documents.title,
        })
        .from(portfolioFiles)
        .innerJoin(documents, eq(documents.id, portfolioFiles.documentId))
        .where(
          inArray(
            portfolioFiles.entryId,
            entries.map((e) => e.id),
          ),
        )
        .all()
    : [];
  return entries.map((entry) => ({
    ...entry,
    files: files.filter((f) => f.entryId === entry.id),
  }));
}
