// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, lowest first (ARCHITECTURE.md draws them). A folder may import the folders below it and
 * never one above: the rules below say, for each folder, which project folders it must not import.
 */
const folders = [
  'domain',
  'lib',
  'db',
  'workload',
  'activities',
  'workflows',
  'worker',
  'app',
  'http',
  'api',
  'web',
  'server',
  'demo',
  'scripts',
  'bench',
];

/** An import specifier that reaches the project folder `name` (relative, from anywhere in the tree). */
const reaches = (name) => `^(\\.\\.?/)+(?:[^/]+/)*?${name}(/|$)`;

/** A rule entry refusing imports of these folders (type-only imports allowed where `types` says so). */
const refuse = (names, message, types = false) => ({ regex: `(${names.map(reaches).join('|')})`, message, allowTypeImports: types });

const layerRule = (...patterns) => ['error', { patterns }];

const above = (folder) => folders.slice(folders.indexOf(folder) + 1);

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'coverage/**', 'test-output/**', 'test/histories/**', 'web/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Unused names are dead code; a leading underscore says "deliberately unused" (a destructured-away field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-exports': [
        'error',
        { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  // The pure domain imports nothing of ours, and nothing that does I/O.
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(refuse(above('domain'), 'domain/ is pure: it imports no other layer.'), {
        regex: '^(node:|pg$|kysely$|@temporalio/)',
        message: 'domain/ is pure: no I/O, no clock, no Temporal.',
      }),
    },
  },
  // Infrastructure leaves: configuration, the payload codec, the Temporal CLI and dev server, the mail server.
  {
    files: ['lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(
          folders.filter((f) => f !== 'lib'),
          'lib/ is infrastructure that imports nothing of the project.',
        ),
      ),
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': layerRule(refuse(above('db'), 'db/ sits on the domain alone.')) },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(above('activities'), 'activities/ use the domain, the database and lib/ only.'),
      ),
    },
  },
  // Workflow code is deterministic and bundled into a sandbox: no I/O, activities by type only, and the
  // domain by module, never its barrel (each cached journey evaluates every module it imports).
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(['activities', 'db'], 'Workflows reach activities and the database by type only (proxyActivities).', true),
        refuse(above('workflows').concat('lib'), 'Workflow code imports no layer above it.'),
        {
          regex: '^(node:|pg$|kysely$|@temporalio/(client|worker|activity)$)',
          message: 'Workflow code does no I/O: only @temporalio/workflow and pure modules.',
        },
        {
          regex: '^\\.\\./domain(/index)?$',
          message: "Import the domain's modules, not its barrel: every cached journey evaluates what it imports.",
        },
      ),
    },
  },
  {
    files: ['worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(above('worker'), 'worker/ runs workflows and activities; it knows no adapter.'),
      ),
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse([...above('app'), 'activities', 'worker'], 'app/ is the application layer: no HTTP, no adapter, no worker.'),
      ),
    },
  },
  {
    files: ['http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse([...above('http'), 'activities', 'worker', 'workflows'], 'http/ is what the two adapters share; it knows neither.'),
      ),
    },
  },
  // The two adapters are siblings over the application: neither imports the other, nor the database.
  ...['api', 'web'].map((adapter) => ({
    files: [`${adapter}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse([adapter === 'api' ? 'web' : 'api'], 'api/ and web/ are sibling adapters over app/: neither imports the other.'),
        refuse(
          ['db', 'activities', 'workflows', 'worker', 'server', 'workload', 'demo', 'scripts', 'bench'],
          'Adapters reach the database and Temporal through app/ only.',
        ),
      ),
    },
  })),
  {
    files: ['server/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': layerRule(refuse(above('server'), 'server/ composes the layers below it.')) },
  },
  {
    files: ['workload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(above('workload'), 'workload/ writes through the event store and the read models; nothing above them.'),
      ),
    },
  },
  {
    files: ['demo/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': layerRule(
        refuse(above('demo'), 'demo/ drives the system; only scripts and benches sit above it.'),
      ),
    },
  },
  // Tests and tools read everything; their fixtures are typed loosely where the contract is JSON.
  { files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // What tools load by their default export: ESLint's own config, jest's global setup and teardown.
  {
    files: ['eslint.config.mjs', 'test/support/global-setup.ts', 'test/support/global-teardown.ts'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
