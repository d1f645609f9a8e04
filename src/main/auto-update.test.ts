/**
 * The whole update flow against a local generic feed (node:http serving latest-linux.yml and a
 * stand-in artefact), with the real electron-updater (its AppImage updater) and no Electron: an
 * app adapter and a node:http executor stand in for Electron's parts. A tampered artefact (its
 * bytes no longer match the sha512 in latest-linux.yml) is refused and never offered to install.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  parseFeedUrl,
  startAutoUpdate,
  UpdateFeedError,
  type AutoUpdate,
  type UpdaterLike,
} from './auto-update';
import { silentLogger } from './services/logger';
import { NodeHttpExecutor } from './testing/node-http-executor';
import { tempDir } from './testing/temp-dir';

const ARTEFACT = 'wukong-desktop-9.9.9-linux-x86_64.AppImage';

/** A generic feed: latest-linux.yml naming the artefact's sha512, and the artefact itself. */
async function startFeed(
  artefact: Buffer,
  served: Buffer,
): Promise<{ url: string; server: Server }> {
  const sha512 = createHash('sha512').update(artefact).digest('base64');
  const yml = [
    'version: 9.9.9',
    'files:',
    `  - url: ${ARTEFACT}`,
    `    sha512: ${sha512}`,
    `    size: ${artefact.length}`,
    `path: ${ARTEFACT}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-01-01T00:00:00.000Z'",
    '',
  ].join('\n');
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    if (/^\/latest.*\.yml$/.test(path)) {
      response.writeHead(200, { 'content-type': 'text/yaml' }).end(yml);
    } else if (path === `/${ARTEFACT}`) {
      response.writeHead(200, { 'content-length': served.length }).end(served);
    } else {
      response.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** The real AppImage updater with Electron's parts replaced; quitAndInstall only recorded. */
function realUpdater(dir: string): { updater: AppImageUpdater; installs: unknown[][] } {
  const app: AppAdapter = {
    version: '1.0.0',
    name: 'wukong-desktop',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: async () => {},
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  writeFileSync(
    app.appUpdateConfigPath,
    'provider: generic\nurl: http://unused\nupdaterCacheDirName: wukong-updater\n',
  );
  mkdirSync(app.userDataPath, { recursive: true });
  const updater = new AppImageUpdater(undefined, app);
  // Electron's net module stands behind the real executor: node:http here.
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.disableDifferentialDownload = true;
  updater.logger = null;
  const installs: unknown[][] = [];
  updater.quitAndInstall = (...args: unknown[]) => void installs.push(args);
  return { updater, installs };
}

const fakeTimers = () => ({ setInterval: vi.fn(() => 1), clearInterval: vi.fn() });

let feed: Server | null = null;
let update: AutoUpdate | null = null;
const savedAppImage = process.env.APPIMAGE;
beforeEach(() => {
  // The AppImage updater only runs inside an AppImage: a stand-in for the running one.
  const dir = tempDir('wukong-appimage-');
  process.env.APPIMAGE = join(dir, 'current.AppImage');
  writeFileSync(process.env.APPIMAGE, 'old');
});
afterEach(async () => {
  update?.stop();
  update = null;
  if (feed) await new Promise<void>((resolve) => feed!.close(() => resolve()));
  feed = null;
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
});

async function run(artefact: Buffer, served: Buffer, hasUnsent = false, confirm = false) {
  const started = await startFeed(artefact, served);
  feed = started.server;
  const { updater, installs } = realUpdater(tempDir('wukong-updater-'));
  const confirmRestart = vi.fn(async () => confirm);
  update = startAutoUpdate({
    feedUrl: started.url,
    createUpdater: () => updater as unknown as UpdaterLike,
    logger: silentLogger,
    hasUnsentMessages: () => hasUnsent,
    confirmRestartWithUnsent: confirmRestart,
    timers: fakeTimers(),
  });
  const running = update!;
  await vi.waitFor(() => expect(['ready', 'error']).toContain(running.state().kind), {
    timeout: 15_000,
    interval: 20,
  });
  return { update: running, installs, confirmRestart };
}

describe('auto-update against a local feed', () => {
  const artefact = Buffer.from('stand-in AppImage, version 9.9.9\n'.repeat(1000));

  it('checks at start, downloads and verifies in the background, restarts only when asked', async () => {
    const { update, installs } = await run(artefact, artefact);
    expect(update.state()).toEqual({ kind: 'ready', version: '9.9.9' });
    expect(installs).toEqual([]);
    await expect(update.restartToUpdate()).resolves.toBe('restarting');
    expect(installs).toEqual([[false, true]]);
  }, 30_000);

  it('refuses a tampered artefact: an error, nothing to install', async () => {
    const tampered = Buffer.from(artefact);
    tampered[10] = tampered[10]! ^ 0xff;
    const { update, installs } = await run(artefact, tampered);
    expect(update.state().kind).toBe('error');
    expect(update.state()).toMatchObject({
      message: expect.stringMatching(/sha512 checksum mismatch/),
    });
    await expect(update.restartToUpdate()).resolves.toBe('not-ready');
    expect(installs).toEqual([]);
  }, 30_000);

  it('never restarts during an unsent-message drain without asking; asks, and respects no', async () => {
    const declined = await run(artefact, artefact, true, false);
    await expect(declined.update.restartToUpdate()).resolves.toBe('declined');
    expect(declined.confirmRestart).toHaveBeenCalledOnce();
    expect(declined.installs).toEqual([]);
  }, 30_000);

  it('restarts during a drain when the user agrees', async () => {
    const agreed = await run(artefact, artefact, true, true);
    await expect(agreed.update.restartToUpdate()).resolves.toBe('restarting');
    expect(agreed.installs).toHaveLength(1);
  }, 30_000);
});

describe('auto-update configuration', () => {
  it('is off without a feed URL, and never creates the updater', () => {
    const createUpdater = vi.fn();
    for (const feedUrl of [undefined, null, '', '  ']) {
      expect(
        startAutoUpdate({
          feedUrl,
          createUpdater,
          logger: silentLogger,
          hasUnsentMessages: () => false,
          confirmRestartWithUnsent: async () => false,
        }),
      ).toBeNull();
    }
    expect(createUpdater).not.toHaveBeenCalled();
  });

  it('takes https feeds, http only on this machine, never credentials', () => {
    expect(parseFeedUrl('https://updates.example.com/wukong/')).toBe(
      'https://updates.example.com/wukong/',
    );
    expect(parseFeedUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
    expect(() => parseFeedUrl('http://updates.example.com/')).toThrow(UpdateFeedError);
    expect(() => parseFeedUrl('https://u:p@updates.example.com/')).toThrow(/user name or password/);
    expect(() => parseFeedUrl('not a url')).toThrow(UpdateFeedError);
  });

  it('checks again every few hours', async () => {
    const timers = fakeTimers();
    const updater = {
      autoDownload: false,
      autoInstallOnAppQuit: true,
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => null),
      quitAndInstall: vi.fn(),
      on: vi.fn(),
    };
    update = startAutoUpdate({
      feedUrl: 'https://updates.example.com/',
      createUpdater: () => updater,
      logger: silentLogger,
      hasUnsentMessages: () => false,
      confirmRestartWithUnsent: async () => false,
      timers,
    });
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example.com/',
    });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(timers.setInterval).toHaveBeenCalledWith(expect.any(Function), 4 * 60 * 60 * 1000);
    const tick = (timers.setInterval.mock.calls[0] as unknown as [() => void])[0];
    await vi.waitFor(() => expect(update!.state().kind).toBe('idle'));
    tick();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });
});
