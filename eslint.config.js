// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Import boundaries (ARCHITECTURE §7), enforced here rather than hoped for:
 * - db/ imports nothing above it;
 * - electron/core/ never imports electron, electron/main, electron/preload or renderer/;
 * - renderer/ reaches the core only through `import type` from electron/core/api (and the
 *   pure IIN arithmetic of electron/core/kz-id/kz-id, so the form and the core agree);
 * - the one vocabulary (electron/core/vocabulary/: value lists, field rules) and the
 *   permission table (electron/core/auth/permissions) are Node-free and import-free, so db/
 *   schema, the core and the renderer all import the same declarations;
 * - no import circles in electron/, db/ or renderer/ (import-x/no-cycle);
 * - a renderer feature (renderer/src/features/<name>/) imports only its own folder,
 *   components/, lib/ and app/, never another feature; components/ and lib/ import no feature
 *   and not app/ (shared pieces move down to components/ or lib/).
 * test/unit/lint-config.test.ts holds the circle and feature rules to it.
 */
const restricted = (patterns) => ['error', { patterns }];

const root = dirname(fileURLToPath(import.meta.url));
const renderer = 'renderer/src';
/** Every feature folder as it is now: a new one is covered without editing this file. */
const features = readdirSync(join(root, renderer, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureZones = [
  ...features.map((feature) => ({
    target: `${renderer}/features/${feature}`,
    from: `${renderer}/features`,
    except: [`./${feature}`],
    message: 'A feature imports no other feature: move what both need to components/ or lib/.',
  })),
  {
    target: [`${renderer}/components`, `${renderer}/lib`],
    from: [`${renderer}/features`, `${renderer}/app`],
    message: 'components/ and lib/ sit below the features and app/: they import neither.',
  },
];

export default tseslint.config(
  {
    // As .gitignore (.bench-data/ is the benches' scratch folder), plus the generated migrations.
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'release/',
      'test-results/',
      '.bench-data/',
      'db/migrations/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          // The vocabulary is below db/ in spirit: plain value lists, no imports at all.
          regex: '(^|/)(renderer/|electron/(?!core/vocabulary/[\\w-]+$))',
          message: 'db/ imports nothing above it (but the vocabulary).',
        },
        { regex: '^electron(/|$)', message: 'db/ imports nothing above it.' },
      ]),
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          group: ['electron', 'electron/*'],
          message: 'core never imports electron: pass values or ports in.',
        },
        {
          group: [
            '**/electron/main/**',
            '**/electron/preload/**',
            '**/electron/host/**',
            '**/renderer/**',
          ],
          message: 'core never imports the layers above it.',
        },
      ]),
      // A handler reads through ctx.store() and writes only inside ctx.transact; the core's
      // services hand out the writable store, so a handler may not take it from there.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.object.name='ctx'][object.property.name='services'][property.name='store']",
          message: 'Read through ctx.store(); write inside ctx.transact.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Exceptions, all Node-free: kz-id is pure arithmetic, so the enrolment form reads
              // the birth date and sex from an IIN with the code the core checks with; the
              // vocabulary and the permission table, so the forms offer the same value lists and
              // the UI hides what the core's roleMay would refuse (no copies).
              regex:
                '(^|/)electron/(?!core/kz-id/kz-id$|core/vocabulary/[\\w-]+$|core/auth/permissions$)',
              message: 'The renderer sees the core only through electron/core/api types.',
            },
            { group: ['**/electron/core/api'], allowTypeImports: true, message: 'Types only.' },
            {
              group: ['**/db/**', 'node:*'],
              message: 'No Node or data layer in the renderer.',
            },
            { regex: '^electron(/|$)', message: 'No Node or data layer in the renderer.' },
          ],
        },
      ],
    },
  },
  // What db/ and the renderer may import from the core stays Node-free: the vocabulary
  // imports only its own folder, kz-id and the permission table only the vocabulary.
  {
    files: ['electron/core/vocabulary/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        { regex: '^(?!\\./[\\w-]+$)', message: 'Node-free: imports only its own folder.' },
      ]),
    },
  },
  {
    files: ['electron/core/auth/permissions.ts', 'electron/core/kz-id/kz-id.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          regex: '^(?!\\.\\./vocabulary/[\\w-]+$)',
          message: 'Node-free: imports only the vocabulary.',
        },
      ]),
    },
  },
  // No import circles in the app's code (type-only imports do not count: they vanish at build).
  {
    files: ['electron/**/*.{ts,tsx}', 'db/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones: featureZones }] },
  },
  {
    files: [
      'electron/host/cli/**/*.ts',
      'electron/host/web/start.ts',
      'test/**/*.ts',
      'scripts/**/*.{ts,mjs,cjs}',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
