// Typed linting: strictTypeChecked catches floating promises and unsafe any.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // console/src/api/schema.d.ts is generated (npm run console:api); console/dist is the console's build.
  { ignores: ['node_modules/**', '.cache/**', 'dist/**', 'coverage/**', 'out/**', 'console/dist/**', 'console/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { globals: globals.node, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The web console runs in the browser; its sources are typed by console/tsconfig.json.
  { files: ['console/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js'], languageOptions: { globals: globals.node, parserOptions: { projectService: false } } },
);
