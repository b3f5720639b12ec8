// @ts-check
import eslint from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

const infrastructure = ['typeorm', 'kafkajs', 'bullmq', 'ioredis', 'pg', 'express', '@nestjs/*'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'deploy/kafka/.runtime/**',
      'deploy/.runtime/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Async functions that satisfy a promise-returning interface need not await anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'import/no-cycle': ['error', { maxDepth: 10 }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@scb/*/src', '@scb/*/src/*'],
              message: 'Import libraries through their entry point (@scb/<lib>).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    // Domain and contract libraries stay free of frameworks and I/O.
    files: [
      'libs/{auth,cases,contracts,core,crm,matching,routing,config,social-sources}/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructure,
              message: 'Domain code must not depend on frameworks or I/O; use an adapter library.',
            },
            {
              group: ['@scb/*/src', '@scb/*/src/*'],
              message: 'Import libraries through their entry point (@scb/<lib>).',
            },
          ],
        },
      ],
    },
  },
  {
    // The CRM port and its rules are plain TS; only the adapters speak to a vendor's client.
    files: ['libs/crm/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...infrastructure, 'jsforce', 'jsforce/*', 'node-zendesk', 'node-zendesk/*'],
              message: 'The CRM domain must not depend on frameworks, I/O or a CRM client.',
            },
            {
              group: ['@scb/*/src', '@scb/*/src/*'],
              message: 'Import libraries through their entry point (@scb/<lib>).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.any, objectContaining) are typed as any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
