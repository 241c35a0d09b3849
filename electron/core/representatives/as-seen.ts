import { eq } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { childRepresentatives, representatives } from '../../../db/schema';
import { representativeAsSeen, type May } from '../auth/visibility';

/**
 * A child's representatives with their link (relation, authority, primary), as the signed-in
 * role may see them: what children.get lists and representatives.link answers.
 */
export function representativesOfChild(store: ReadableStore, may: May, childId: string) {
  return store.db
    .select()
    .from(childRepresentatives)
    .innerJoin(representatives, eq(representatives.id, childRepresentatives.representativeId))
    .where(eq(childRepresentatives.childId, childId))
    .all()
    .map(({ child_representatives: link, representatives: rep }) => ({
      // Identity-document details are for staff who handle documents (auth/visibility.ts).
      ...representativeAsSeen(may, rep),
      relation: link.relation,
      authorityDocument: link.authorityDocument,
      isPrimary: link.isPrimary,
    }));
}
