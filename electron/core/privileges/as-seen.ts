import { eq } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { childPrivileges, privilegeCategories } from '../../../db/schema';
import { privilegesAsSeen, type May } from '../auth/visibility';

/**
 * A child's privileges with their category's names, as the signed-in role may see them: what
 * children.get lists and privileges.add answers.
 */
export function privilegesOfChild(store: ReadableStore, may: May, childId: string) {
  return privilegesAsSeen(
    may,
    store.db
      .select({
        id: childPrivileges.id,
        categoryCode: childPrivileges.categoryCode,
        kind: privilegeCategories.kind,
        nameKk: privilegeCategories.nameKk,
        nameRu: privilegeCategories.nameRu,
        documentNumber: childPrivileges.documentNumber,
        validFrom: childPrivileges.validFrom,
        validUntil: childPrivileges.validUntil,
        confirmation: childPrivileges.confirmation,
      })
      .from(childPrivileges)
      .innerJoin(privilegeCategories, eq(privilegeCategories.code, childPrivileges.categoryCode))
      .where(eq(childPrivileges.childId, childId))
      .all(),
  );
}
