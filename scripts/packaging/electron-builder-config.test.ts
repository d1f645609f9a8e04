import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { createConfig, EXECUTABLE_NAME } from './builder-config';

const root = resolve(import.meta.dirname, '../..');
const validate = (config: Configuration): Promise<void> =>
  validateConfiguration(config, new DebugLogger(false));

const RELEASE_ENV = {};
const FULL_ENV = {
  WUKONG_TEST_BUILD: '1',
  WUKONG_SIGN: '1',
  APPLE_ID: 'dev@example.com',
  APPLE_APP_SPECIFIC_PASSWORD: 'x',
  APPLE_TEAM_ID: 'TEAM',
  WUKONG_PUBLISH_GITHUB: 'example/wukong-desktop',
};

function targetNames(targets: unknown): string[] {
  return (targets as (string | TargetConfiguration)[]).map((t) =>
    typeof t === 'string' ? t : t.target,
  );
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema validation (release, and with every option on)", async () => {
    await expect(validate(createConfig(RELEASE_ENV))).resolves.toBeUndefined();
    await expect(validate(createConfig(FULL_ENV))).resolves.toBeUndefined();
  });

  it('electron-builder.config.ts (what the CLI reads) exports a valid configuration', async () => {
    // a computed specifier keeps the root file out of tsconfig.node.json's program
    const url = pathToFileURL(resolve(root, 'electron-builder.config.ts')).href;
    const loaded = (await import(/* @vite-ignore */ url)) as { default: Configuration };
    expect(loaded.default.appId).toBe(createConfig({}).appId);
    await expect(validate(loaded.default)).resolves.toBeUndefined();
  });

  it('the validator is live: it rejects an unknown option', async () => {
    const broken = { ...createConfig(RELEASE_ENV), linux: { notAnOption: true } };
    await expect(validate(broken as Configuration)).rejects.toThrow(
      /Invalid configuration object[\s\S]*configuration\.linux/,
    );
  });

  it('targets AppImage + deb, NSIS and dmg', () => {
    const config = createConfig(RELEASE_ENV);
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
  });

  it('names every artifact with version and arch', () => {
    const config = createConfig(RELEASE_ENV);
    const names = [
      config.artifactName,
      config.appImage?.artifactName,
      config.deb?.artifactName,
      config.nsis?.artifactName,
      config.dmg?.artifactName,
    ];
    for (const name of names) {
      expect(name).toContain('${version}');
      expect(name).toContain('${arch}');
    }
  });

  it('gives Linux a desktop entry with categories and a matching app id', () => {
    const config = createConfig(RELEASE_ENV);
    expect(config.linux?.category).toMatch(/^Network;.*InstantMessaging/);
    expect(config.linux?.executableName).toBe(EXECUTABLE_NAME);
    expect(config.extraMetadata).toMatchObject({ desktopName: `${EXECUTABLE_NAME}.desktop` });
    expect(config.linux?.desktop?.entry).toMatchObject({ GenericName: 'Chat Client' });
    // electron-builder refuses Exec in the entry; the executable name drives it
    expect(config.linux?.desktop?.entry).not.toHaveProperty('Exec');
  });

  it("the AppImage menu entry keeps Chromium's sandbox (no --no-sandbox in Exec)", () => {
    // electron-builder writes `AppRun --no-sandbox` unless executableArgs is set.
    const args = createConfig(RELEASE_ENV).appImage?.executableArgs;
    expect(args).toBeDefined();
    expect(args).not.toContain('--no-sandbox');
  });

  it('installs the AppArmor profile with the deb', () => {
    const deb = createConfig(RELEASE_ENV).deb;
    for (const file of [deb?.afterInstall, deb?.afterRemove, deb?.appArmorProfile]) {
      expect(file).toBeTruthy();
      expect(existsSync(resolve(root, file as string))).toBe(true);
    }
  });

  it('never downloads or rebuilds native modules and never publishes by default', () => {
    const config = createConfig(RELEASE_ENV);
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.publish).toBeNull();
    expect(config.forceCodeSigning).toBe(false);
    expect(config.mac?.identity).toBeNull();
    expect(config.mac?.notarize).toBe(false);
    expect(config.win).not.toHaveProperty('signtoolOptions');
  });

  it('points every icon setting at a file or folder that exists', () => {
    const config = createConfig(RELEASE_ENV);
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(icon).toBeTruthy();
      expect(existsSync(resolve(root, icon as string))).toBe(true);
    }
    expect(existsSync(resolve(root, config.mac?.entitlements as string))).toBe(true);
  });

  it('keeps the e2e build apart from release artifacts', () => {
    expect(createConfig(RELEASE_ENV).directories?.output).toBe('dist');
    expect(createConfig({ WUKONG_TEST_BUILD: '1' }).directories?.output).toBe('dist/test-build');
  });

  it('packs only out/ from the project (dependencies come from package.json)', () => {
    const files = createConfig(RELEASE_ENV).files as string[];
    const includes = files.filter((f) => !f.startsWith('!'));
    expect(includes).toEqual(['out/**/*']);
    expect(files).toContain('!**/*.map');
  });
});
