import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { fuseSettingsFor, RELEASE_FUSES, TEST_FUSES, toFuseConfig } from './fuses';

describe('fuse settings', () => {
  it('release builds lock the binary down', () => {
    expect(RELEASE_FUSES).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('the test build differs only in what Playwright needs (--inspect)', () => {
    const differing = Object.keys(RELEASE_FUSES).filter(
      (key) =>
        RELEASE_FUSES[key as keyof typeof RELEASE_FUSES] !==
        TEST_FUSES[key as keyof typeof TEST_FUSES],
    );
    expect(differing).toEqual(['enableNodeCliInspectArguments']);
    expect(TEST_FUSES.enableNodeCliInspectArguments).toBe(true);
  });

  it('is chosen by WUKONG_TEST_BUILD=1 only', () => {
    expect(fuseSettingsFor({})).toBe(RELEASE_FUSES);
    expect(fuseSettingsFor({ WUKONG_TEST_BUILD: 'true' })).toBe(RELEASE_FUSES);
    expect(fuseSettingsFor({ WUKONG_TEST_BUILD: '1' })).toBe(TEST_FUSES);
  });

  it('maps every setting to its wire index', () => {
    const config = toFuseConfig(RELEASE_FUSES, 'linux', 'x64');
    expect(config.version).toBe(FuseVersion.V1);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.WasmTrapHandlers]).toBeUndefined(); // left as Electron ships it
    expect(config.resetAdHocDarwinSignature).toBe(false);
  });

  it('re-signs ad hoc only for arm64 macOS', () => {
    expect(toFuseConfig(RELEASE_FUSES, 'darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(toFuseConfig(RELEASE_FUSES, 'darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(toFuseConfig(RELEASE_FUSES, 'win32', 'arm64').resetAdHocDarwinSignature).toBe(false);
  });
});
