// Bundles the Electron shell: main and preload as CommonJS (a sandboxed preload must be),
// the core's utility-process entry as ESM (the core uses import.meta.url). Native modules
// and electron stay external.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'dist/electron/main.cjs',
  format: 'cjs',
  external: ['electron'],
});
await build({
  ...common,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
await build({
  ...common,
  entryPoints: ['electron/host/utility/core-host.ts'],
  outfile: 'dist/electron/core-host.mjs',
  format: 'esm',
  external: ['electron', 'better-sqlite3', 'sharp', 'pdfjs-dist'],
  // ESM bundles of CommonJS dependencies need require().
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
console.log('electron shell built into dist/electron');
