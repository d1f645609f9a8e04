// A real electron-builder `--dir` run for linux-x64, offline: Electron comes from a stand-in
// distribution folder (the binary cannot be downloaded here), native rebuilds are off and nothing
// is published. Checks what lands in app.asar and which fuses the afterPack hook flipped.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, EXECUTABLE_NAME } from './builder-config';
import { RELEASE_FUSES, TEST_FUSES, FUSE_INDEX, type FuseSettings } from './fuses';
import { STAND_IN_DEFAULT_WIRE, writeStandInElectron } from './stand-in-electron';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

const OUT_ENTRIES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

let workDir = '';
/** A snapshot of the project to pack, so a concurrent `npm run build` cannot change out/ midway. */
let projectDir = '';

async function packDir(env: NodeJS.ProcessEnv, name: string): Promise<string> {
  const base = createConfig(env);
  const output = join(workDir, name);
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      ...base,
      electronDist: join(workDir, 'electron-dist'),
      directories: { ...base.directories, output },
    },
  });
  return join(output, 'linux-unpacked');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => relative(projectDir, join(dir, file)).split('\\').join('/'));
}

function expectedWire(settings: Readonly<FuseSettings>): Record<number, FuseState> {
  const wire: Record<number, FuseState> = {};
  [...STAND_IN_DEFAULT_WIRE].forEach((bit, i) => {
    wire[i] = bit === '1' ? FuseState.ENABLE : FuseState.DISABLE;
  });
  for (const [key, index] of Object.entries(FUSE_INDEX)) {
    wire[index] = settings[key as keyof FuseSettings] ? FuseState.ENABLE : FuseState.DISABLE;
  }
  return wire;
}

async function readWire(binary: string): Promise<Record<number, FuseState>> {
  const { version, ...wire } = await getCurrentFuseWire(binary);
  expect(version).toBe('1');
  return wire as Record<number, FuseState>;
}

let releaseApp = '';
let testApp = '';
let entries: string[] = [];

beforeAll(async () => {
  if (!OUT_ENTRIES.every((file) => existsSync(join(root, file)))) {
    const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stderr}`);
  }
  workDir = mkdtempSync(join(tmpdir(), 'wukong-pack-'));
  projectDir = join(workDir, 'project');
  for (const entry of ['package.json', 'out', 'build', 'resources']) {
    cpSync(join(root, entry), join(projectDir, entry), { recursive: true });
  }
  // a junction on Windows needs no privileges
  const linkType = process.platform === 'win32' ? 'junction' : 'dir';
  symlinkSync(join(root, 'node_modules'), join(projectDir, 'node_modules'), linkType);
  writeStandInElectron(join(workDir, 'electron-dist'), electronVersion);
  releaseApp = await packDir({}, 'release');
  testApp = await packDir({ WUKONG_TEST_BUILD: '1' }, 'test-build');
  entries = listPackage(join(releaseApp, 'resources/app.asar'), { isPack: false }).map((e) =>
    e.replace(/\\/g, '/').replace(/^\//, ''),
  );
}, 90_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('packaged app (linux-x64 --dir, stand-in Electron)', () => {
  it('has the renamed executable, the sandbox helper, licences and only app.asar in resources', () => {
    expect(statSync(join(releaseApp, EXECUTABLE_NAME)).mode & 0o111).not.toBe(0);
    expect(existsSync(join(releaseApp, 'electron'))).toBe(false);
    expect(existsSync(join(releaseApp, 'chrome-sandbox'))).toBe(true);
    expect(existsSync(join(releaseApp, 'LICENSE.electron.txt'))).toBe(true);
    expect(existsSync(join(releaseApp, 'LICENSES.chromium.html'))).toBe(true);
    // no unpacked app folder, no update metadata (publishing is off)
    expect(readdirSync(join(releaseApp, 'resources'))).toEqual(['app.asar']);
  });

  it('app.asar holds out/, package.json and node_modules, nothing else at the top', () => {
    const top = [...new Set(entries.map((e) => e.split('/')[0]))].sort();
    expect(top).toEqual(['node_modules', 'out', 'package.json']);
  });

  it('app.asar holds every built file of out/ except source maps', () => {
    const built = filesUnder(join(projectDir, 'out')).filter((f) => !f.endsWith('.map'));
    expect(built.length).toBeGreaterThanOrEqual(OUT_ENTRIES.length);
    for (const file of [...OUT_ENTRIES, ...built]) expect(entries).toContain(file);
  });

  it('app.asar holds the runtime dependencies', () => {
    for (const dep of Object.keys(pkg.dependencies)) {
      expect(entries).toContain(`node_modules/${dep}/package.json`);
    }
  });

  it('app.asar holds no sources, tests, test server, maps or dev-only packages', () => {
    const topLevelModules = new Set(
      entries.filter((e) => e.startsWith('node_modules/')).map((e) => e.split('/')[1]),
    );
    const packedDevDependencies = Object.keys(pkg.devDependencies).filter((dev) =>
      dev.startsWith('@') ? entries.includes(`node_modules/${dev}`) : topLevelModules.has(dev),
    );
    expect(packedDevDependencies).toEqual([]);
    for (const renderOnly of [
      'react',
      'react-dom',
      'zustand',
      'i18next',
      'scheduler',
      'electron',
    ]) {
      expect(topLevelModules.has(renderOnly), renderOnly).toBe(false);
    }
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(entries.filter((e) => /(^|\/)(test-server|e2e)(\/|$)/.test(e))).toEqual([]);
    expect(entries.filter((e) => /\.test\.[cm]?[jt]sx?$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /\.(ts|tsx|mts|cts)$/.test(e))).toEqual([]);
  });

  it('ships a package.json without scripts or devDependencies, whose main is packed', () => {
    const shipped = JSON.parse(
      extractFile(join(releaseApp, 'resources/app.asar'), 'package.json').toString('utf8'),
    ) as Record<string, unknown>;
    expect(shipped).not.toHaveProperty('devDependencies');
    expect(shipped).not.toHaveProperty('scripts');
    expect(shipped.desktopName).toBe(`${EXECUTABLE_NAME}.desktop`);
    expect(entries).toContain(String(shipped.main).replace(/^\.\//, ''));
  });

  it('the release binary carries the release fuses', async () => {
    const wire = await readWire(join(releaseApp, EXECUTABLE_NAME));
    expect(wire).toEqual(expectedWire(RELEASE_FUSES));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('the test build keeps --inspect for Playwright and is otherwise identical', async () => {
    const wire = await readWire(join(testApp, EXECUTABLE_NAME));
    expect(wire).toEqual(expectedWire(TEST_FUSES));
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });
});
