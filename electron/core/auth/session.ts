import type { StaffRole, UiLanguage } from '../../../db/schema';

/** Who is signed in: the account every call is made as until sign-out or the lock. */
export interface Session {
  accountId: string;
  login: string;
  displayName: string;
  role: StaffRole;
  language: UiLanguage;
  /**
   * The password was set by the director (a new account or a reset): until the account
   * chooses its own (`auth.changePassword`), every method but those marked
   * `beforePasswordChange` refuses with `passwordChangeRequired`.
   */
  mustChangePassword: boolean;
}
