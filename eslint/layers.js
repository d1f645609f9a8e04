// @ts-check
/**
 * The layer table checked by ./import-boundaries.js (docs/architecture.md explains the layers).
 * renderer -> shared; preload -> shared; main -> main/im -> shared; inside main/im the modules
 * point one way: core <- protocol <- crypto <- connection <- manager <- messaging, with address and
 * diagnostics beside them. Globs are repository paths; import targets are matched without their
 * file extension. Test files and test support are free to reach anything they test.
 */

/** Files that are tests or test support (never shipped, so never bound by the layers). */
export const TEST_FILES = [
  '**/*.test.{ts,tsx}',
  '**/*.spec.ts',
  '**/testing/**',
  'src/renderer/test/**',
  'e2e/**',
];

/** Import targets that are test support, matched without extension. */
const TEST_TARGETS = ['e2e/**', '**/testing/**', 'src/renderer/test/**', '**/*.test', '**/*.spec'];

const ELECTRON = ['electron', 'electron/**', 'electron-*', 'electron-*/**'];
const REACT = ['react', 'react/**', 'react-dom', 'react-dom/**'];

/**
 * One module of src/main/im and the sibling modules it may import.
 * @param {string} name
 * @param {string[]} mayUse sibling modules
 * @param {string[]} [alsoAllowed] further repository globs it may import
 * @returns {import('./import-boundaries.js').Boundary}
 */
function imModule(name, mayUse, alsoAllowed = []) {
  const allowed = [name, ...mayUse].map((m) => `src/main/im/${m}/**`);
  const uses = mayUse.length > 0 ? mayUse.join(', ') : 'no other im module';
  return {
    name: `im/${name}`,
    files: [`src/main/im/${name}/**`],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/main/im/**'],
        except: [...allowed, ...alsoAllowed],
        message: `im/${name} may import only ${uses} (dependencies inside im point one way).`,
      },
    ],
  };
}

/** @type {import('./import-boundaries.js').Boundary[]} */
export const LAYERS = [
  {
    name: 'production',
    files: ['src/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: TEST_TARGETS,
        message: 'production code never imports tests or test support.',
      },
    ],
  },
  {
    name: 'renderer',
    files: ['src/renderer/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/main/**', 'src/preload/**'],
        message: 'the renderer talks to the world only through window.wukong (src/shared types).',
      },
      {
        modules: ELECTRON,
        builtins: true,
        message: 'the renderer is a sandboxed web page: no electron, no Node built-ins.',
      },
    ],
  },
  {
    name: 'preload',
    files: ['src/preload/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      { paths: ['src/main/**', 'src/renderer/**'], message: 'preload imports only src/shared.' },
      { builtins: true, message: 'the sandboxed preload has no Node built-ins.' },
    ],
  },
  {
    name: 'shared',
    files: ['src/shared/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/main/**', 'src/preload/**', 'src/renderer/**'],
        message: 'src/shared is the bottom layer: it imports no other process code.',
      },
      {
        modules: [...ELECTRON, ...REACT],
        builtins: true,
        message: 'src/shared holds types and schemas only: no electron, Node built-ins or react.',
      },
    ],
  },
  {
    name: 'main',
    files: ['src/main/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/renderer/**', 'src/preload/**'],
        message: 'main never imports the renderer or preload.',
      },
    ],
  },
  {
    name: 'im',
    files: ['src/main/im/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/main/**'],
        except: ['src/main/im/**'],
        message: 'main/im only imports down (src/shared); the Electron glue imports im.',
      },
      { modules: ELECTRON, message: 'src/main/im is pure Node.js: never import electron.' },
    ],
  },
  imModule('core', []),
  imModule('protocol', []),
  imModule('crypto', ['protocol']),
  imModule('address', ['core']),
  imModule('diagnostics', ['core']),
  imModule('connection', ['core', 'protocol', 'crypto']),
  imModule('manager', ['core', 'protocol', 'crypto', 'address', 'connection', 'diagnostics']),
  {
    name: 'im/messaging',
    files: ['src/main/im/messaging/**'],
    exceptFiles: TEST_FILES,
    forbid: [
      {
        paths: ['src/main/im/manager/**'],
        message: 'messaging reaches the ConnectionManager only through src/main/im/index.ts.',
      },
    ],
  },
  imModule('messaging', ['core', 'protocol'], ['src/main/im/index']),
  // Sync sits beside messaging: it reuses the backoff and reaches the manager only through the index.
  imModule('sync', ['core', 'connection'], ['src/main/im/index']),
];
