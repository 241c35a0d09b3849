/** The director's overview (reports.overview): filled in below. */
export function OverviewTab(_props: { onOpenChild: (childId: string) => void }) {
  return null;
}
