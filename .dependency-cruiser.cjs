/**
 * The module dependency rules of docs/ARCHITECTURE.md, enforced by `npm run check:deps`.
 * Server modules form layers; a module imports another only through its index.ts, and only
 * downwards: platform ← audit ← calendar, org ← auth, catalogue ← (later: intake ← dispatch ←
 * workflow ← supervision; analytics reads).
 */
const mod = (name) => `^apps/server/src/modules/${name}/`;

/** Which modules each module may import (besides platform and @citydesk/shared). */
const allowedModuleImports = {
  audit: [],
  calendar: ['audit'],
  org: ['audit'],
  auth: ['audit', 'org'],
  catalogue: ['audit', 'org', 'calendar'],
  notification: ['audit'],
  media: ['audit'],
  settings: ['audit'],
  intake: ['audit', 'org', 'calendar', 'auth', 'catalogue', 'notification', 'media', 'settings'],
  dispatch: ['audit', 'org', 'catalogue', 'intake'],
  workflow: [
    'audit',
    'org',
    'calendar',
    'auth',
    'catalogue',
    'notification',
    'media',
    'settings',
    'intake',
    'dispatch',
  ],
  supervision: ['audit', 'org', 'calendar', 'notification', 'media', 'settings', 'intake', 'dispatch', 'workflow'],
  // Analytics only reads (counts and lists over cases); nothing imports it.
  analytics: ['org', 'catalogue', 'intake'],
  // The citizen portal and the grid-worker app: on top, nothing imports them.
  portal: [
    'audit',
    'org',
    'calendar',
    'auth',
    'catalogue',
    'notification',
    'media',
    'settings',
    'intake',
    'dispatch',
    'workflow',
  ],
  grid: [
    'audit',
    'org',
    'calendar',
    'auth',
    'catalogue',
    'notification',
    'media',
    'settings',
    'intake',
    'dispatch',
    'workflow',
  ],
  // Other systems (Open311, platforms, cameras, external units): on top, nothing imports it;
  // it hears of case changes through the domain events.
  integration: [
    'audit',
    'org',
    'calendar',
    'auth',
    'catalogue',
    'notification',
    'media',
    'settings',
    'intake',
    'dispatch',
    'workflow',
  ],
};
const allModules = Object.keys(allowedModuleImports);
/** Tests may reach into whatever they test (and use the demo seed as a fixture). */
const testFiles = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        "Circular imports make layers meaningless. A lazily loaded page (a route's dynamic import) may use what lists the routes: that is not a cycle at load time.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment: 'Another module is imported only through its index.ts.',
      from: { path: '^apps/server/src/modules/([^/]+)/', pathNot: testFiles },
      to: {
        path: '^apps/server/src/modules/[^/]+/',
        pathNot: ['^apps/server/src/modules/$1/', '^apps/server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    ...allModules.map((name) => ({
      name: `layer-${name}`,
      severity: 'error',
      comment: `${name} may import only: ${allowedModuleImports[name].join(', ') || 'no other module'}.`,
      from: { path: mod(name), pathNot: testFiles },
      to: {
        path: '^apps/server/src/modules/[^/]+/',
        pathNot: [mod(name), ...allowedModuleImports[name].map(mod)],
      },
    })),
    {
      name: 'platform-knows-no-domain',
      severity: 'error',
      comment: 'platform/ is infrastructure: it imports no module, seed or app wiring.',
      from: { path: '^apps/server/src/platform/' },
      to: { path: ['^apps/server/src/modules/', '^apps/server/src/seed/', '^apps/server/src/(app|main|cli)\\.ts$'] },
    },
    {
      name: 'modules-not-wiring',
      severity: 'error',
      comment: 'Modules do not import the app factory, the entry points or the demo seed.',
      from: { path: '^apps/server/src/modules/', pathNot: testFiles },
      to: { path: ['^apps/server/src/seed/', '^apps/server/src/(app|main|cli)\\.ts$'] },
    },
    {
      name: 'shared-is-portable',
      severity: 'error',
      comment: 'packages/shared runs in Node and browsers: no Node built-ins, no app code.',
      from: { path: '^packages/shared/', pathNot: testFiles },
      to: { path: ['^apps/'], dependencyTypes: ['local', 'aliased-workspace', 'npm'], pathNot: ['^node_modules/zod/'] },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^packages/shared/', pathNot: testFiles },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'front-ends-not-server',
      severity: 'error',
      comment: 'Front ends talk to the server over HTTP only.',
      from: { path: '^apps/(web|portal)/' },
      to: { path: '^apps/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['dist/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.mjs', '.json'],
    },
  },
};
