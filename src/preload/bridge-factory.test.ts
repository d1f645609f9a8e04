import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { WukongApi } from '../shared/bridge-api';
import { initialSnapshot } from '../shared/connection';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-channels';
import type { ChannelSummary, HistoryEntry, StorageIssueInfo } from '../shared/messages';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { createWukongApi, type BridgeTransport } from './bridge-factory';

function fakeTransport() {
  const listeners = new Map<string, Set<(value: unknown) => void>>();
  const transport = {
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ channel, payload })),
    send: vi.fn(),
    on: vi.fn((channel: string, listener: (value: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => void set.delete(listener);
    }),
    emit(channel: string, value: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener(value);
    },
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  } satisfies BridgeTransport & Record<string, unknown>;
  return transport;
}

describe('createWukongApi', () => {
  it('maps each verb to its contract channel with the payload', async () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const request = {
      server: { kind: 'static' as const, host: 'h', port: 1 },
      uid: 'u',
      token: 't',
    };
    await api.signIn(request);
    await api.updateSettings({ theme: 'dark' });
    await api.getSnapshot();
    await api.quit();
    expect(transport.invoke.mock.calls).toEqual([
      [INVOKE_CHANNELS.signIn, request],
      [INVOKE_CHANNELS.updateSettings, { theme: 'dark' }],
      [INVOKE_CHANNELS.getSnapshot, undefined],
      [INVOKE_CHANNELS.quit, undefined],
    ]);
    api.reportNetwork(false);
    expect(transport.send).toHaveBeenCalledWith(SEND_CHANNELS.reportNetwork, false);
  });

  it('every verb of WukongApi exists and is a function; the object is frozen', () => {
    const api = createWukongApi(fakeTransport());
    const verbs: (keyof WukongApi)[] = [
      'getSnapshot',
      'getAccount',
      'getSignInDefaults',
      'signIn',
      'connect',
      'disconnect',
      'retryNow',
      'signOut',
      'getSettings',
      'updateSettings',
      'getDiagnostics',
      'exportDiagnostics',
      'reportNetwork',
      'quit',
      'openExternal',
      'getUpdateState',
      'restartToUpdate',
      'onUpdateState',
      'onSyncStatus',
      'onSnapshot',
      'onKick',
      'sendMessage',
      'retryMessage',
      'deleteMessage',
      'searchMessages',
      'listMessages',
      'listChannels',
      'markRead',
      'onMessage',
      'onChannel',
      'onSettings',
      'getStorageIssues',
      'onStorageIssue',
    ];
    for (const verb of verbs) expect(typeof api[verb], verb).toBe('function');
    expect(Object.keys(api).sort()).toEqual([...verbs].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expectTypeOf(api).toEqualTypeOf<WukongApi>();
  });

  it('subscriptions hand over only the value and unsubscribe exactly once', () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const seen: unknown[] = [];
    const off = api.onSnapshot((snapshot) => seen.push(snapshot));
    const other = vi.fn();
    api.onSnapshot(other);

    const snapshot = initialSnapshot(1);
    transport.emit(EVENT_CHANNELS.snapshot, snapshot);
    expect(seen).toEqual([snapshot]);

    off();
    off();
    transport.emit(EVENT_CHANNELS.snapshot, snapshot);
    expect(seen).toHaveLength(1);
    expect(other).toHaveBeenCalledTimes(2);
    expect(transport.count(EVENT_CHANNELS.snapshot)).toBe(1);
  });

  it('kick listener gets the kick event; a non-function listener is refused', () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const kicks: unknown[] = [];
    api.onKick((kick) => kicks.push(kick));
    transport.emit(EVENT_CHANNELS.kick, { reasonCode: 12, reasonText: '', at: 1 });
    expect(kicks).toEqual([{ reasonCode: 12, reasonText: '', at: 1 }]);
    expect(() => api.onKick('nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('rejections from the transport reach the caller', async () => {
    const transport = fakeTransport();
    transport.invoke.mockRejectedValueOnce(new Error('Sign in first'));
    await expect(createWukongApi(transport).connect()).rejects.toThrow('Sign in first');
  });

  it('messaging verbs send one payload object on their contract channels', async () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const bob = { channelId: 'bob', channelType: 1 };
    await api.sendMessage(bob, 'hi bob');
    await api.retryMessage('c1');
    await api.listMessages(bob);
    await api.listMessages(bob, { limit: 20, beforeOrder: undefined });
    await api.listMessages(bob, { beforeOrder: 9 });
    await api.listChannels();
    await api.markRead(bob);
    expect(transport.invoke.mock.calls).toEqual([
      [INVOKE_CHANNELS.sendMessage, { channel: bob, text: 'hi bob' }],
      [INVOKE_CHANNELS.retryMessage, { clientMsgNo: 'c1' }],
      [INVOKE_CHANNELS.listMessages, { channel: bob }],
      // undefined options are left out, so JSON and structured clone carry the same payload
      [INVOKE_CHANNELS.listMessages, { channel: bob, limit: 20 }],
      [INVOKE_CHANNELS.listMessages, { channel: bob, beforeOrder: 9 }],
      [INVOKE_CHANNELS.listChannels, undefined],
      [INVOKE_CHANNELS.markRead, { channel: bob }],
    ]);
    // Junk options reach the main process as a field it refuses by name, never spread apart.
    await api.listMessages(bob, 'abc' as never);
    expect(transport.invoke.mock.calls.at(-1)).toEqual([
      INVOKE_CHANNELS.listMessages,
      { channel: bob, options: 'abc' },
    ]);
  });

  it('message and channel subscriptions hand over only the value and unsubscribe once', () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const entries: HistoryEntry[] = [];
    const summaries: ChannelSummary[] = [];
    const offMessage = api.onMessage((entry) => entries.push(entry));
    const offChannel = api.onChannel((summary) => summaries.push(summary));
    const entry = { text: 'hi', state: 'sent' } as HistoryEntry;
    const summary = { channelId: 'bob', channelType: 1, unread: 2, lastMessage: null };
    transport.emit(EVENT_CHANNELS.message, entry);
    transport.emit(EVENT_CHANNELS.channel, summary);
    expect(entries).toEqual([entry]);
    expect(summaries).toEqual([summary]);

    offMessage();
    offMessage();
    offChannel();
    transport.emit(EVENT_CHANNELS.message, entry);
    transport.emit(EVENT_CHANNELS.channel, summary);
    expect(entries).toHaveLength(1);
    expect(summaries).toHaveLength(1);
    expect(transport.count(EVENT_CHANNELS.message)).toBe(0);
    expect(transport.count(EVENT_CHANNELS.channel)).toBe(0);
    expect(() => api.onMessage(null as unknown as () => void)).toThrow(TypeError);
  });

  it('settings and storage-issue subscriptions hand over only the value and unsubscribe once', async () => {
    const transport = fakeTransport();
    const api = createWukongApi(transport);
    const settings: Settings[] = [];
    const issues: StorageIssueInfo[] = [];
    const offSettings = api.onSettings((value) => settings.push(value));
    const offIssue = api.onStorageIssue((issue) => issues.push(issue));
    const changed = { ...DEFAULT_SETTINGS, theme: 'dark' as const };
    const issue: StorageIssueInfo = {
      kind: 'corrupt',
      file: '/data/outbox.jsonl',
      movedTo: '/data/outbox.jsonl.corrupt-1',
      at: 5,
    };
    transport.emit(EVENT_CHANNELS.settings, changed);
    transport.emit(EVENT_CHANNELS.storageIssue, issue);
    expect(settings).toEqual([changed]);
    expect(issues).toEqual([issue]);

    offSettings();
    offSettings();
    offIssue();
    transport.emit(EVENT_CHANNELS.settings, changed);
    transport.emit(EVENT_CHANNELS.storageIssue, issue);
    expect(settings).toHaveLength(1);
    expect(issues).toHaveLength(1);
    expect(transport.count(EVENT_CHANNELS.settings)).toBe(0);
    expect(transport.count(EVENT_CHANNELS.storageIssue)).toBe(0);
    expect(() => api.onSettings(undefined as unknown as () => void)).toThrow(TypeError);

    await api.getStorageIssues();
    expect(transport.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNELS.getStorageIssues, undefined);
  });
});
