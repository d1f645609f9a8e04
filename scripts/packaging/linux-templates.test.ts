// The deb's maintainer scripts and AppArmor profile, rendered the way electron-builder renders
// them (FpmTarget's writeConfigFile: ${name} macros, unknown macros are an error).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, EXECUTABLE_NAME } from './builder-config';

const root = resolve(import.meta.dirname, '../..');
const MACROS: Record<string, string> = {
  executable: EXECUTABLE_NAME,
  sanitizedProductName: 'WuKong Desktop',
  productFilename: 'WuKong Desktop',
};

function render(path: string): string {
  return readFileSync(resolve(root, path), 'utf8').replace(/\${([a-zA-Z]+)}/g, (_m, name) => {
    const value = MACROS[name as string];
    if (value === undefined) throw new Error(`Macro ${name as string} is not defined in ${path}`);
    return value;
  });
}

const deb = createConfig({}).deb!;

describe('deb AppArmor handling', () => {
  it('the profile grants user namespaces to the installed binary only', () => {
    const profile = render(deb.appArmorProfile!);
    expect(profile).toContain('abi <abi/4.0>,');
    expect(profile).toMatch(
      /^profile "wukong-desktop" "\/opt\/WuKong Desktop\/wukong-desktop" flags=\(unconfined\) \{$/m,
    );
    expect(profile).toMatch(/^\s*userns,$/m);
  });

  it('after-install installs and loads the profile, after-remove unloads and deletes it', () => {
    const install = render(deb.afterInstall!);
    expect(install).toContain("PROFILE_TARGET='/etc/apparmor.d/wukong-desktop'");
    expect(install).toContain('"$APP_DIR/resources/apparmor-profile"');
    expect(install).toContain('apparmor_parser --replace');
    // the sandbox helper is only made setuid when user namespaces are unavailable
    expect(install).toMatch(/chmod 4755 "\$APP_DIR\/chrome-sandbox"/);
    const remove = render(deb.afterRemove!);
    expect(remove).toContain('apparmor_parser --remove "$PROFILE_TARGET"');
    expect(remove).toContain('rm -f "$PROFILE_TARGET"');
  });

  it('the rendered scripts are valid bash', () => {
    for (const path of [deb.afterInstall!, deb.afterRemove!]) {
      const result = spawnSync('bash', ['-n'], { input: render(path), encoding: 'utf8' });
      expect(result.status, `${path}: ${result.stderr}`).toBe(0);
    }
  });
});

describe('deb after-install when AppArmor will not load the profile', () => {
  /** Runs after-install against a temporary root, with stub system commands. */
  function install(parserLoads: boolean) {
    const root = mkdtempSync(join(tmpdir(), 'wukong-deb-'));
    const stubs = join(root, 'stubs');
    const appDir = join(root, 'opt');
    for (const dir of [
      stubs,
      appDir,
      join(root, 'apparmor.d'),
      join(root, 'bin'),
      join(appDir, 'resources'),
    ]) {
      mkdirSync(dir, { recursive: true });
    }
    writeFileSync(join(appDir, 'resources/apparmor-profile'), 'profile x {}\n');
    writeFileSync(join(appDir, 'chrome-sandbox'), '');
    const stub = (name: string, body: string) =>
      writeFileSync(join(stubs, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    stub('apparmor_status', 'exit 0');
    stub('apparmor_parser', `case "$*" in *--replace*) exit ${parserLoads ? 0 : 1};; esac; exit 0`);
    stub('unshare', 'exit 0');
    // Never touch the real system's databases from a test.
    for (const name of ['update-alternatives', 'update-mime-database', 'update-desktop-database']) {
      stub(name, 'exit 0');
    }
    const script = render(deb.afterInstall!)
      .replaceAll('/opt/WuKong Desktop', appDir)
      .replaceAll('/etc/apparmor.d/', `${root}/apparmor.d/`)
      .replaceAll('/usr/bin/', `${root}/bin/`);
    const result = spawnSync('bash', ['-s'], {
      input: script,
      encoding: 'utf8',
      env: { PATH: `${stubs}:/usr/bin:/bin` },
    });
    const mode = statSync(join(appDir, 'chrome-sandbox')).mode & 0o7777;
    const profileKept = existsSync(join(root, 'apparmor.d', EXECUTABLE_NAME));
    rmSync(root, { recursive: true, force: true });
    return { result, mode, profileKept };
  }

  it('falls back to the setuid sandbox helper and removes the profile, so the app still starts', () => {
    const { result, mode, profileKept } = install(false);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/could not load the AppArmor profile; using the setuid sandbox/);
    expect(mode).toBe(0o4755);
    expect(profileKept).toBe(false);
  });

  it('keeps the profile and no setuid helper when the profile loads', () => {
    const { result, mode, profileKept } = install(true);
    expect(result.status, result.stderr).toBe(0);
    expect(mode).toBe(0o755);
    expect(profileKept).toBe(true);
  });
});
