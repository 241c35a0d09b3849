/**
 * Reports (issue 15): the director's overview, the anonymised statistics export, lists of
 * children (on screen, printed, saved as .xlsx) and the printed forms (a child's card, the
 * consent form). Each part's rules live beside this file; here are the methods only.
 */
export const reportMethods = {};
