import type { Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { childPrivileges } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { childExists } from '../children/child-record';
import type { PortalPull, PullOutcome, RecordType } from '../sync/record-types';

/**
 * A child's privilege (льгота) as the portal keeps it: the portal owns it (category, validity,
 * verification); the pull is the only code that writes it from the portal's side.
 */

interface PrivilegeRow {
  childId: string;
  categoryCode: string;
  validUntil: string | null;
  confirmation: string;
}

const row = (store: Store, id: string) =>
  statement(
    store,
    `SELECT child_id AS childId, category_code AS categoryCode, valid_until AS validUntil,
            confirmation FROM child_privileges WHERE id = ?`,
  ).get(id) as PrivilegeRow | undefined;

/**
 * A privilege the portal gave a child kept here (one of a child not here is kept as a version
 * only). A category this store has not seen yet is kept under its code until the list is
 * refreshed.
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data } = pull;
  const code = typeof data.categoryCode === 'string' ? data.categoryCode : null;
  if (typeof data.childId !== 'string' || !code) return { applied: true, fields: [] };
  const childId = pull.ids.local('child', data.childId);
  if (!childExists(store, childId)) return { applied: true, fields: [] };
  statement(
    store,
    `INSERT INTO privilege_categories (code, kind, name_kk, name_ru, active)
     VALUES (?, 'first_priority', ?, ?, 1) ON CONFLICT DO NOTHING`,
  ).run(code, code, code);
  const validUntil = typeof data.validUntil === 'string' ? data.validUntil : null;
  const confirmation = data.verified === true ? 'confirmed' : 'pending';
  const before = row(store, pull.id);
  statement(
    store,
    `INSERT INTO child_privileges (id, child_id, category_code, valid_until, confirmation, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET child_id = excluded.child_id,
       category_code = excluded.category_code, valid_until = excluded.valid_until,
       confirmation = excluded.confirmation`,
  ).run(pull.id, childId, code, validUntil, confirmation, pull.now);
  const fields = [
    before?.categoryCode !== code && 'categoryCode',
    (before ? before.validUntil !== validUntil : validUntil !== null) && 'validUntil',
    (!before || before.confirmation !== confirmation) && 'verified',
  ].filter((field): field is string => typeof field === 'string');
  return { applied: true, childId, fields };
}

/**
 * A privilege recorded here from the family's documents (the portal learns privileges from its
 * own registers, so none is sent); its category must be one the store knows.
 */
export function addPrivilege(store: Store, values: typeof childPrivileges.$inferInsert): void {
  if (
    !statement(store, 'SELECT 1 FROM privilege_categories WHERE code = ?').get(values.categoryCode)
  )
    throw new AppError('invalidInput', { fields: ['categoryCode'] });
  store.db.insert(childPrivileges).values(values).run();
}

function remove(store: Store, id: string): void {
  statement(store, 'DELETE FROM child_privileges WHERE id = ?').run(id);
}

export const privilegeRecord = {
  entity: 'privilege',
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  remove: (store: Store, id: string) => remove(store, id),
} satisfies RecordType;
