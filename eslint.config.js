import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core is pure: no I/O, no clock, no GitHub, no SQL. Time and randomness are parameters.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/core is pure: no node:* imports (pass data in instead).' },
            { group: ['fs', 'fs/*', 'path', 'child_process', 'os', 'http', 'https', 'net', 'process', 'url', 'crypto'], message: 'src/core is pure: no Node built-ins.' },
            { group: ['@actions/*', '@octokit/*'], message: 'src/core is pure: no GitHub.' },
            { group: ['sql.js', 'sql.js/*'], message: 'src/core is pure: no SQL.' },
            { group: ['prom-client', 'smol-toml'], message: 'src/core is pure: adapters own these.' },
            { group: ['../*'], message: 'src/core may import only from src/core.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: no process.' },
        { name: 'Date', message: 'src/core is pure: time is a parameter.' },
        { name: 'setTimeout', message: 'src/core is pure: no timers.' },
        { name: 'fetch', message: 'src/core is pure: no network.' },
      ],
    },
  },
);
