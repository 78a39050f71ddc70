import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = ['fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'util', 'url', 'stream', 'events']
const builtinPaths = (message) => NODE_BUILTINS.map((name) => ({ name, message }))

/** Engine code may never reach Electron; only the desktop shell's own files may. */
const ELECTRON_FILES = ['src/main/index.ts', 'src/main/electron/**/*.ts', 'src/preload/**/*.ts']
const NO_ELECTRON = { name: 'electron', message: 'The engine never imports electron; only src/main/index.ts and src/main/electron/ may.' }

/**
 * The engine's layers (docs/architecture.md): the hops sit on the layers below them and never on
 * each other; the engine assembles the hops; scenarios, the control API and the CLI sit on top.
 */
const HOPS = ['backend', 'frontdoor', 'proxy', 'runner', 'operator', 'providers', 'kube', 'controlplane']
const LOWER = ['agui', 'backend-process', 'flaws', 'ledger', 'net', 'sim', 'store', 'trace', 'turns', 'vault', 'world']
const ABOVE_HOPS = ['engine', 'scenarios', 'explore', 'control', 'cli', 'electron']
const folderGroup = (folders) => folders.flatMap((f) => [`**/${f}/**`, `../${f}`, `../../${f}`])
const layerRule = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON], patterns: [{ group: folderGroup(forbidden), message }] }] }
})
const layerRules = [
  layerRule(
    LOWER.map((f) => `src/main/${f}/**/*.ts`),
    [...HOPS, ...ABOVE_HOPS],
    'A layer below the hops imports no hop and nothing that assembles them.'
  ),
  ...HOPS.map((hop) =>
    layerRule(
      [`src/main/${hop}/**/*.ts`],
      [...HOPS.filter((h) => h !== hop), ...ABOVE_HOPS],
      'A hop imports no other hop and not the engine: what two hops share lives below them (net/, sim/, agui/, backend-process/).'
    )
  ),
  layerRule(['src/main/engine/**/*.ts'], ['scenarios', 'explore', 'control', 'cli', 'electron'], 'The engine assembles the hops; what drives it sits above it.'),
  layerRule(['src/main/scenarios/**/*.ts'], ['explore', 'control', 'cli', 'electron'], 'Scenarios run on the engine; the control API and the CLI sit above them.'),
  layerRule(['src/main/explore/**/*.ts'], ['control', 'cli', 'electron'], 'Exploration runs scenarios; the control API and the CLI sit above it.'),
  layerRule(['src/main/report/**/*.ts'], ['control', 'cli', 'electron'], 'Reports read the store and bundles; the control API and the CLI sit above them.'),
  layerRule(['src/main/control/**/*.ts'], ['cli', 'electron'], 'The control API is a shell over the engine; the CLI sits above it.')
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'reports/**', '.stryker-tmp*/**', 'docs/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }]
    }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ELECTRON_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [NO_ELECTRON] }] }
  },
  ...layerRules,
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared stays runtime-free.' }, ...builtinPaths('src/shared stays runtime-free: no Node modules.')],
          patterns: [
            { group: ['node:*'], message: 'src/shared stays runtime-free: no Node modules.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports nothing from the shells.' }
          ]
        }
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require']
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the API interface, never to Electron.' }, ...builtinPaths('The renderer runs in a browser sandbox.')],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser sandbox.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer may not import src/main or src/preload; use src/shared and its API client.' }
          ]
        }
      ]
    }
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' }
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node }
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' }
  }
)
