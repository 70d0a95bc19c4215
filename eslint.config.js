import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
