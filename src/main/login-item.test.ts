import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, AUTOSTART_FILE } from './login-item';
import { tempDir } from './testing/temp-dir';

describe('start at login', () => {
  it('uses the OS login items on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = { setLoginItemSettings: vi.fn() };
      applyStartAtLogin(true, { platform, app, command: '/x', autostartDir: '/nowhere' });
      applyStartAtLogin(false, { platform, app, command: '/x', autostartDir: '/nowhere' });
      expect(app.setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true }],
        [{ openAtLogin: false }],
      ]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const dir = join(tempDir('autostart-'), 'autostart');
    const app = { setLoginItemSettings: vi.fn() };
    const options = {
      platform: 'linux' as const,
      app,
      command: '/opt/My Apps/wukong',
      autostartDir: dir,
    };
    applyStartAtLogin(true, options);
    const entry = readFileSync(join(dir, AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('Exec="/opt/My Apps/wukong" --hidden');
    expect(entry).toContain('Type=Application');
    applyStartAtLogin(false, options);
    expect(existsSync(join(dir, AUTOSTART_FILE))).toBe(false);
    // Turning it off twice is fine.
    applyStartAtLogin(false, options);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });
});
