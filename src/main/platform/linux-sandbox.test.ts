import { describe, expect, it } from 'vitest';
import { checkLinuxSandbox, USERNS_SYSCTLS, type LinuxSandboxInput } from './linux-sandbox';

function input(overrides: Partial<LinuxSandboxInput> & { files?: Record<string, string> } = {}) {
  const files = overrides.files ?? {};
  return {
    platform: 'linux' as const,
    argv: ['/opt/WuKong Desktop/wukong-desktop'],
    env: {},
    readFile: (path: string) => files[path],
    ...overrides,
  };
}

const RESTRICTED = { [USERNS_SYSCTLS.apparmorRestrict]: '1\n' };

describe('checkLinuxSandbox', () => {
  it('has nothing to say off Linux', () => {
    expect(checkLinuxSandbox(input({ platform: 'darwin', argv: ['x', '--no-sandbox'] }))).toEqual({
      kind: 'not-linux',
    });
  });

  it('reports a sandboxed start as fine, restricted kernel or not', () => {
    expect(checkLinuxSandbox(input({ files: RESTRICTED }))).toEqual({
      kind: 'sandboxed',
      usernsRestricted: true,
    });
    expect(checkLinuxSandbox(input())).toEqual({ kind: 'sandboxed', usernsRestricted: false });
  });

  it('explains an AppImage the launcher started without sandbox on Ubuntu 24.04', () => {
    const report = checkLinuxSandbox(
      input({
        files: RESTRICTED,
        argv: ['/tmp/.mount_WuKongX/wukong-desktop', '--no-sandbox'],
        env: { APPIMAGE: '/home/me/WuKong.AppImage' },
      }),
    );
    expect(report).toMatchObject({
      kind: 'unsandboxed',
      usernsRestricted: true,
      packaging: 'appimage',
      advice: ['use-deb-package', 'add-apparmor-profile'],
    });
    expect(report.kind === 'unsandboxed' && report.summary).toMatch(
      /apparmor_restrict_unprivileged_userns/,
    );
  });

  it("treats Debian's unprivileged_userns_clone=0 as restricted too", () => {
    const report = checkLinuxSandbox(
      input({
        files: { [USERNS_SYSCTLS.unprivilegedClone]: '0' },
        env: { ELECTRON_DISABLE_SANDBOX: '1' },
      }),
    );
    expect(report).toMatchObject({
      kind: 'unsandboxed',
      usernsRestricted: true,
      packaging: 'other',
    });
  });

  it('says the switch is unnecessary when the kernel does not restrict namespaces', () => {
    const report = checkLinuxSandbox(
      input({
        argv: ['app', '--no-sandbox'],
        files: {
          [USERNS_SYSCTLS.apparmorRestrict]: '0',
        },
      }),
    );
    expect(report).toMatchObject({
      kind: 'unsandboxed',
      usernsRestricted: false,
      advice: ['remove-no-sandbox-switch'],
    });
  });

  it('ignores an ELECTRON_DISABLE_SANDBOX that is empty or 0', () => {
    expect(checkLinuxSandbox(input({ env: { ELECTRON_DISABLE_SANDBOX: '0' } })).kind).toBe(
      'sandboxed',
    );
    expect(checkLinuxSandbox(input({ env: { ELECTRON_DISABLE_SANDBOX: '' } })).kind).toBe(
      'sandboxed',
    );
  });
});
