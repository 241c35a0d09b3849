import { overviewMethods } from './overview-methods';
import { statsMethods } from './stats-methods';
import { listMethods } from './list-methods';
import { formMethods } from './form-methods';

/**
 * Reports (issue 15): the director's overview, the anonymised statistics export, lists of
 * children (on screen, printed, saved as .xlsx) and the printed forms (a child's card, the
 * consent form). Each part's methods are in its own file beside this one.
 */
export const reportMethods = {
  ...overviewMethods,
  ...statsMethods,
  ...listMethods,
  ...formMethods,
};
