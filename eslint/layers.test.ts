/**
 * Proves the layer rules (eslint/layers.js) by running the project's real ESLint configuration on
 * small fixture sources placed, virtually, at the paths that matter: every forbidden import must be
 * reported by `boundaries/imports`, every allowed one must not. Without this, a rule that silently
 * stops matching (as a written-specifier pattern did from inside src/main/im) goes unnoticed.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RULE = 'boundaries/imports';

interface Fixture {
  /** repository path the source pretends to live at */
  file: string;
  code: string;
}

/** A fixture that must be reported, and the boundary that must report it. */
interface Forbidden extends Fixture {
  boundary: string;
}

const forbidden: Forbidden[] = [
  // src/main/im importing upward into the Electron glue, at several depths
  { boundary: 'im', file: 'src/main/im/index.ts', code: "import '../main-app';" },
  {
    boundary: 'im',
    file: 'src/main/im/manager/x.ts',
    code: "import { createAppServices } from '../../services/app-services';",
  },
  { boundary: 'im', file: 'src/main/im/messaging/x.ts', code: "import '../../ipc-registrar';" },
  { boundary: 'im', file: 'src/main/im/messaging/x.ts', code: "import '../../main-app';" },
  {
    boundary: 'im',
    file: 'src/main/im/messaging/storage/x.ts',
    code: "export { x } from '../../../services/app-services';",
  },
  { boundary: 'im', file: 'src/main/im/connection/x.ts', code: "import 'electron';" },
  // renderer: no Node built-ins in either form, no electron, no main or preload code
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import fs from 'fs';" },
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import 'node:fs';" },
  { boundary: 'renderer', file: 'src/renderer/src/x.tsx', code: "import 'fs/promises';" },
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import path from 'path';" },
  {
    boundary: 'renderer',
    file: 'src/renderer/src/x.ts',
    code: "export async function f() { return import('child_process'); }",
  },
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import 'electron';" },
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import '../../main/index';" },
  { boundary: 'renderer', file: 'src/renderer/src/x.ts', code: "import '../../preload/index';" },
  // preload
  { boundary: 'preload', file: 'src/preload/x.ts', code: "import 'fs';" },
  { boundary: 'preload', file: 'src/preload/x.ts', code: "import 'node:path';" },
  { boundary: 'preload', file: 'src/preload/x.ts', code: "import '../main/ipc-registrar';" },
  { boundary: 'preload', file: 'src/preload/x.ts', code: "import '../renderer/src/app';" },
  // shared
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import 'os';" },
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import 'node:crypto';" },
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import 'react';" },
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import 'electron';" },
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import '../main/im/index';" },
  { boundary: 'shared', file: 'src/shared/x.ts', code: "import '../renderer/src/app';" },
  // main
  { boundary: 'main', file: 'src/main/x.ts', code: "import '../renderer/src/app';" },
  { boundary: 'main', file: 'src/main/services/x.ts', code: "import '../../preload/index';" },
  // production code importing test support
  {
    boundary: 'production',
    file: 'src/main/x.ts',
    code: "import './testing/fake-connection-manager';",
  },
  { boundary: 'production', file: 'src/main/services/x.ts', code: "import '../testing/temp-dir';" },
  { boundary: 'production', file: 'src/main/im/manager/x.ts', code: "import './testing/harness';" },
  {
    boundary: 'production',
    file: 'src/main/im/messaging/x.ts',
    code: "import '../manager/testing/memory-transport';",
  },
  {
    boundary: 'production',
    file: 'src/main/im/protocol/x.ts',
    code: "import './testing/vectors';",
  },
  { boundary: 'production', file: 'src/renderer/src/x.tsx', code: "import '../test/fake-api';" },
  {
    boundary: 'production',
    file: 'src/main/x.ts',
    code: "import '../../e2e/test-server/index';",
  },
  { boundary: 'production', file: 'src/shared/x.ts', code: "import './ipc-contract.test';" },
  // inside im: dependencies point one way
  { boundary: 'im/core', file: 'src/main/im/core/x.ts', code: "import '../manager/types';" },
  { boundary: 'im/protocol', file: 'src/main/im/protocol/x.ts', code: "import '../crypto';" },
  { boundary: 'im/protocol', file: 'src/main/im/protocol/x.ts', code: "import '../core';" },
  {
    boundary: 'im/crypto',
    file: 'src/main/im/crypto/x.ts',
    code: "import '../connection/connection';",
  },
  { boundary: 'im/address', file: 'src/main/im/address/x.ts', code: "import '../manager/types';" },
  {
    boundary: 'im/connection',
    file: 'src/main/im/connection/x.ts',
    code: "import type { Clock } from '../manager/types';",
  },
  {
    boundary: 'im/diagnostics',
    file: 'src/main/im/diagnostics/x.ts',
    code: "import '../manager/options';",
  },
  { boundary: 'im/manager', file: 'src/main/im/manager/x.ts', code: "import '../messaging';" },
  { boundary: 'im/manager', file: 'src/main/im/manager/x.ts', code: "import '../index';" },
  {
    boundary: 'im/messaging',
    file: 'src/main/im/messaging/x.ts',
    code: "import { NotConnectedError } from '../manager/connection-manager';",
  },
  {
    boundary: 'im/messaging',
    file: 'src/main/im/messaging/storage/x.ts',
    code: "import type { Clock } from '../../manager/types';",
  },
  { boundary: 'im/messaging', file: 'src/main/im/messaging/x.ts', code: "import '../address';" },
  { boundary: 'im/sync', file: 'src/main/im/sync/x.ts', code: "import '../manager/types';" },
  { boundary: 'im/sync', file: 'src/main/im/sync/x.ts', code: "import '../messaging';" },
];

const allowed: Fixture[] = [
  { file: 'src/renderer/src/x.tsx', code: "import 'react';\nimport 'zustand';" },
  { file: 'src/renderer/src/chat/x.ts', code: "import '../../../shared/messages';" },
  { file: 'src/preload/x.ts', code: "import 'electron';\nimport '../shared/ipc-contract';" },
  { file: 'src/shared/x.ts', code: "import 'zod';\nimport './connection';" },
  {
    file: 'src/main/x.ts',
    code: "import 'electron';\nimport 'node:fs';\nimport 'path';\nimport './im';\nimport '../shared/settings';",
  },
  {
    file: 'src/main/services/x.ts',
    code: "import '../im/index';\nimport '../../shared/bridge-api';",
  },
  {
    file: 'src/main/im/manager/x.ts',
    code: "import 'node:net';\nimport '../../../shared/connection';",
  },
  {
    file: 'src/main/im/manager/x.ts',
    code: "import '../core';\nimport '../connection/connection';\nimport '../crypto';\nimport '../address/parse-address';\nimport '../diagnostics/diagnostics-log';\nimport '../protocol/packets';",
  },
  {
    file: 'src/main/im/connection/x.ts',
    code: "import '../core';\nimport '../protocol';\nimport '../crypto';",
  },
  { file: 'src/main/im/crypto/x.ts', code: "import '../protocol/packets';" },
  { file: 'src/main/im/address/x.ts', code: "import '../core';" },
  {
    file: 'src/main/im/messaging/x.ts',
    code: "import '../index';\nimport '../core';\nimport '../protocol/packets';\nimport '../../../shared/messages';",
  },
  // tests and test support may reach what they test
  {
    file: 'src/main/im/messaging/x.test.ts',
    code: "import '../manager/testing/real-harness';\nimport '../../../../e2e/test-server/index';",
  },
  {
    file: 'src/main/im/messaging/testing/x.ts',
    code: "import '../../manager/connection-manager';",
  },
  { file: 'src/renderer/src/x.test.tsx', code: "import '../test/fake-api';" },
  { file: 'e2e/x.ts', code: "import '../src/main/im/index';\nimport 'node:fs';" },
];

let eslint: ESLint;

/** The layer violations ESLint reports for one fixture, as "(boundary)" texts. */
async function boundaryReports(fixture: Fixture): Promise<string[]> {
  const [result] = await eslint.lintText(fixture.code, { filePath: `${ROOT}${fixture.file}` });
  if (!result) throw new Error(`ESLint returned no result for ${fixture.file}`);
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`fixture ${fixture.file} does not parse: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  // The first run loads the whole configuration (seconds under load): pay it here, not in a test.
  await eslint.lintText('', { filePath: `${ROOT}src/shared/warm-up.ts` });
});

describe('layer rules: forbidden imports are reported', () => {
  it.each(forbidden)('$boundary: $file: $code', async (fixture) => {
    const reports = await boundaryReports(fixture);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(`(${fixture.boundary})`);
  });
});

describe('layer rules: allowed imports pass', () => {
  it.each(allowed)('$file: $code', async (fixture) => {
    expect(await boundaryReports(fixture)).toEqual([]);
  });
});

describe('layer rules: coverage', () => {
  it('every boundary of the table has a forbidden fixture', async () => {
    // Loaded at run time: layers.js is plain JavaScript for eslint.config.js, without type
    // declarations, so only its boundary names are read (and checked) here.
    const layersUrl = new URL('./layers.js', import.meta.url).href;
    const mod: unknown = await import(layersUrl);
    const layers = (mod as { LAYERS?: unknown }).LAYERS;
    if (!Array.isArray(layers)) throw new Error('eslint/layers.js exports no LAYERS array');
    const names = new Set(layers.map((b: { name?: unknown }) => String(b.name)));
    expect(new Set(forbidden.map((f) => f.boundary))).toEqual(names);
  });
});
