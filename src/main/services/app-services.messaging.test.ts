/**
 * Messaging through the app services: the real MessagingService on a temp folder, over the fake
 * ConnectionManager (whose SENDs the test answers). Waits are for observable state, never sleeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, vi } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  channelSummarySchema,
  diagnosticsReportSchema,
  historyEntrySchema,
  storageIssueInfoSchema,
} from '../../shared/ipc-contract';
import type { HistoryEntry, StorageIssueInfo } from '../../shared/messages';
import {
  DATABASE_FILE,
  MessagingService,
  userStorageDir,
  type MessagingServiceOptions,
} from '../im/messaging';
import { incoming } from '../im/messaging/testing/service-fixture';
import { fakeManagerFactory, type FakeConnectionManager } from '../testing/fake-connection-manager';
import { tempDir } from '../testing/temp-dir';
import {
  createAppServices,
  MAX_STORAGE_ISSUES,
  NotSignedInError,
  type AppServicesDeps,
} from './app-services';
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

  it('a queued message can be deleted through the handlers; a full outbox says so', async () => {
    const openMessaging = (o: MessagingServiceOptions) =>
      MessagingService.open({ ...o, outboxLimit: 1 });
    const { services, handlers } = setup({ openMessaging });
    await services.signIn(account('alice'));
    const { clientMsgNo } = await services.sendMessage(TO_BOB, 'changed my mind');
    await expect(services.sendMessage(TO_BOB, 'one too many')).rejects.toMatchObject({
      name: 'MessagingError',
      code: 'outboxFull',
      message: expect.stringContaining('1 messages are already waiting to be sent'),
    });
    await handlers.invoke[INVOKE_CHANNELS.deleteMessage]({ clientMsgNo });
    expect(await services.listMessages(TO_BOB)).toEqual([]);
    await expect(
      handlers.invoke[INVOKE_CHANNELS.deleteMessage]({ clientMsgNo }),
    ).rejects.toMatchObject({
      message: 'This message is no longer waiting to be sent',
    });
  });

  it('sign-out closes the store and keeps the outbox; signing in as the same uid resumes it', async () => {
    const { services, factory, messagesDir } = setup();
    await services.signIn(account('alice'));
    const { clientMsgNo } = await services.sendMessage(TO_BOB, 'written offline');
    await services.signOut();

    const db = new DatabaseSync(join(userStorageDir(messagesDir, 'alice'), DATABASE_FILE));
    const outbox = db.prepare('SELECT client_msg_no FROM outbox').all();
    db.close();
    expect(outbox).toEqual([{ client_msg_no: clientMsgNo }]);
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

describe('app services: storage problems reach the user', () => {
  const halfWrittenOutbox = async (messagesDir: string, uid: string) => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = userStorageDir(messagesDir, uid);
    mkdirSync(dir, { recursive: true });
    // a torn line, as a crash in the middle of a write leaves it
    writeFileSync(join(dir, 'outbox.jsonl'), '{"k":"half-writ');
    return join(dir, 'outbox.jsonl');
  };
  const issueEvents = (events: [string, unknown][]) =>
    events.filter(([c]) => c === EVENT_CHANNELS.storageIssue).map(([, v]) => v as StorageIssueInfo);

  it('a corrupt outbox found on open shows up in diagnostics, getStorageIssues and as an event', async () => {
    const { services, handlers, events, messagesDir } = setup();
    const file = await halfWrittenOutbox(messagesDir, 'alice');
    await handlers.invoke[INVOKE_CHANNELS.signIn](account('alice'));

    const [event, ...more] = issueEvents(events);
    expect(more).toEqual([]);
    expect(storageIssueInfoSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ kind: 'corrupt', file, movedTo: expect.stringContaining(file) });
    expect(event?.movedTo).not.toBe(file);
    expect(readFileSync(event?.movedTo ?? '', 'utf8')).toBe('{"k":"half-writ');

    const report = await handlers.invoke[INVOKE_CHANNELS.getDiagnostics](null);
    expect(diagnosticsReportSchema.parse(report).storageIssues).toEqual([event]);
    await expect(handlers.invoke[INVOKE_CHANNELS.getStorageIssues](null)).resolves.toEqual([event]);
    // The store still works: everything readable (nothing here) was kept.
    await expect(services.sendMessage(TO_BOB, 'after repair')).resolves.toMatchObject({
      state: 'queued',
    });
  });

  it('problems while running are forwarded, bounded, and forgotten with the account', async () => {
    let opened: MessagingService | null = null;
    const openMessaging = async (o: MessagingServiceOptions) => {
      opened = await MessagingService.open(o);
      return opened;
    };
    const { services, events } = setup({ openMessaging });
    await services.signIn(account('alice'));
    const service = opened as MessagingService | null;
    if (!service) throw new Error('not opened');
    const total = MAX_STORAGE_ISSUES + 5;
    for (let i = 0; i < total; i += 1) {
      service.emit('storageIssue', { kind: 'writeFailed', file: '/x', detail: `EIO ${i}`, at: i });
    }
    expect(issueEvents(events)).toHaveLength(total);
    const kept = services.getDiagnostics().storageIssues ?? [];
    expect(kept).toHaveLength(MAX_STORAGE_ISSUES);
    expect(kept[0]?.at).toBe(5);
    expect(kept.at(-1)?.detail).toBe(`EIO ${total - 1}`);

    await services.signOut();
    expect(services.getStorageIssues()).toEqual([]);
    expect(services.getDiagnostics().storageIssues).toEqual([]);
  });

  it('keeps tokens out of the issues it reports', async () => {
    let opened: MessagingService | null = null;
    const openMessaging = async (o: MessagingServiceOptions) => {
      opened = await MessagingService.open(o);
      return opened;
    };
    const { services, events } = setup({ openMessaging });
    const { token } = account('alice');
    await services.signIn(account('alice'));
    (opened as MessagingService | null)?.emit('storageIssue', {
      kind: 'writeFailed',
      file: '/x',
      detail: `failed near ${token}`,
      at: 1,
    });
    expect(issueEvents(events).map((i) => i.detail)).toEqual(['failed near [redacted]']);
    expect(JSON.stringify(services.getStorageIssues())).not.toContain(token);
  });
});
