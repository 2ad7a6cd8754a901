/**
 * "What may call what" (ARCHITECTURE.md), checked on every `npm run lint`. Areas are the folders under src/
 * other than platform/, cli/ and demo/ (which, like src/tenure.ts, compose areas).
 */
const AREAS = '(identity|plans|marketplace|submissions|files|notifications|placements|aftercare|ledger|disputes|ratings|integrations|risk|[a-z-]+)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'area-imports-another-areas-store',
      comment: "An area calls other areas' services (or their rules and types), never their stores: a store's queries skip the owning area's checks.",
      severity: 'error',
      from: { path: `^src/${AREAS}/` , pathNot: '^src/(platform|cli|demo)/' },
      to: { path: '^src/([a-z-]+)/store\\.ts$', pathNot: ['^src/$1/store\\.ts$', '^src/platform/'] },
    },
    {
      name: 'composition-imports-a-store',
      comment: 'The CLI, the demo and the composition root use services too: a store is its own area\'s.',
      severity: 'error',
      from: { path: '^src/(cli/|demo/|tenure\\.ts$)' },
      to: { path: '^src/[a-z-]+/store\\.ts$', pathNot: '^src/platform/' },
    },
    {
      name: 'rules-do-no-io',
      comment: 'Pure decisions: a *.rules.ts file imports no database, store, service, HTTP, file system or clock module.',
      severity: 'error',
      from: { path: '\\.rules\\.ts$' },
      to: {
        path: [
          '(^|/)(store|service|routes|database|migrate|app|deps|scheduler|worker|clock|config)\\.ts$',
          '^src/platform/(db|http|audit|scheduler)/',
          '^node_modules/(pg|better-sqlite3|kysely|fastify|@fastify/[^/]+|nodemailer|pino)/',
          '^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process|net|node:net|http|node:http|https|node:https)$',
        ],
        // Table and catalog types (and the pure number conversions beside them) are data shapes, not I/O.
        pathNot: ['^src/platform/db/schema\\.ts$', '^src/platform/audit/events\\.ts$'],
      },
    },
    {
      name: 'platform-imports-no-area',
      comment: 'src/platform is shared machinery: areas plug into it (routes, obligation handlers, policies), it imports none of them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycle, type-only ones included (they still tie two modules into one unit).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-imports-only-pure-server-modules',
      comment: 'The web app may share the server\'s pure catalogs and rules, never code that does I/O.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: ['\\.rules\\.ts$', '^src/notifications/kinds\\.ts$', '^src/marketplace/job-catalog\\.ts$', '^src/platform/audit/events\\.ts$', '^src/platform/http/page-limit\\.ts$', '^src/platform/money\\.ts$', '^src/platform/errors\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|web/dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    skipAnalysisNotInRules: false,
  },
};
