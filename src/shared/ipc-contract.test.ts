import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AccountInfo, DiagnosticsReport, SignInDefaults, SignInRequest } from './bridge-api';
import type { ConnectionSnapshot, KickEvent } from './connection';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
  StorageIssueInfo,
} from './messages';
import { initialSnapshot } from './connection';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  InvalidPayloadError,
  SEND_CHANNELS,
  MAX_MESSAGE_TEXT_LENGTH,
  channelSummarySchema,
  connectionSnapshotSchema,
  diagnosticsReportSchema,
  eventContract,
  formatIssues,
  historyEntrySchema,
  invokeContract,
  isInvokeChannel,
  isSendChannel,
  parseInvokePayload,
  storageIssueInfoSchema,
  unwrapIpcResponse,
  type InvokeInput,
  type EventValue,
  type InvokePayload,
  type InvokeResult,
} from './ipc-contract';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from './settings';

describe('IPC contract', () => {
  it('names every channel domain:verb, all distinct', () => {
    const all = [
      ...Object.values(INVOKE_CHANNELS),
      ...Object.values(SEND_CHANNELS),
      ...Object.values(EVENT_CHANNELS),
    ];
    for (const channel of all) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(invokeContract).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(isInvokeChannel('account:sign-in')).toBe(true);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(isSendChannel('network:report')).toBe(true);
  });

  it('types agree with the WukongApi the renderer is built against', () => {
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getSnapshot>
    >().toEqualTypeOf<ConnectionSnapshot>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.getAccount>>().toEqualTypeOf<AccountInfo>();
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getSignInDefaults>
    >().toEqualTypeOf<SignInDefaults>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.getSettings>>().toEqualTypeOf<Settings>();
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getDiagnostics>
    >().toEqualTypeOf<DiagnosticsReport>();
    expectTypeOf<InvokePayload<typeof INVOKE_CHANNELS.signIn>>().toEqualTypeOf<SignInRequest>();
    expectTypeOf<
      InvokePayload<typeof INVOKE_CHANNELS.updateSettings>
    >().toEqualTypeOf<SettingsPatch>();
    expectTypeOf<EventValue<typeof EVENT_CHANNELS.kick>>().toEqualTypeOf<KickEvent>();
  });

  it('accepts undefined or null for calls without arguments, nothing else', () => {
    expect(parseInvokePayload(INVOKE_CHANNELS.connect, undefined)).toBeUndefined();
    expect(parseInvokePayload(INVOKE_CHANNELS.connect, null)).toBeUndefined();
    expect(() => parseInvokePayload(INVOKE_CHANNELS.connect, {})).toThrow(InvalidPayloadError);
  });

  it('error messages name each bad field once', () => {
    expect(() =>
      parseInvokePayload(INVOKE_CHANNELS.signIn, {
        server: { kind: 'static', host: 'ok.example', port: 0 },
        uid: 'x'.repeat(200),
        token: '',
      }),
    ).toThrow(
      'Invalid request for account:sign-in: server.port: Port must be 1-65535; uid: User id is at most 128 characters; token: Enter a token',
    );
    expect(formatIssues([{ path: [], message: 'Expected boolean' }])).toBe('Expected boolean');
  });

  it('the snapshot schema accepts real snapshots', () => {
    expect(connectionSnapshotSchema.parse(initialSnapshot(5))).toEqual(initialSnapshot(5));
  });

  it('unwrapIpcResponse returns values and rethrows errors by name and message', () => {
    expect(unwrapIpcResponse({ ok: true, value: 3 })).toBe(3);
    try {
      unwrapIpcResponse({
        ok: false,
        error: { name: 'NotSignedInError', message: 'Sign in first' },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'NotSignedInError', message: 'Sign in first' });
    }
    expect(() => unwrapIpcResponse(undefined)).toThrow('Malformed reply');
  });
});

describe('IPC contract: messaging', () => {
  const bob: ChannelRef = { channelId: 'bob', channelType: 1 };
  const entry: HistoryEntry = {
    ...bob,
    clientMsgNo: 'a'.repeat(32),
    messageId: '123',
    messageSeq: '4',
    fromUid: 'alice',
    own: true,
    contentType: 1,
    text: 'hi',
    timestamp: 1_700_000_000_000,
    state: 'failed',
    order: 7,
    failReason: 'rejected',
    failCode: 4,
  };
  const refuse = (channel: Parameters<typeof parseInvokePayload>[0], payload: unknown) => () =>
    parseInvokePayload(channel, payload);

  it('types agree with src/shared/messages.ts and the WukongApi verbs', () => {
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.sendMessage>>().toEqualTypeOf<HistoryEntry>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.retryMessage>>().toEqualTypeOf<HistoryEntry>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.listMessages>>().toEqualTypeOf<
      HistoryEntry[]
    >();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.listChannels>>().toEqualTypeOf<
      ChannelSummary[]
    >();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.markRead>>().toEqualTypeOf<void>();
    expectTypeOf<InvokePayload<typeof INVOKE_CHANNELS.sendMessage>>().toEqualTypeOf<{
      channel: ChannelRef;
      text: string;
    }>();
    expectTypeOf<InvokeInput<typeof INVOKE_CHANNELS.listMessages>>().toEqualTypeOf<{
      channel: ChannelRef;
      limit?: number | undefined;
      beforeOrder?: number | undefined;
    }>();
    expectTypeOf<ListMessagesOptions>().toExtend<
      Omit<InvokeInput<typeof INVOKE_CHANNELS.listMessages>, 'channel'>
    >();
    expectTypeOf<EventValue<typeof EVENT_CHANNELS.message>>().toEqualTypeOf<HistoryEntry>();
    expectTypeOf<EventValue<typeof EVENT_CHANNELS.channel>>().toEqualTypeOf<ChannelSummary>();
  });

  it('accepts good requests', () => {
    expect(parseInvokePayload(INVOKE_CHANNELS.sendMessage, { channel: bob, text: ' hi ' })).toEqual(
      { channel: bob, text: ' hi ' },
    );
    expect(parseInvokePayload(INVOKE_CHANNELS.retryMessage, { clientMsgNo: 'x' })).toEqual({
      clientMsgNo: 'x',
    });
    expect(
      parseInvokePayload(INVOKE_CHANNELS.listMessages, {
        channel: bob,
        limit: 500,
        beforeOrder: 3,
      }),
    ).toEqual({ channel: bob, limit: 500, beforeOrder: 3 });
    expect(parseInvokePayload(INVOKE_CHANNELS.listMessages, { channel: bob })).toEqual({
      channel: bob,
    });
    expect(parseInvokePayload(INVOKE_CHANNELS.markRead, { channel: bob })).toEqual({
      channel: bob,
    });
    expect(parseInvokePayload(INVOKE_CHANNELS.listChannels, null)).toBeUndefined();
  });

  it.each([
    ['a blank text', { channel: bob, text: '  \n ' }, /messages:send: text: Enter a message/],
    [
      'a text over the limit',
      { channel: bob, text: 'x'.repeat(MAX_MESSAGE_TEXT_LENGTH + 1) },
      /text: A message is at most 20000 characters/,
    ],
    ['a missing channel', { text: 'hi' }, /channel: /],
    [
      'an empty channel id',
      { channel: { ...bob, channelId: '' }, text: 'hi' },
      /channel\.channelId: Enter a channel id/,
    ],
    [
      'a channel id over 256 characters',
      { channel: { ...bob, channelId: 'b'.repeat(257) }, text: 'hi' },
      /channel\.channelId: Channel id is at most 256/,
    ],
    [
      'channel type 0',
      { channel: { ...bob, channelType: 0 }, text: 'hi' },
      /channel\.channelType: Channel type must be 1-255/,
    ],
    [
      'channel type 256',
      { channel: { ...bob, channelType: 256 }, text: 'hi' },
      /channel\.channelType/,
    ],
    [
      'a fractional channel type',
      { channel: { ...bob, channelType: 1.5 }, text: 'hi' },
      /channel\.channelType/,
    ],
    ['an extra channel field', { channel: { ...bob, extra: 1 }, text: 'hi' }, /channel: .*extra/i],
    ['an extra field', { channel: bob, text: 'hi', from: 'mallory' }, /from/],
    ['a text that is not a string', { channel: bob, text: 42 }, /text: /],
  ])('refuses a send with %s, naming the field', (_name, payload, message) => {
    expect(refuse(INVOKE_CHANNELS.sendMessage, payload)).toThrow(InvalidPayloadError);
    expect(refuse(INVOKE_CHANNELS.sendMessage, payload)).toThrow(message);
  });

  it('refuses bad retry, list and mark-read requests, naming the field', () => {
    expect(refuse(INVOKE_CHANNELS.retryMessage, { clientMsgNo: '' })).toThrow(
      /messages:retry: clientMsgNo: Enter a clientMsgNo/,
    );
    expect(refuse(INVOKE_CHANNELS.retryMessage, { clientMsgNo: 'c'.repeat(65) })).toThrow(
      /clientMsgNo: clientMsgNo is at most 64/,
    );
    expect(refuse(INVOKE_CHANNELS.retryMessage, 'abc')).toThrow(InvalidPayloadError);
    expect(refuse(INVOKE_CHANNELS.listMessages, { channel: bob, limit: 0 })).toThrow(
      /messages:list: limit: Limit must be 1-500/,
    );
    expect(refuse(INVOKE_CHANNELS.listMessages, { channel: bob, limit: 501 })).toThrow(/limit: /);
    expect(refuse(INVOKE_CHANNELS.listMessages, { channel: bob, beforeOrder: 1.5 })).toThrow(
      /beforeOrder: beforeOrder must be a whole number/,
    );
    expect(refuse(INVOKE_CHANNELS.listMessages, { channel: bob, limit: '5' })).toThrow(/limit: /);
    expect(refuse(INVOKE_CHANNELS.markRead, { channel: { channelId: 'bob' } })).toThrow(
      /messages:mark-read: channel\.channelType: /,
    );
    expect(refuse(INVOKE_CHANNELS.markRead, bob)).toThrow(InvalidPayloadError);
    expect(refuse(INVOKE_CHANNELS.listChannels, { all: true })).toThrow(InvalidPayloadError);
  });

  it('result and event schemas accept real entries and summaries, and refuse broken ones', () => {
    expect(historyEntrySchema.parse(entry)).toEqual(entry);
    const { failReason: _r, failCode: _c, ...received } = entry;
    expect(historyEntrySchema.parse({ ...received, own: false, state: 'received' })).toBeTruthy();
    const summary: ChannelSummary = { ...bob, lastMessage: entry, unread: 2 };
    expect(channelSummarySchema.parse(summary)).toEqual(summary);
    expect(channelSummarySchema.parse({ ...summary, lastMessage: null }).lastMessage).toBeNull();
    expect(historyEntrySchema.safeParse({ ...entry, state: 'lost' }).success).toBe(false);
    expect(historyEntrySchema.safeParse({ ...entry, messageId: 123 }).success).toBe(false);
    expect(channelSummarySchema.safeParse({ ...summary, unread: -1 }).success).toBe(false);
    expect(eventContract[EVENT_CHANNELS.message].value).toBe(historyEntrySchema);
    expect(eventContract[EVENT_CHANNELS.channel].value).toBe(channelSummarySchema);
  });
});

describe('IPC contract: storage issues and settings events', () => {
  const issue: StorageIssueInfo = {
    kind: 'corrupt',
    file: '/data/messages/u/outbox.jsonl',
    movedTo: '/data/messages/u/outbox.jsonl.corrupt-1',
    badLines: 1,
    keptRecords: 3,
    at: 1_700_000_000_000,
  };

  it('types agree with the WukongApi', () => {
    expectTypeOf<
      EventValue<typeof EVENT_CHANNELS.storageIssue>
    >().toEqualTypeOf<StorageIssueInfo>();
    expectTypeOf<EventValue<typeof EVENT_CHANNELS.settings>>().toEqualTypeOf<Settings>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.getStorageIssues>>().toEqualTypeOf<
      StorageIssueInfo[]
    >();
    expect(EVENT_CHANNELS.storageIssue).toBe('messages:storage-issue');
    expect(EVENT_CHANNELS.settings).toBe('settings:changed');
  });

  it('event schemas accept real values and refuse malformed ones', () => {
    expect(eventContract[EVENT_CHANNELS.storageIssue].value.parse(issue)).toEqual(issue);
    expect(
      storageIssueInfoSchema.parse({ kind: 'writeFailed', file: '/d', detail: 'EIO', at: 1 }),
    ).toEqual({ kind: 'writeFailed', file: '/d', detail: 'EIO', at: 1 });
    expect(storageIssueInfoSchema.safeParse({ ...issue, kind: 'lost' }).success).toBe(false);
    expect(storageIssueInfoSchema.safeParse({ ...issue, badLines: -1 }).success).toBe(false);
    expect(storageIssueInfoSchema.safeParse({ kind: 'corrupt', at: 1 }).success).toBe(false);
    expect(eventContract[EVENT_CHANNELS.settings].value.parse(DEFAULT_SETTINGS)).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(
      eventContract[EVENT_CHANNELS.settings].value.safeParse({ ...DEFAULT_SETTINGS, theme: 'x' })
        .success,
    ).toBe(false);
  });

  it('a diagnostics report may carry storage issues, and older reports without them still pass', () => {
    const report = {
      snapshot: initialSnapshot(1),
      entries: [],
      appVersion: '1',
      platform: 'linux',
    };
    expect(diagnosticsReportSchema.parse(report)).toEqual(report);
    expect(diagnosticsReportSchema.parse({ ...report, storageIssues: [issue] })).toEqual({
      ...report,
      storageIssues: [issue],
    });
    expect(
      diagnosticsReportSchema.safeParse({ ...report, storageIssues: [{ kind: 'corrupt' }] })
        .success,
    ).toBe(false);
    expect(parseInvokePayload(INVOKE_CHANNELS.getStorageIssues, null)).toBeUndefined();
  });
});
