// The deb's maintainer scripts and AppArmor profile, rendered the way electron-builder renders
// them (FpmTarget's writeConfigFile: ${name} macros, unknown macros are an error).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
