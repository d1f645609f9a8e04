/**
 * Two app-services instances (alice and bob, each with its own data folder) chatting through the
 * IPC handlers, over the real ConnectionManager and MessagingService and the WuKongIM test server
 * on 127.0.0.1. Real time with short configured timeouts; every wait is for observable state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../e2e/test-server/index';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  channelSummarySchema,
  historyEntrySchema,
} from '../../shared/ipc-contract';
import type { ChannelRef, HistoryEntry } from '../../shared/messages';
import { ConnectionManager } from '../im';
import { tempDir } from '../testing/temp-dir';
import { createAppServices, type AppServices } from './app-services';
import { createIpcHandlers, forwardEvents, type IpcHandlers } from './ipc-handlers';
import { createInMemorySecretStore, type SecretStore } from './secret-store';
import { createInMemorySettingsRepository, type SettingsRepository } from './settings-repository';

const USERS = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
];
const TO_BOB: ChannelRef = { channelId: 'bob', channelType: 1 };
const TO_ALICE: ChannelRef = { channelId: 'alice', channelType: 1 };

/** One "app": services + IPC handlers + what its renderer would have received as events. */
interface App {
  services: AppServices;
  handlers: IpcHandlers;
  events: [string, unknown][];
}

/** What survives a restart of the main process: settings, token, the messages folder. */
interface Disk {
  settings: SettingsRepository;
  secrets: SecretStore;
  messagesDir: string;
}

let server: TestServer;
const running: AppServices[] = [];

beforeEach(async () => {
  server = await startTestServer({
    wsPort: null,
    users: USERS,
    recvRetryIntervalMs: 100,
    kickCloseDelayMs: 100,
  });
});

afterEach(async () => {
  for (const services of running.splice(0)) await services.shutdown();
  await server.stop();
});

const newDisk = (): Disk => ({
  settings: createInMemorySettingsRepository(),
  secrets: createInMemorySecretStore(),
  messagesDir: tempDir('wukong-int-messages-'),
});

function startApp(disk: Disk): App {
  const services = createAppServices({
    createManager: (options) => new ConnectionManager(options),
    ...disk,
    appVersion: '0',
    platform: 'test',
    managerOverrides: {
      connectTimeoutMs: 1_000,
      pongTimeoutMs: 1_000,
      reconnectIntervalMs: 50,
      backoffCapMs: 400,
    },
  });
  running.push(services);
  const events: [string, unknown][] = [];
  forwardEvents(services, (channel, value) => events.push([channel, value]));
  return { services, handlers: createIpcHandlers(services), events };
}

async function signIn(app: App, uid: 'alice' | 'bob'): Promise<void> {
  await app.handlers.invoke[INVOKE_CHANNELS.signIn]({
    server: { kind: 'static', host: '127.0.0.1', port: server.tcpPort },
    uid,
    token: `${uid}-token`,
  });
  await until(() => expect(app.services.getSnapshot().status).toBe('connected'));
}

const until = (check: () => void | Promise<void>, timeout = 10_000) =>
  vi.waitFor(check, { timeout, interval: 10 });

const list = async (app: App, channel: ChannelRef) =>
  (await app.handlers.invoke[INVOKE_CHANNELS.listMessages]({ channel })).map(
    (e) => `${e.text}:${e.state}`,
  );

/** The renderer's view of one message: every state it was shown in, in order. */
const statesOf = (app: App, text: string) =>
  app.events
    .filter(([c, v]) => c === EVENT_CHANNELS.message && (v as HistoryEntry).text === text)
    .map(([, v]) => (v as HistoryEntry).state);

describe('messaging through the app services and IPC handlers', () => {
  it('alice and bob exchange messages; events and results match the contract', async () => {
    const alice = startApp(newDisk());
    const bob = startApp(newDisk());
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');

    const sent = await alice.handlers.invoke[INVOKE_CHANNELS.sendMessage]({
      channel: TO_BOB,
      text: 'hi bob',
    });
    expect(sent).toMatchObject({ state: 'queued', own: true, fromUid: 'alice' });
    await until(async () => expect(await list(alice, TO_BOB)).toEqual(['hi bob:sent']));
    await until(async () => expect(await list(bob, TO_ALICE)).toEqual(['hi bob:received']));
    // The receiver's store is written on a worker thread: a list can see the committed row a
    // moment before the worker's answer (which carries the event) reaches the main thread.
    await until(() => expect(statesOf(alice, 'hi bob')).toEqual(['queued', 'sending', 'sent']));
    await until(() => expect(statesOf(bob, 'hi bob')).toEqual(['received']));

    const bobChannels = await bob.handlers.invoke[INVOKE_CHANNELS.listChannels](undefined);
    expect(bobChannels).toEqual([
      expect.objectContaining({ ...TO_ALICE, unread: 1, lastMessage: expect.anything() }),
    ]);
    await bob.handlers.invoke[INVOKE_CHANNELS.markRead]({ channel: TO_ALICE });
    expect(await bob.handlers.invoke[INVOKE_CHANNELS.listChannels](null)).toEqual([
      expect.objectContaining({ unread: 0 }),
    ]);

    await bob.handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: TO_ALICE, text: 'hi alice' });
    await until(async () =>
      expect(await list(alice, TO_BOB)).toEqual(['hi bob:sent', 'hi alice:received']),
    );

    for (const app of [alice, bob]) {
      for (const [channel, value] of app.events) {
        if (channel === EVENT_CHANNELS.message) historyEntrySchema.parse(value);
        if (channel === EVENT_CHANNELS.channel) channelSummarySchema.parse(value);
      }
    }
  });

  it('messages written while disconnected go out once on reconnect, marks sending -> sent', async () => {
    const alice = startApp(newDisk());
    const bob = startApp(newDisk());
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');

    await alice.handlers.invoke[INVOKE_CHANNELS.disconnect](undefined);
    const texts = ['one', 'two', 'three'];
    for (const text of texts) {
      await alice.handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: TO_BOB, text });
    }
    expect(await list(alice, TO_BOB)).toEqual(texts.map((t) => `${t}:queued`));
    expect(server.stats.sends).toBe(0);

    await alice.handlers.invoke[INVOKE_CHANNELS.connect](undefined);
    await until(async () =>
      expect(await list(alice, TO_BOB)).toEqual(texts.map((t) => `${t}:sent`)),
    );
    await until(async () =>
      expect(await list(bob, TO_ALICE)).toEqual(texts.map((t) => `${t}:received`)),
    );
    for (const text of texts) expect(statesOf(alice, text)).toEqual(['queued', 'sending', 'sent']);
    expect(server.stats.sends).toBe(3);
  });

  it('sign-out keeps the outbox; a restarted main process with the stored account delivers it once', async () => {
    const bob = startApp(newDisk());
    await signIn(bob, 'bob');
    const aliceDisk = newDisk();
    const alice = startApp(aliceDisk);
    await signIn(alice, 'alice');

    await alice.handlers.invoke[INVOKE_CHANNELS.disconnect](undefined);
    await alice.handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: TO_BOB, text: 'kept' });
    // Quit and start again on the same disk (the token and the outbox are both stored).
    await alice.services.shutdown();
    const again = startApp(aliceDisk);
    await again.services.start();
    await until(() => expect(again.services.getSnapshot().status).toBe('connected'));
    await until(async () => expect(await list(again, TO_BOB)).toEqual(['kept:sent']));
    await until(async () => expect(await list(bob, TO_ALICE)).toEqual(['kept:received']));

    // Sign out and in again as alice: history and outbox belong to the uid, nothing is lost.
    await again.handlers.invoke[INVOKE_CHANNELS.disconnect](undefined);
    await again.handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: TO_BOB, text: 'later' });
    await again.handlers.invoke[INVOKE_CHANNELS.signOut](undefined);
    await expect(
      again.handlers.invoke[INVOKE_CHANNELS.listMessages]({ channel: TO_BOB }),
    ).rejects.toThrow('Sign in first');
    await signIn(again, 'alice');
    await until(async () => expect(await list(again, TO_BOB)).toEqual(['kept:sent', 'later:sent']));
    await until(async () =>
      expect(await list(bob, TO_ALICE)).toEqual(['kept:received', 'later:received']),
    );
    expect(server.stats.sends).toBe(2);
  });
});
