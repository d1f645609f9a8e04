// electron-builder afterPack hook: flips the Electron fuses into the packaged binary. It runs
// after the app files are copied and before code signing (a signature must cover the final
// binary, so fuses can never be flipped after signing).
import { Arch, type AfterPackContext } from 'electron-builder';
import { fuseSettingsFor, isTestBuild, toFuseConfig } from './fuses';

export function createAfterPack(
  env: NodeJS.ProcessEnv,
): (context: AfterPackContext) => Promise<void> {
  return async (context) => {
    const settings = fuseSettingsFor(env);
    const config = toFuseConfig(settings, context.electronPlatformName, Arch[context.arch]);
    // addElectronFuses resolves the platform's binary (renamed exe, the .app's framework) and
    // calls @electron/fuses' flipFuses on it.
    const flipped = await context.packager.addElectronFuses(context, config);
    if (flipped < 1) throw new Error(`no fuse wire was found in ${context.appOutDir}`);
    console.log(
      `[after-pack] fuses applied (${isTestBuild(env) ? 'test build' : 'release'}): ` +
        JSON.stringify(settings),
    );
  };
}
