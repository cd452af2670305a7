// ESLint 9 flat config. typescript-eslint `recommended` (syntax-only, no type information: keeps lint fast;
// `tsc --noEmit` does the type checking).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------- layering
// The import rules of docs/ARCHITECTURE.md ("Rules of the road"), checked by lint so a violation fails
// `npm test` (docs/decisions/0009-layering.md). Built-in rules only: `no-restricted-imports` (regex patterns
// on the import path) and `no-restricted-syntax` (Kysely calls). ESLint uses the last block's options for a
// rule, so each file matches exactly one `no-restricted-imports` block below and every block repeats the
// rules that hold everywhere. server/src/layering.test.ts proves each rule fires.
const rule = (regex, message) => ({ regex, message });
const noDialect = rule(
  '(^|/)db/dialect(\\.js)?$',
  'Only server/src/db/ knows SQLite from PostgreSQL; use db/helpers.ts or a db/ function.',
);
const noFastify = rule(
  '^(fastify|fastify-.*|@fastify/.*)$',
  'Fastify belongs to routes, plugins and app.ts.',
);
const noKysely = rule('^kysely$', 'Kysely belongs to repositories and db/.');
const noRoutes = rule('\\.routes(\\.js)?$', 'Nothing imports routes but app.ts.');
const noRepositories = rule(
  '\\.repository(\\.js)?$',
  'Routes call their service; SQL lives in repositories.',
);
const noDb = rule('(^|/)db/', 'Routes never touch the database; call the service.');
const noOtherDomain = rule(
  '^\\.\\./[^./][^/]*/',
  'A route imports only its own domain (schemas, service) plus plugins/ and shared/.',
);
const repositoryOnly = rule(
  '^(?!kysely$|\\.\\./\\.\\./db/|\\.\\./\\.\\./shared/|\\.\\./db/|\\.\\./shared/)',
  'A repository imports only db/, shared/ and kysely: no services, policies, other repositories, email or Fastify.',
);
const noServer = rule('(^|/)server/', 'The web app talks to the server only through the API (web/src/api).');
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const serverFiles = ['server/**/*.{ts,mts,js,mjs}', 'scripts/**/*.{ts,mjs,js}', 'bench/**/*.{ts,mjs,js}'];
const repositories = ['server/src/**/*.repository.ts'];
const routes = ['server/src/**/*.routes.ts'];
const services = ['server/src/**/*.service.ts', 'server/src/**/*.policy.ts'];
const dbFolder = ['server/src/db/**'];

// The order of domains, higher → lower: search, matching, insights, home, digest, account, moderation, pages →
// offers, ties → engagements → overflow → ledger → notifications → members, admin → email → merit, audit. A domain
// never imports one above it (a separate rule name, so it adds to the layer rules). Discovery (search, matching),
// insights, the member home (home: what needs you), the member's own account (account: export and deletion),
// moderation and the server-rendered pages (pages: heads, cards, sitemap) read every domain below them; merit is
// data the others show; audit is the log everyone writes to.
const top = ['search', 'matching', 'insights', 'home', 'digest', 'account', 'moderation', 'pages'];
const others = (d) => top.filter((t) => t !== d);
const domainsAbove = {
  search: ['matching', 'insights', 'home', 'digest', 'account', 'moderation', 'pages'],
  matching: ['search', 'insights', 'home', 'digest', 'account', 'moderation', 'pages'],
  insights: ['search', 'matching', 'home', 'digest', 'account', 'moderation', 'pages'],
  home: ['search', 'matching', 'insights', 'digest', 'account', 'moderation', 'pages'],
  digest: ['search', 'insights', 'account', 'moderation', 'pages'],
  account: others('account'),
  moderation: others('moderation'),
  pages: others('pages'),
  engagements: [...top, 'offers', 'ties'],
  overflow: [...top, 'offers', 'ties', 'engagements'],
  ledger: [...top, 'offers', 'ties', 'engagements', 'overflow', 'notifications', 'members', 'admin', 'auth'],
  notifications: [...top, 'offers', 'ties', 'engagements', 'overflow', 'ledger'],
  members: [...top, 'offers', 'ties', 'engagements', 'overflow', 'ledger', 'notifications'],
  admin: [...top, 'offers', 'ties', 'engagements', 'overflow', 'ledger', 'notifications', 'members'],
  offers: [...top, 'ties'],
  ties: [...top, 'offers'],
  // Email settings, unsubscribe tokens and event templates: below notifications (its email channel uses them).
  email: [...top, 'offers', 'ties', 'engagements', 'overflow', 'ledger', 'notifications', 'members', 'admin'],
  merit: [
    ...top,
    'audit',
    'email',
    'offers',
    'ties',
    'engagements',
    'overflow',
    'ledger',
    'notifications',
    'members',
    'admin',
    'auth',
  ],
  // The audit log: every domain writes to it; it reads none.
  audit: [
    ...top,
    'merit',
    'email',
    'offers',
    'ties',
    'engagements',
    'overflow',
    'ledger',
    'notifications',
    'members',
    'admin',
    'auth',
  ],
};
const domainOrder = Object.entries(domainsAbove).map(([domain, above]) => ({
  files: [`server/src/modules/${domain}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          rule(
            `^\\.\\./(${above.join('|')})/`,
            `Domains import one way (docs/ARCHITECTURE.md): ${domain} may not import ${above.join(', ')}.`,
          ),
        ],
      },
    ],
  },
}));

// Kysely code, by its calls: only repositories and db/ may build queries.
const kyselyCalls = [
  'selectFrom',
  'selectNoFrom',
  'updateTable',
  'insertInto',
  'replaceInto',
  'deleteFrom',
  'mergeInto',
];
const noQueries = {
  'no-restricted-syntax': [
    'error',
    {
      selector: `CallExpression > MemberExpression.callee > Identifier.property[name=/^(${kyselyCalls.join('|')})$/]`,
      message:
        'Queries live in repositories (*.repository.ts) or db/, never in services, jobs, email or routes.',
    },
    {
      selector: 'TaggedTemplateExpression > Identifier.tag[name="sql"]',
      message: 'SQL lives in repositories (*.repository.ts) or db/.',
    },
  ],
};

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'data/',
    'coverage/',
    'test-results/',
    'screenshots/',
    'web/src/api/schema.d.ts', // generated by openapi-typescript
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // Node code: server, scripts, tests, tooling, config files.
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['web/src/**'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Browser code.
  {
    files: ['web/src/**/*.{ts,tsx,js,jsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // e2e scripts run in Node but pass callbacks to page.evaluate(), which run in the browser.
  {
    files: ['e2e/**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  // React hooks rules for the web app.
  {
    files: ['web/**/*.{ts,tsx,js,jsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },

  // Layering (see the top of this file).
  {
    files: serverFiles,
    ignores: [...dbFolder, ...repositories, ...routes, ...services],
    rules: restrict(noDialect),
  },
  { files: repositories, rules: restrict(repositoryOnly, noDialect) },
  { files: routes, rules: restrict(noRepositories, noDb, noKysely, noOtherDomain, noDialect) },
  { files: services, rules: restrict(noFastify, noKysely, noRoutes, noDialect) },
  { files: ['web/**/*.{ts,tsx,js,jsx,mjs}'], rules: restrict(noServer) },
  ...domainOrder,
  {
    files: ['server/src/**/*.ts'],
    ignores: [...dbFolder, ...repositories, 'server/src/**/*.test.ts'],
    rules: noQueries,
  },

  // packages/rules: pure rules shared by the server and the web app. No dependencies (only imports within
  // the package) and no Node or browser APIs, so both sides can run it.
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!\\./)', message: 'packages/ has no dependencies: import only ./ files.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'Buffer',
          'require',
          'module',
          '__dirname',
          '__filename',
          'global',
          'setImmediate',
        ].map((name) => ({ name, message: 'packages/ runs in the browser too: no Node APIs.' })),
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'fetch'].map(
          (name) => ({ name, message: 'packages/ runs on the server too: no DOM APIs.' }),
        ),
      ],
    },
  },
);
