import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Directions that stay one-way inside the core (STYLE.md "Our layout"; issue 15 "Layering").
const ADAPTERS = { group: ['**/adapters/**'], message: 'The core reaches adapters only through the composition root (core/di).' };
const ROOT = { group: ['**/di/**'], message: 'core/fa3, core/ksef and core/pipeline see ports, never the composition root.' };
const CLI = { group: ['**/cli/**', 'commander'], message: 'Command-line code lives only in core/cli.' };
const CREDENTIALS = { group: ['**/credentials/**'], message: 'core/ksef and core/credentials do not import each other (shared types live in core/signing).' };
const KSEF = { group: ['**/ksef/**'], message: 'core/ksef and core/credentials do not import each other (the glue lives in core/pipeline and core/cli).' };
const layer = (files, patterns, ignores = []) => ({ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  layer(['core/**/*.ts'], [ADAPTERS, CLI], ['core/di/**', 'core/cli/**']),
  layer(['core/cli/**/*.ts'], [ADAPTERS]),
  layer(['core/fa3/**/*.ts', 'core/pipeline/**/*.ts'], [ADAPTERS, ROOT, CLI]),
  layer(['core/ksef/**/*.ts'], [ADAPTERS, ROOT, CLI, CREDENTIALS]),
  layer(['core/credentials/**/*.ts'], [ADAPTERS, ROOT, CLI, KSEF]),
  {
    // Plugins see the gateway only through its plugin API (STYLE.md).
    files: ['plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['inversify', '@inversifyjs/*'], message: 'Plugins never see the container.' },
          { group: ['**/core/*', '!**/core/plugin-api', '**/core/!(plugin-api)/**', '**/adapters/**'], message: 'Plugins import core/plugin-api only.' },
        ],
      }],
    },
  },
);
