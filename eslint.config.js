import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering (ARCHITECTURE.md): renderer -> shared; preload -> shared; main -> main/im -> shared.
// Production code never imports tests, the test server or e2e fixtures.
const noTestCode = {
  group: ['**/e2e/**', '**/*.test', '**/*.test.ts', '**/test-server/**'],
  message: 'Production code must not import test code (e2e, test server, tests).',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'electron', 'node:*'],
              message:
                'The renderer talks to the world only through window.wukong (src/shared types).',
            },
            noTestCode,
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'node:*',
                'react',
                '**/main/**',
                '**/preload/**',
                '**/renderer/**',
              ],
              message: 'src/shared holds types and schemas only: no electron, node or react.',
            },
            noTestCode,
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/im/**/*.ts'],
    ignores: ['src/main/im/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/main/im is pure Node.js: never import electron.' },
          ],
          patterns: [
            { group: ['electron/*', 'electron-*'], message: 'src/main/im is pure Node.js.' },
            {
              group: ['../../main/*', '../../preload/**', '**/renderer/**'],
              message: 'main/im only imports down (shared).',
            },
            noTestCode,
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/im/**', 'src/main/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'main never imports the renderer or preload.',
            },
            noTestCode,
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    ignores: ['src/preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', 'node:*'],
              message: 'preload only imports shared.',
            },
            noTestCode,
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
          message:
            "Never require('electron') from Node-side tests or scripts: it tries to download the binary.",
        },
      ],
    },
  },
);
