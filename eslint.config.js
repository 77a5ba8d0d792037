// ESLint for every JavaScript file of the project: the npm package (web/), the demo and the
// collector dashboard (browser globals), scripts and tests (node). Formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'build/**',
      'node_modules/**',
      'web/build/**',
      'web/*.min.js',
      'web/studio/build/**',
      'test-artifacts/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
];
