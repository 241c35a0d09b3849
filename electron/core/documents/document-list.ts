import { and, eq, type SQL } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { documents } from '../../../db/schema';
import type { May } from '../auth/visibility';
import { readPermission } from './access';

/**
 * A child's documents that the signed-in role may see, as documents.list lists them: the
 * list's rows and what documents.import answers for the document it stored.
 */
export function documentRows(store: ReadableStore, may: May, childId: string, where?: SQL) {
  return store.db
    .select({
      id: documents.id,
      type: documents.type,
      title: documents.title,
      representativeId: documents.representativeId,
      hasThumbnail: documents.thumbnailId,
      createdAt: documents.createdAt,
    })
    .from(documents)
    .where(and(eq(documents.childId, childId), where))
    .all()
    .filter((doc) => may(readPermission(doc.type)))
    .map((doc) => ({ ...doc, hasThumbnail: doc.hasThumbnail !== null }));
}
