import { eq } from 'drizzle-orm';
import { staffAccounts } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import type { MethodInput } from '../../electron/core/api';

/**
 * `staff.add` for tests about something else: the account is left as if it had already
 * chosen its own password at its first sign-in (a password the director set must be changed
 * before anything else, issue 13 item 10; test/integration/audit-and-staff-accounts.test.ts),
 * so signing in with `password` goes straight to work. A teacher sees only the children of
 * her groups: `groupIds` assigns them. Needs the director signed in.
 */
export async function addStaff(
  core: Core,
  account: MethodInput<'staff.add'>,
  groupIds: string[] = [],
) {
  const added = await core.call('staff.add', account);
  if (groupIds.length) await core.call('staff.setGroups', { accountId: added.id, groupIds });
  core.services
    .store()
    .db.update(staffAccounts)
    .set({ mustChangePassword: false })
    .where(eq(staffAccounts.id, added.id))
    .run();
  return added;
}
