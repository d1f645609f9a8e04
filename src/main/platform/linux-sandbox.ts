// Detects the Ubuntu 23.10+/24.04 situation where Chromium's sandbox cannot use unprivileged user
// namespaces, and explains it. Pure: the caller passes what it read from the system, so the
// decision is unit-tested without a Linux kernel or Electron.
//
// Why the main process needs this: electron-builder's AppImage launcher (AppRun) adds
// --no-sandbox by itself when `unshare -Ur true` fails, i.e. when the kernel restricts user
// namespaces and no AppArmor profile covers the AppImage's random mount path. The .deb installs
// such a profile (build/linux/apparmor-profile.tpl) and keeps the sandbox. An app running without
// its sandbox must say so (log + UI) and say how to fix it, never hide it.

/** sysctls that, when they read 0/1 as below, stop unprivileged processes creating user namespaces. */
export const USERNS_SYSCTLS = {
  /** Ubuntu 23.10+: 1 = only programs whose AppArmor profile grants `userns` may. */
  apparmorRestrict: '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  /** Debian's older kernels: 0 = nobody unprivileged may. */
  unprivilegedClone: '/proc/sys/kernel/unprivileged_userns_clone',
} as const;

export interface LinuxSandboxInput {
  platform: NodeJS.Platform;
  /** process.argv of the main process (switches the launcher passed). */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Returns a file's text, or undefined when it does not exist or cannot be read. */
  readFile: (path: string) => string | undefined;
}

export type LinuxPackaging = 'appimage' | 'other';

export type LinuxSandboxAdvice =
  /** Install the .deb, which installs an AppArmor profile granting the app user namespaces. */
  | 'use-deb-package'
  /** Install an AppArmor profile for the binary the user runs (build/linux/README.md). */
  | 'add-apparmor-profile'
  /** Start without --no-sandbox / ELECTRON_DISABLE_SANDBOX. */
  | 'remove-no-sandbox-switch';

export type LinuxSandboxReport =
  | { kind: 'not-linux' }
  | { kind: 'sandboxed'; usernsRestricted: boolean }
  | {
      kind: 'unsandboxed';
      /** The kernel restricts unprivileged user namespaces (the usual cause). */
      usernsRestricted: boolean;
      packaging: LinuxPackaging;
      /** One English sentence for the log and the diagnostics view. */
      summary: string;
      advice: LinuxSandboxAdvice[];
    };

export function usernsRestricted(readFile: LinuxSandboxInput['readFile']): boolean {
  const apparmor = readFile(USERNS_SYSCTLS.apparmorRestrict)?.trim();
  const clone = readFile(USERNS_SYSCTLS.unprivilegedClone)?.trim();
  return apparmor === '1' || clone === '0';
}

function sandboxDisabled(argv: readonly string[], env: LinuxSandboxInput['env']): boolean {
  const switched = argv.some((arg) => arg === '--no-sandbox' || arg === '--no-sandbox=true');
  const envVar = env.ELECTRON_DISABLE_SANDBOX;
  return switched || (envVar !== undefined && envVar !== '' && envVar !== '0');
}

export function checkLinuxSandbox(input: LinuxSandboxInput): LinuxSandboxReport {
  if (input.platform !== 'linux') return { kind: 'not-linux' };
  const restricted = usernsRestricted(input.readFile);
  if (!sandboxDisabled(input.argv, input.env)) {
    return { kind: 'sandboxed', usernsRestricted: restricted };
  }
  // The AppImage runtime sets APPIMAGE to the image's path.
  const packaging: LinuxPackaging = input.env.APPIMAGE ? 'appimage' : 'other';
  if (restricted && packaging === 'appimage') {
    return {
      kind: 'unsandboxed',
      usernsRestricted: true,
      packaging,
      summary:
        "Running without Chromium's sandbox: this system restricts unprivileged user namespaces " +
        '(kernel.apparmor_restrict_unprivileged_userns=1), so the AppImage launcher started the app with --no-sandbox. ' +
        'Install the .deb package (it adds an AppArmor profile and keeps the sandbox), or add an AppArmor profile for this app.',
      advice: ['use-deb-package', 'add-apparmor-profile'],
    };
  }
  if (restricted) {
    return {
      kind: 'unsandboxed',
      usernsRestricted: true,
      packaging,
      summary:
        "Running without Chromium's sandbox: this system restricts unprivileged user namespaces and the sandbox was " +
        'switched off at launch. Reinstall the .deb package (it installs the AppArmor profile) or add an AppArmor profile, ' +
        'then start the app without --no-sandbox.',
      advice: ['add-apparmor-profile', 'use-deb-package', 'remove-no-sandbox-switch'],
    };
  }
  return {
    kind: 'unsandboxed',
    usernsRestricted: false,
    packaging,
    summary:
      "Running without Chromium's sandbox because it was switched off at launch (--no-sandbox or ELECTRON_DISABLE_SANDBOX); " +
      'this system does not need that: start the app without it.',
    advice: ['remove-no-sandbox-switch'],
  };
}
