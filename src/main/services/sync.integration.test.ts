/**
 * Offline sync through the app services: bob's app (its own data folder, the real
 * ConnectionManager, MessagingService, SQLite store and SyncEngine) against the WuKongIM test
 * server over real TCP and HTTP on 127.0.0.1; bob's link runs through the fault proxy so it can
 * be cut. Messages "from alice" are put on the server directly. Every wait is for observable state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../../e2e/fault-proxy/index';
import { startTestServer, type TestServer } from '../../../e2e/test-server/index';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc-contract';
import type { ChannelRef, ChannelSummary, HistoryEntry } from '../../shared/messages';
import { ConnectionManager } from '../im';
import { tempDir } from '../testing/temp-dir';
import { createAppServices, type AppServices } from './app-services';
import { createIpcHandlers, forwardEvents, type IpcHandlers } from './ipc-handlers';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';

const USERS = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
];
const ALICE: ChannelRef = { channelId: 'alice', channelType: 1 };
const GROUP: ChannelRef = { channelId: 'g1', channelType: 2 };

interface App {
  services: AppServices;
  handlers: IpcHandlers;
  events: [string, unknown][];
}

let server: TestServer;
let proxy: FaultProxy;
const running: AppServices[] = [];

beforeEach(async () => {
  server = await startTestServer({ wsPort: null, users: USERS, recvRetryIntervalMs: 100 });
  server.setGroupMembers('g1', ['alice', 'bob']);
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: server.tcpPort } });
});

afterEach(async () => {
  for (const services of running.splice(0)) await services.shutdown();
  await proxy.stop();
  await server.stop();
});

function startApp(): App {
  const services = createAppServices({
    createManager: (options) => new ConnectionManager(options),
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir: tempDir('wukong-sync-int-'),
    appVersion: '0',
    platform: 'test',
    managerOverrides: {
      connectTimeoutMs: 1_000,
      pongTimeoutMs: 1_000,
      reconnectIntervalMs: 50,
      backoffCapMs: 400,
    },
    syncOverrides: { overrides: { retry: { attempts: 3, baseMs: 10, capMs: 50 } } },
  });
  running.push(services);
  const events: [string, unknown][] = [];
  forwardEvents(services, (channel, value) => events.push([channel, value]));
  return { services, handlers: createIpcHandlers(services), events };
}

async function signInBob(app: App, apiBaseUrl = server.httpUrl): Promise<void> {
  await app.handlers.invoke[INVOKE_CHANNELS.updateSettings]({ apiBaseUrl });
  await app.handlers.invoke[INVOKE_CHANNELS.signIn]({
    server: { kind: 'static', host: '127.0.0.1', port: proxy.port },
    uid: 'bob',
    token: 'bob-token',
  });
}

const until = (check: () => void | Promise<void>, timeout = 15_000) =>
  vi.waitFor(check, { timeout, interval: 20 });

function send(to: ChannelRef, prefix: string, from: number, to_: number): void {
  for (let i = from; i <= to_; i++) {
    server.sendMessage({
      fromUid: 'alice',
      ...to,
      payload: Buffer.from(JSON.stringify({ type: 1, content: `${prefix} ${i}` })),
    });
  }
}

const texts = async (app: App, channel: ChannelRef): Promise<string[]> =>
  (await app.handlers.invoke[INVOKE_CHANNELS.listMessages]({ channel, limit: 500 })).map(
    (e) => e.text,
  );

const numbered = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

const unreadOf = (list: ChannelSummary[], c: ChannelRef): number | undefined =>
  list.find((s) => s.channelId === c.channelId && s.channelType === c.channelType)?.unread;

describe('offline sync through the app services', () => {
  it('signing in shows every missed message once, in order, with the server unread counts; a link cut loses nothing', async () => {
    send({ channelId: 'bob', channelType: 1 }, 'dm', 1, 50);
    send(GROUP, 'group', 1, 20);
    const bob = startApp();
    await signInBob(bob);
    await until(async () => {
      const list = await bob.handlers.invoke[INVOKE_CHANNELS.listChannels](undefined);
      expect(unreadOf(list, ALICE)).toBe(50);
      expect(unreadOf(list, GROUP)).toBe(20);
      expect(await texts(bob, ALICE)).toEqual(numbered('dm', 1, 50));
      expect(await texts(bob, GROUP)).toEqual(numbered('group', 1, 20));
    });
    // The renderer was told: synced messages as events, and "Updating…" while it ran. A page is
    // committed by the writer worker a moment before its answer (which carries the events)
    // arrives, so the events may still be on their way when the rows are readable.
    const shown = (): string[] =>
      bob.events
        .filter(([c]) => c === EVENT_CHANNELS.message)
        .map(([, v]) => (v as HistoryEntry).text);
    await until(() =>
      expect(
        shown()
          .filter((t) => t.startsWith('dm '))
          .sort(),
      ).toEqual(numbered('dm', 1, 50).sort()),
    );
    const statuses = (): unknown[] =>
      bob.events.filter(([c]) => c === EVENT_CHANNELS.syncStatus).map(([, v]) => v);
    await until(() => expect(statuses().slice(0, 2)).toEqual(['syncing', 'idle']));
    expect(bob.services.getSyncStatus()).toBe('idle');

    // the link is cut (and new ones refused) while alice keeps sending
    proxy.refuseNew(true);
    proxy.resetAll();
    await until(() => expect(bob.services.getSnapshot().status).not.toBe('connected'));
    send({ channelId: 'bob', channelType: 1 }, 'dm', 51, 80);
    send(GROUP, 'group', 21, 40);
    proxy.refuseNew(false);
    await until(async () => {
      expect(await texts(bob, ALICE)).toEqual(numbered('dm', 1, 80));
      expect(await texts(bob, GROUP)).toEqual(numbered('group', 1, 40));
    });
    await until(() => expect(bob.services.getSyncStatus()).toBe('idle'));
  });

  it('marking a chat read clears it on the server: a second device of the account sees the same chats, history and read state', async () => {
    send({ channelId: 'bob', channelType: 1 }, 'dm', 1, 30);
    send(GROUP, 'group', 1, 30);
    const first = startApp();
    await signInBob(first);
    await until(async () => expect(await texts(first, GROUP)).toEqual(numbered('group', 1, 30)));
    await first.handlers.invoke[INVOKE_CHANNELS.markRead]({ channel: GROUP });
    // the server's count follows (the mark goes out in the background)
    await until(async () => {
      const res = await fetch(`${server.httpUrl}/conversation/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uid: 'bob', version: 0, msg_count: 1 }),
      });
      const list = (await res.json()) as Array<{ channel_id: string; unread: number }>;
      expect(list.find((c) => c.channel_id === 'g1')?.unread).toBe(0);
    });
    await first.services.shutdown();

    const second = startApp();
    await signInBob(second);
    await until(async () => {
      const list = await second.handlers.invoke[INVOKE_CHANNELS.listChannels](undefined);
      expect(unreadOf(list, ALICE)).toBe(30);
      expect(unreadOf(list, GROUP)).toBe(0);
    });
    // the group was read: only its first screen (20) came with the sync; the rest comes from the
    // server as the chat is opened, as if it had been stored here
    expect(await texts(second, GROUP)).toEqual(numbered('group', 1, 30));
    expect(await texts(second, ALICE)).toEqual(numbered('dm', 1, 30));
  });

  it('the sync API answering 500 leaves the app usable; the sync retries and catches up', async () => {
    send(GROUP, 'group', 1, 5);
    const bob = startApp();
    const control = async (body: Record<string, unknown>): Promise<void> => {
      const res = await fetch(`${server.httpUrl}/control/sync_faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    };
    await control({ fail: 100 });
    await signInBob(bob);
    await until(() => expect(bob.services.getSnapshot().status).toBe('connected'));
    // sending and receiving work meanwhile
    send(GROUP, 'group', 6, 6);
    await until(async () => expect(await texts(bob, GROUP)).toContain('group 6'));
    const sent = await bob.handlers.invoke[INVOKE_CHANNELS.sendMessage]({
      channel: GROUP,
      text: 'still here',
    });
    expect(sent.state).toBe('queued');
    await control({ fail: 0 });
    // a reconnect syncs again
    proxy.resetAll();
    await until(async () =>
      expect(await texts(bob, GROUP)).toEqual([...numbered('group', 1, 6), 'still here']),
    );
  });

  it('a corrected API address applies without signing in again', async () => {
    send(GROUP, 'group', 1, 3);
    const bob = startApp();
    // nothing listens there: every sync request fails
    await signInBob(bob, 'http://127.0.0.1:9');
    await until(() => expect(bob.services.getSnapshot().status).toBe('connected'));
    await bob.handlers.invoke[INVOKE_CHANNELS.updateSettings]({ apiBaseUrl: server.httpUrl });
    proxy.resetAll();
    await until(async () => expect(await texts(bob, GROUP)).toEqual(numbered('group', 1, 3)));
  });
});
