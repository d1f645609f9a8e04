/**
 * Messaging through the app services: the real MessagingService on a temp folder, over the fake
 * ConnectionManager (whose SENDs the test answers). Waits are for observable state, never sleeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  channelSummarySchema,
  historyEntrySchema,
} from '../../shared/ipc-contract';
import type { HistoryEntry } from '../../shared/messages';
import { MessagingService, userStorageDir, type MessagingServiceOptions } from '../im/messaging';
import { incoming } from '../im/messaging/testing/service-fixture';
import { fakeManagerFactory, type FakeConnectionManager } from '../testing/fake-connection-manager';
import { tempDir } from '../testing/temp-dir';
import { createAppServices, NotSignedInError, type AppServicesDeps } from './app-services';
import { createIpcHandlers, forwardEvents } from './ipc-handlers';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';

const server = { kind: 'static' as const, host: '127.0.0.1', port: 5100 };
const TO_BOB = { channelId: 'bob', channelType: 1 };
const account = (uid: string) => ({ server, uid, token: `${uid}-token-123` });

function setup(overrides: Partial<AppServicesDeps> = {}) {
  const factory = fakeManagerFactory();
  const messagesDir = tempDir('wukong-messages-');
  const warn = vi.fn();
  const services = createAppServices({
    createManager: factory.create,
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir,
    logger: { debug: () => {}, info: () => {}, warn, error: () => {} },
    appVersion: '0',
    platform: 'test',
    ...overrides,
  });
  const handlers = createIpcHandlers(services);
  const events: [string, unknown][] = [];
  forwardEvents(services, (channel, value) => events.push([channel, value]));
  const messageEvents = () =>
    events
      .filter(([c]) => c === EVENT_CHANNELS.message)
      .map(([, v]) => v as HistoryEntry)
      .map((e) => `${e.text}:${e.state}`);
  return { services, factory, handlers, events, messageEvents, messagesDir, warn };
}

const connectedNow = (m: FakeConnectionManager) =>
  m.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 5 });

describe('app services: messaging while signed out', () => {
  it('every messaging call fails with a clear NotSignedIn error, through the handlers too', async () => {
    const { services, handlers } = setup();
    await expect(services.sendMessage(TO_BOB, 'hi')).rejects.toThrow(NotSignedInError);
    await expect(services.listChannels()).rejects.toThrow('Sign in first');
    await expect(
      handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: TO_BOB, text: 'hi' }),
    ).rejects.toMatchObject({ name: 'NotSignedInError', message: 'Sign in first' });
    await expect(handlers.invoke[INVOKE_CHANNELS.markRead]({ channel: TO_BOB })).rejects.toThrow(
      'Sign in first',
    );
  });
});

describe('app services: messaging of the signed-in account', () => {
  it('opens the store before connecting', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const openMessaging = vi.fn(async (o: MessagingServiceOptions) => {
      await gate;
      return MessagingService.open(o);
    });
    const { services, factory, messagesDir } = setup({ openMessaging });
    const signingIn = services.signIn(account('alice'));
    await until(() => expect(openMessaging).toHaveBeenCalledOnce());
    expect(openMessaging.mock.calls[0]?.[0]).toMatchObject({
      uid: 'alice',
      dir: userStorageDir(messagesDir, 'alice'),
      link: factory.last,
    });
    expect(factory.last.calls).toEqual([]);
    services.appBecameActive(); // a window focus meanwhile does not jump the queue
    const clicked = services.connect(); // nor does a Connect click: it waits for the store too
    expect(factory.last.calls).toEqual([]);
    // RECVs before the store is open are refused (no RECVACK): the server sends them again.
    await expect(factory.last.options.onMessage?.(incoming())).rejects.toThrow('not ready');
    release();
    await Promise.all([signingIn, clicked]);
    // connect() is idempotent in the manager; what matters is that none came before the open.
    expect(factory.last.calls).toEqual(['connect', 'connect']);
  });

  it('send, list, channels and events reach the MessagingService and match the contract', async () => {
    const { services, factory, handlers, events, messageEvents } = setup();
    await handlers.invoke[INVOKE_CHANNELS.signIn](account('alice'));
    const manager = factory.last;

    const queued = await handlers.invoke[INVOKE_CHANNELS.sendMessage]({
      channel: TO_BOB,
      text: 'hello bob',
    });
    expect(historyEntrySchema.parse(queued)).toEqual(queued);
    expect(queued).toMatchObject({ state: 'queued', own: true, fromUid: 'alice', ...TO_BOB });
    expect(manager.sent).toHaveLength(0); // not connected yet: stays queued

    connectedNow(manager);
    await until(() => expect(messageEvents()).toContain('hello bob:sent'));
    expect(manager.sent.map((r) => r.clientMsgNo)).toEqual([queued.clientMsgNo]);
    expect(messageEvents()).toEqual(['hello bob:queued', 'hello bob:sending', 'hello bob:sent']);
    for (const [channel, value] of events) {
      if (channel === EVENT_CHANNELS.message) historyEntrySchema.parse(value);
      if (channel === EVENT_CHANNELS.channel) channelSummarySchema.parse(value);
    }

    const list = await handlers.invoke[INVOKE_CHANNELS.listMessages]({ channel: TO_BOB });
    expect(list.map((e) => [e.text, e.state, e.messageId])).toEqual([
      ['hello bob', 'sent', '1001'],
    ]);
    const channels = await handlers.invoke[INVOKE_CHANNELS.listChannels](null);
    expect(channels).toEqual([
      { ...TO_BOB, unread: 0, lastMessage: expect.objectContaining({ text: 'hello bob' }) },
    ]);
    await expect(services.listMessages(TO_BOB, { limit: 1, beforeOrder: 0 })).resolves.toEqual([]);
  });

  it('incoming messages are stored before RECVACK, counted unread, and markRead clears them', async () => {
    const { services, factory, events } = setup();
    await services.signIn(account('alice'));
    const persist = factory.last.options.onMessage;
    const message = incoming({ fromUid: 'bob', channelId: 'bob', text: 'hi alice' });
    await persist?.(message);
    await persist?.(message); // redelivered: stored once
    const list = await services.listMessages(TO_BOB);
    expect(list.map((e) => `${e.text}:${e.state}`)).toEqual(['hi alice:received']);
    expect(await services.listChannels()).toMatchObject([{ ...TO_BOB, unread: 1 }]);

    const before = events.length;
    await services.markRead(TO_BOB);
    expect(await services.listChannels()).toMatchObject([{ ...TO_BOB, unread: 0 }]);
    expect(events.slice(before)).toEqual([
      [EVENT_CHANNELS.channel, expect.objectContaining({ ...TO_BOB, unread: 0 })],
    ]);
  });

  it('a refused message fails with its code and can be retried; unknown ones get a clear error', async () => {
    const { services, factory, messageEvents } = setup();
    await services.signIn(account('alice'));
    const manager = factory.last;
    const ack = manager.answerSend;
    manager.answerSend = async (request) => ({ ...(await ack(request)), reasonCode: 4 });
    connectedNow(manager);
    const { clientMsgNo } = await services.sendMessage(TO_BOB, 'refused once');
    await until(() => expect(messageEvents()).toContain('refused once:failed'));
    expect((await services.listMessages(TO_BOB))[0]).toMatchObject({
      state: 'failed',
      failReason: 'rejected',
      failCode: 4,
    });

    manager.answerSend = ack;
    await expect(services.retryMessage(clientMsgNo)).resolves.toMatchObject({ state: 'queued' });
    await until(() => expect(messageEvents().at(-1)).toBe('refused once:sent'));
    await expect(services.retryMessage(clientMsgNo)).rejects.toMatchObject({
      name: 'MessagingError',
      message: 'This message is no longer waiting to be sent',
    });
  });

  it('sign-out closes the store and keeps the outbox; signing in as the same uid resumes it', async () => {
    const { services, factory, messagesDir } = setup();
    await services.signIn(account('alice'));
    const { clientMsgNo } = await services.sendMessage(TO_BOB, 'written offline');
    await services.signOut();

    const outbox = readFileSync(join(userStorageDir(messagesDir, 'alice'), 'outbox.jsonl'), 'utf8');
    expect(outbox).toContain(clientMsgNo);
    await expect(services.sendMessage(TO_BOB, 'after sign-out')).rejects.toThrow(NotSignedInError);
    // The old manager's persist hook refuses now: no RECVACK for a store that is closed.
    await expect(factory.made[0]?.options.onMessage?.(incoming())).rejects.toThrow();

    // Another account sees nothing of alice's.
    await services.signIn(account('bob'));
    expect(await services.listChannels()).toEqual([]);

    await services.signIn(account('alice'));
    const manager = factory.last;
    expect((await services.listMessages(TO_BOB)).map((e) => `${e.text}:${e.state}`)).toEqual([
      'written offline:queued',
    ]);
    connectedNow(manager);
    await until(async () =>
      expect((await services.listMessages(TO_BOB)).map((e) => e.state)).toEqual(['sent']),
    );
    expect(manager.sent.map((r) => r.clientMsgNo)).toEqual([clientMsgNo]);
  });

  it('never opens one uid\u2019s store twice at a time, even when signing in again at once', async () => {
    const open = new Set<string>();
    let overlaps = 0;
    const openMessaging = async (o: MessagingServiceOptions) => {
      if (open.has(o.dir)) overlaps += 1;
      open.add(o.dir);
      const service = await MessagingService.open(o);
      const close = service.close.bind(service);
      service.close = async () => {
        await close();
        open.delete(o.dir);
      };
      return service;
    };
    const { services } = setup({ openMessaging });
    const first = services.signIn(account('alice'));
    const second = services.signIn(account('alice'));
    await Promise.all([first, second]);
    await services.sendMessage(TO_BOB, 'one store');
    expect(overlaps).toBe(0);
    expect(open.size).toBe(1);
    await services.shutdown();
    expect(open.size).toBe(0);
    await expect(services.listChannels()).rejects.toThrow('shutting down');
  });

  it('a store that cannot open leaves the connection working and says why messages fail', async () => {
    const { services, factory } = setup({
      openMessaging: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await services.signIn(account('alice'));
    expect(factory.last.calls).toEqual(['connect']);
    await expect(services.sendMessage(TO_BOB, 'hi')).rejects.toThrow(
      'Messages are unavailable: EACCES: permission denied',
    );
  });

  it('storage problems found on open are logged as warnings', async () => {
    const { services, messagesDir, warn } = setup();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = userStorageDir(messagesDir, 'alice');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'outbox.jsonl'), '{"k":"half-writ');
    await services.signIn(account('alice'));
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Message storage problem'),
      expect.objectContaining({ kind: 'corrupt' }),
    );
  });
});
