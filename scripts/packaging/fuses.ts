// Electron fuses flipped into the packaged binary (electron.org/docs/latest/tutorial/fuses).
// Kept as plain data so the packaging test can assert exactly what a build applies, and so the
// release and test-mode settings can be compared side by side.
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** One named fuse setting, in the words of the Electron docs. */
export interface FuseSettings {
  /** ELECTRON_RUN_AS_NODE turns the app into a plain Node.js: off. */
  runAsNode: boolean;
  /** Encrypts cookies at rest with the OS key store: on. */
  enableCookieEncryption: boolean;
  /** NODE_OPTIONS / NODE_EXTRA_CA_CERTS from the environment: off. */
  enableNodeOptionsEnvironmentVariable: boolean;
  /** --inspect and friends. Off in releases; Playwright's `_electron.launch` needs them. */
  enableNodeCliInspectArguments: boolean;
  /** Validates app.asar against the hash embedded at build time (macOS, Windows). */
  enableEmbeddedAsarIntegrityValidation: boolean;
  /** Refuses to load an unpacked resources/app folder. */
  onlyLoadAppFromAsar: boolean;
  /** No custom V8 snapshot is shipped. */
  loadBrowserProcessSpecificV8Snapshot: boolean;
  /**
   * Off: the renderer is served from the app:// protocol (src/main/app-protocol.ts), so file://
   * needs none of Electron's extra privileges.
   */
  grantFileProtocolExtraPrivileges: boolean;
}

export const RELEASE_FUSES: Readonly<FuseSettings> = Object.freeze({
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
});

/**
 * The e2e build (WUKONG_TEST_BUILD=1). Playwright starts Electron with `--inspect=0` and waits
 * for "Debugger listening on ws://..."; that is the only fuse it needs relaxed. Everything else
 * matches the release so the suite tests what ships.
 */
export const TEST_FUSES: Readonly<FuseSettings> = Object.freeze({
  ...RELEASE_FUSES,
  enableNodeCliInspectArguments: true,
});

export function isTestBuild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WUKONG_TEST_BUILD === '1';
}

export function fuseSettingsFor(env: NodeJS.ProcessEnv = process.env): Readonly<FuseSettings> {
  return isTestBuild(env) ? TEST_FUSES : RELEASE_FUSES;
}

/** The wire index of every named setting. */
export const FUSE_INDEX: Readonly<Record<keyof FuseSettings, FuseV1Options>> = Object.freeze({
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
});

/** Converts named settings to the config object `flipFuses` takes. */
export function toFuseConfig(
  settings: Readonly<FuseSettings>,
  platform: string,
  arch: string,
): FuseV1Config {
  const config: FuseV1Config = {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature of arm64 macOS binaries; re-sign ad hoc so
    // an unsigned build still starts (a real signature, when configured, is applied afterwards).
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && arch === 'arm64',
  };
  for (const key of Object.keys(FUSE_INDEX) as (keyof FuseSettings)[]) {
    config[FUSE_INDEX[key]] = settings[key];
  }
  return config;
}
