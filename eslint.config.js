// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Import boundaries (ARCHITECTURE §7), enforced here rather than hoped for:
 * - db/ imports nothing above it;
 * - electron/core/ never imports electron, electron/main, electron/preload or renderer/;
 * - renderer/ reaches the core only through `import type` from electron/core/api (and the
 *   pure IIN arithmetic of electron/core/kz-id/kz-id, so the form and the core agree).
 */
const restricted = (patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'test-results/', 'db/migrations/'],
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
          group: ['**/electron/**', '**/renderer/**', 'electron'],
          message: 'db/ imports nothing above it.',
        },
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
              // One exception: kz-id is pure arithmetic (no imports, no Node), so the enrolment
              // form reads the birth date and sex from an IIN with the code the core checks with.
              regex: '(^|/)electron/(?!core/kz-id/kz-id$)',
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
