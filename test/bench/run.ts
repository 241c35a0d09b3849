/**
 * `npm run bench -- <name>`: benchmarks that measure the targets of the issues side by side
 * in one run and print ratios. Timings never decide a unit test; they are read here.
 * Each bench is loaded only when it runs, so one bench's imports do not slow or stop another.
 */
export {};

const BENCHES: Record<string, () => Promise<void>> = {
  store: async () => (await import('./store.bench')).benchStore(),
  files: async () => (await import('./files.bench')).benchFiles(),
  contracts: async () => (await import('./contracts.bench')).benchContracts(),
  sync: async () => (await import('./sync.bench')).benchSync(),
  attendance: async () => (await import('./attendance.bench')).benchAttendance(),
  reports: async () => (await import('./reports.bench')).benchReports(),
};

const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = names.length ? names : Object.keys(BENCHES);
for (const name of selected) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown bench "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
