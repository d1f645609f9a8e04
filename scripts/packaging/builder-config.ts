// The electron-builder configuration (https://www.electron.build), as a function of the
// environment so tests can build every variant. electron-builder.config.ts at the project root
// exports createConfig(process.env) for the electron-builder CLI; scripts/dist.ts calls it too.
// WUKONG_TEST_BUILD=1 selects the e2e variant (fuses Playwright needs, separate output folder).
// Signing and publishing are off unless their environment variables are set: see
// ./release-options.ts. Paths are relative to the project root (electron-builder's projectDir).
import type { Configuration, TargetConfiguration } from 'electron-builder';
import { createAfterPack } from './after-pack';
import { isTestBuild } from './fuses';
import { macSigning, publishOptions, signingEnabled, windowsSigning } from './release-options';

export const APP_ID = 'io.wukongim.desktop';
export const EXECUTABLE_NAME = 'wukong-desktop';

/**
 * What goes into app.asar besides the production dependencies, which electron-builder adds from
 * package.json "dependencies". Everything the renderer uses is bundled into out/ by electron-vite
 * and listed under devDependencies, so it is not copied again.
 */
export const APP_FILES = [
  'out/**/*',
  '!**/*.map',
  // Sources, type declarations, docs, tests and tool configs of dependencies are not needed at
  // run time. Their licence files stay.
  '!**/node_modules/**/*.{ts,mts,cts,tsx,md,markdown}',
  '!**/node_modules/**/{test,tests,__tests__,spec,benchmark,benchmarks,example,examples,docs,.github}/**',
  '!**/node_modules/**/{tsconfig.json,eslint.config.js,.eslintrc,.eslintrc.*,.runkit_example.js}',
];

export function createConfig(env: NodeJS.ProcessEnv = process.env): Configuration {
  const testBuild = isTestBuild(env);
  const sign = signingEnabled(env);
  const macTargets: TargetConfiguration[] = [{ target: 'dmg', arch: ['x64', 'arm64'] }];
  // zip is what electron-updater downloads on macOS; only built when publishing is on.
  if (publishOptions(env)) macTargets.push({ target: 'zip', arch: ['x64', 'arm64'] });
  return {
    appId: APP_ID,
    productName: 'WuKong Desktop',
    copyright: 'Copyright © WuKong Desktop contributors',
    directories: {
      buildResources: 'build',
      // The e2e build never lands next to release artifacts.
      output: testBuild ? 'dist/test-build' : 'dist',
    },
    // a copy: electron-builder normalizes the list in place
    files: [...APP_FILES],
    asar: true,
    // desktopName becomes Electron's Wayland app_id / X11 WM_CLASS; it must match the .desktop file
    // so docks associate the running window with the launcher entry.
    extraMetadata: { desktopName: `${EXECUTABLE_NAME}.desktop` },
    // No native modules: nothing to rebuild, and rebuilding would download Electron headers.
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    compression: 'normal',
    afterPack: createAfterPack(env),
    publish: publishOptions(env),
    forceCodeSigning: sign,
    // Machines without access to Electron's release host can point at an unpacked Electron.
    ...(env.WUKONG_ELECTRON_DIST ? { electronDist: env.WUKONG_ELECTRON_DIST } : {}),
    artifactName: '${name}-${version}-${os}-${arch}.${ext}',

    linux: {
      target: ['AppImage', 'deb'],
      executableName: EXECUTABLE_NAME,
      icon: 'resources/icons',
      // Main category first, then additional categories from the freedesktop menu spec.
      category: 'Network;InstantMessaging;Chat',
      synopsis: 'Desktop chat client for WuKongIM',
      description:
        'WuKong Desktop is a chat client for WuKongIM servers with a native, self-healing TCP connection.',
      maintainer: 'WuKong Desktop maintainers <wukong-desktop@users.noreply.github.com>',
      vendor: 'WuKong Desktop contributors',
      syncDesktopName: true,
      desktop: {
        entry: {
          GenericName: 'Chat Client',
          Keywords: 'chat;im;messenger;wukong;wukongim;',
          StartupNotify: 'true',
        },
      },
    },
    appImage: {
      artifactName: '${name}-${version}-linux-${arch}.${ext}',
      // electron-builder's default menu entry is `AppRun --no-sandbox`: the app would run without
      // Chromium's sandbox even where it works. No arguments: AppRun alone falls back, and only
      // when the kernel refuses user namespaces (the app then says so, build/linux/README.md).
      executableArgs: [],
    },
    deb: {
      // Debian's own naming: name_version_arch.deb (arch is amd64/arm64).
      artifactName: '${name}_${version}_${arch}.${ext}',
      packageCategory: 'net',
      priority: 'optional',
      // Ubuntu 23.10+ restricts unprivileged user namespaces: the package installs an AppArmor
      // profile that grants the app `userns` so Chromium's sandbox works (build/linux/README.md).
      afterInstall: 'build/linux/after-install.tpl',
      afterRemove: 'build/linux/after-remove.tpl',
      appArmorProfile: 'build/linux/apparmor-profile.tpl',
    },

    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: 'resources/icon.ico',
      ...windowsSigning(env),
    },
    nsis: {
      artifactName: '${name}-${version}-win-${arch}-setup.${ext}',
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'WuKong Desktop',
      deleteAppDataOnUninstall: false,
    },

    mac: {
      target: macTargets,
      icon: 'resources/icon.icns',
      category: 'public.app-category.social-networking',
      minimumSystemVersion: '12.0',
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      darkModeSupport: true,
      ...macSigning(env),
    },
    dmg: {
      artifactName: '${name}-${version}-mac-${arch}.${ext}',
    },
  };
}
