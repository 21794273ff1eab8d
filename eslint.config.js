// Lint rules: typescript-eslint recommended, no `any`, and the layer arrows of shared/ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'os', 'path', 'child_process', 'process', 'net', 'http', 'events', 'stream', 'timers'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'screenshots/**', 'test/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly',
        URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', queueMicrotask: 'readonly', global: 'readonly',
        performance: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Scripts parse terminal captures: ANSI escapes in regexes are the point.
    files: ['scripts/**/*.mjs'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // source/core is pure: no node built-ins, no ink/react, no wall clock, no timers.
    files: ['source/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'source/core is pure: I/O comes through ports (core/ports.ts).' },
          { group: ['ink', 'react', 'ink-*', '../ui/*', '../adapters/*', '../format/*'], message: 'core imports nothing outside core.' },
        ],
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'process', 'setImmediate'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time comes from the Clock port' }],
    },
  },
  {
    // format and headless never pull in the interactive stack.
    files: ['source/format/**/*.ts', 'source/headless.ts', 'source/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['ink', 'react', 'ink-*', '../ui/*'], message: 'Ink/React live in source/ui only.' }] }],
    },
  },
);
