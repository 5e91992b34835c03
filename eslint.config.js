// ESLint (flat config): typescript-eslint's recommended rules and the layer boundaries of
// CONTRIBUTING.md ("dependencies point inwards only"). Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a layer may not make, as no-restricted-imports patterns with the reason shown to the reader. */
const outerLayers = (layer, message) => [
  { group: ['**/store/**', '**/services/**', '**/web/**', '**/cli/**', '**/io/**'], message: `${layer}: ${message}` },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'test-artifacts/', 'src/web/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // A function of the code longer than a screenful or two is a sequence of steps that want
    // names (issue 14). Lines of code only: blank lines and comments are not counted. The Monte
    // Carlo's followAll is exempt where it stands, with its reason.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Exceptions. The rule counts the functions a function holds, so a factory of small handlers is
    // as long as all of them together: the services' createXService (src/services/*.service.ts,
    // users.ts; createWorkforceService says so where it is) and the web's controllers, a list of
    // routes each a few lines (routes.ts, or a part of them in *Routes.ts). Their handlers are what
    // to keep short; splitting the factory would only scatter one feature's routes or use cases.
    files: [
      'src/services/*.service.ts',
      'src/services/users.ts',
      'src/web/features/**/routes.ts',
      'src/web/features/**/*Routes.ts',
      'src/web/features/**/controller.ts',
      'src/web/features/**/controllers/*.ts',
    ],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // The pure domain core: no I/O, no database, no web, no clock, no global randomness.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outerLayers('src/domain is the pure core', 'it imports nothing outside src/domain'),
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'],
              message: 'src/domain does no I/O: pass data in',
            },
            {
              group: ['express', 'kysely', 'pg', 'better-sqlite3', 'exceljs', 'pino'],
              message: 'src/domain imports no framework, database or logger',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/domain reads no environment: pass configuration in' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'src/domain takes a seeded generator' },
        { object: 'Date', property: 'now', message: 'src/domain has no clock: pass the date in' },
      ],
    },
  },
  {
    // Reading and writing files: turns bytes into domain rows. No database, services or front doors.
    files: ['src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/**', '**/services/**', '**/web/**', '**/cli/**'],
              message: 'src/io depends on src/domain only',
            },
          ],
        },
      ],
    },
  },
  {
    // The store: SQL only. No services or front doors.
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/**', '**/web/**', '**/cli/**'],
              message: 'src/store is called by services, never the reverse',
            },
          ],
        },
      ],
    },
  },
  {
    // Services: the use cases. Never the front doors.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/web/**', '**/cli/**'],
              message: 'src/services is called by the CLI and the web, never the reverse',
            },
          ],
        },
      ],
    },
  },
  {
    // The front doors call services; repositories and SQL are the services' business.
    files: ['src/web/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/*.repository.ts', 'kysely'],
              message: 'the CLI and the web call src/services, never repositories or SQL',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/*.repository.ts', 'kysely'],
              message: 'the CLI and the web call src/services, never repositories or SQL',
            },
            { group: ['**/cli/**'], message: 'the web app does not depend on the CLI' },
          ],
        },
      ],
    },
  },
);
