import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NO_ELECTRON_MESSAGE,
  configuredServer,
  demoEnv,
  electronBinaryPath,
  parseServerBanner,
  userDataDir,
} from './start-lib.mjs';
import { tempDir } from '../src/main/testing/temp-dir';

const temp = (): string => tempDir('wukong-start-');

describe('start helpers', () => {
  it('finds the Electron binary only when path.txt and the file both exist', () => {
    const root = temp();
    expect(electronBinaryPath(root, {})).toBeNull();
    mkdirSync(join(root, 'node_modules/electron/dist'), { recursive: true });
    writeFileSync(join(root, 'node_modules/electron/path.txt'), 'electron');
    expect(electronBinaryPath(root, {})).toBeNull();
    writeFileSync(join(root, 'node_modules/electron/dist/electron'), '');
    expect(electronBinaryPath(root, {})).toBe(join(root, 'node_modules/electron/dist/electron'));

    const override = temp();
    expect(electronBinaryPath(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
  });

  it('the missing-Electron message says so and points to dev:web', () => {
    expect(NO_ELECTRON_MESSAGE).toMatch(/Electron binary is not installed/);
    expect(NO_ELECTRON_MESSAGE).toContain('npm run dev:web');
  });

  it('computes the userData folder like Electron does', () => {
    expect(userDataDir('WuKong Desktop', 'linux', { HOME: '/home/u' })).toBe(
      '/home/u/.config/WuKong Desktop',
    );
    expect(userDataDir('WuKong Desktop', 'linux', { HOME: '/home/u', XDG_CONFIG_HOME: '/x' })).toBe(
      '/x/WuKong Desktop',
    );
    expect(userDataDir('WuKong Desktop', 'darwin', { HOME: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/WuKong Desktop',
    );
  });

  it('a configured server comes from the environment or the saved settings', () => {
    const dir = temp();
    expect(configuredServer(dir, {})).toBeNull();
    expect(configuredServer(dir, { WUKONG_DEMO_SERVER: 'im.example.com:5100' })).toBe(
      'im.example.com:5100',
    );
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settings: { server: null } }));
    expect(configuredServer(dir, {})).toBeNull();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        settings: { server: { kind: 'static', host: 'im.example.com', port: 5100 } },
      }),
    );
    expect(configuredServer(dir, {})).toBe('im.example.com:5100');
    writeFileSync(join(dir, 'settings.json'), '{broken');
    expect(configuredServer(dir, {})).toBeNull();
  });

  it('reads the test server banner and turns it into the demo environment', () => {
    const banner = [
      'WuKongIM test server is running',
      '  TCP   127.0.0.1:5100',
      'WUKONG_TEST_SERVER {"tcp":"127.0.0.1:5100","ws":"ws://127.0.0.1:5200","http":"http://127.0.0.1:5001","users":[{"uid":"alice","token":"alice-token"}]}',
    ].join('\n');
    const info = parseServerBanner(banner);
    expect(info).toEqual({
      tcp: '127.0.0.1:5100',
      http: 'http://127.0.0.1:5001',
      users: [{ uid: 'alice', token: 'alice-token' }],
    });
    expect(info && demoEnv(info)).toEqual({
      WUKONG_DEMO_SERVER: '127.0.0.1:5100',
      WUKONG_DEMO_UID: 'alice',
      WUKONG_DEMO_TOKEN: 'alice-token',
    });
    expect(parseServerBanner('WuKongIM test server is running\n')).toBeNull();
    expect(parseServerBanner('WUKONG_TEST_SERVER {not json}')).toBeNull();
  });
});
