/**
 * `npm run bench -- <name>`: benchmarks that measure the targets of the issues side by side
 * in one run and print ratios. Timings never decide a unit test; they are read here.
 */
import { benchStore } from './store.bench';
import { benchFiles } from './files.bench';
import { benchContracts } from './contracts.bench';
import { benchSync } from './sync.bench';

const BENCHES: Record<string, () => Promise<void> | void> = {
  store: benchStore,
  files: benchFiles,
  contracts: benchContracts,
  sync: benchSync,
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
