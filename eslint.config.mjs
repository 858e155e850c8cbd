// Lint (run by `npm test`): ESLint's and typescript-eslint's recommended rules. Formatting is not
// linted (no rule here is about layout), so linting never asks to reshape a file.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', '**/node_modules/**', 'policies/bin/**', 'bench/.cache/**', 'test-output/**', '.tmp/**', 'src/**/*.generated.js', 'src/**/*.generated.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are unused on purpose (a parameter an interface requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The output sanitisers match control characters on purpose (terminal escapes, XML 1.0, CSV).
      'no-control-regex': 'off',
    },
  },
  {
    // Plain CommonJS files (fixtures that Node loads as they are).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
