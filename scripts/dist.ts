// npm run dist      installers for the current OS: AppImage + deb (Linux), NSIS (Windows), dmg (macOS)
// npm run dist:dir  the unpacked app only (dist/<os>-unpacked)
// Builds out/ with electron-vite first (so a release never packs a leftover test build), then runs
// electron-builder with electron-builder.config.ts. Needs to download Electron once (cached), or
// WUKONG_ELECTRON_DIST=<unpacked Electron folder>. Options: scripts/packaging/dist-args.ts.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build, Platform, archFromString } from 'electron-builder';
import { createConfig } from './packaging/builder-config';
import { DistUsageError, parseDistArgs } from './packaging/dist-args';

const root = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const options = parseDistArgs(process.argv.slice(2), process.env);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.testBuild) env.WUKONG_TEST_BUILD = '1';
  else delete env.WUKONG_TEST_BUILD;

  if (!options.skipBuild) {
    const vite = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: root,
      env,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (vite.status !== 0) throw new Error('electron-vite build failed');
  }

  const platform = Platform.current();
  const targets = options.dir
    ? platform.createTarget('dir', archFromString(process.arch))
    : platform.createTarget(); // the targets and archs from the config
  const artifacts = await build({
    projectDir: root,
    targets,
    config: createConfig(env),
    publish: options.publish ? 'always' : 'never',
  });
  for (const artifact of artifacts) console.log(`built ${artifact}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof DistUsageError ? error.message : error);
  if (!(error instanceof DistUsageError) && !process.env.WUKONG_ELECTRON_DIST) {
    console.error(
      '\nIf Electron could not be downloaded: run on a machine with network access (it is cached ' +
        'afterwards) or set WUKONG_ELECTRON_DIST to an unpacked Electron folder.',
    );
  }
  process.exit(1);
});
