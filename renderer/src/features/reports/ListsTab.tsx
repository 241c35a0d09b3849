/**
 * PLACEHOLDER committed by UI-OVERVIEW so the Reports page builds: LISTS-UI owns this file and
 * replaces it (export name and the `onOpenChild` prop: a row's name opens the child's record).
 */
export function ListsTab(_props: { onOpenChild: (childId: string) => void }) {
  return null;
}
