import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../shared/messages';
import { createRedactor } from '../shared/redact';
import { silentLogger } from './services/logger';

class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported = () => FakeNotification.supported;
  closed = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

vi.mock('electron', () => ({ Notification: FakeNotification }));

const { watchForMessages, NOTIFY_COALESCE_MS } = await import('./message-notifications');
const { messageText, NOTIFICATION_BODY_MAX } = await import('./message-text');
const { createTranslator } = await import('./translator');
const MESSAGE_TEXT = messageText(createTranslator('en'));

const START = 1_700_000_000_000;
let order = 0;

function received(patch: Partial<HistoryEntry> = {}): HistoryEntry {
  order += 1;
  return {
    channelId: 'bob',
    channelType: 1,
    clientMsgNo: `c-${order}`,
    messageId: `${1000 + order}`,
    messageSeq: `${order}`,
    fromUid: 'bob',
    own: false,
    contentType: 1,
    text: `hello ${order}`,
    timestamp: Date.now(),
    state: 'received',
    order,
    ...patch,
  };
}

/** Just the services' message stream, pushed by the test. */
function messageSource() {
  const listeners = new Set<(entry: HistoryEntry) => void>();
  return {
    services: {
      onMessage(listener: (entry: HistoryEntry) => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
    push: (entry: HistoryEntry) => listeners.forEach((l) => l(entry)),
    get listeners() {
      return listeners.size;
    },
  };
}

function setup(options: { focused?: boolean; redact?: (text: string) => string } = {}) {
  const source = messageSource();
  const state = { focused: options.focused ?? false };
  const openWindow = vi.fn();
  const notifier = watchForMessages({
    services: source.services,
    isWindowFocused: () => state.focused,
    openWindow,
    translator: createTranslator('en'),
    logger: silentLogger,
    ...(options.redact ? { redact: options.redact } : {}),
  });
  const shown = () => FakeNotification.shown.map((n) => n.options);
  return { source, state, openWindow, notifier, shown };
}

describe('watchForMessages', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    order = 0;
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notifies of an incoming message only while the window is not focused', () => {
    const { source, state, shown } = setup({ focused: true });
    source.push(received({ text: 'seen in the window' }));
    expect(shown()).toEqual([]);

    state.focused = false;
    source.push(received({ text: 'while away' }));
    expect(shown()).toEqual([{ title: 'bob', body: 'while away' }]);
  });

  it('titles group messages with sender and group', () => {
    const { source, shown } = setup();
    source.push(received({ channelId: 'team', channelType: 2, fromUid: 'carol', text: 'hi all' }));
    expect(shown()).toEqual([{ title: 'carol in team', body: 'hi all' }]);
  });

  it('coalesces a burst per channel: one now, one update after the window with the count', () => {
    const { source, shown } = setup();
    for (let i = 0; i < 100; i += 1) source.push(received());
    source.push(received({ channelId: 'dave', fromUid: 'dave', text: 'other channel' }));
    expect(shown()).toEqual([
      { title: 'bob', body: 'hello 1' },
      { title: 'dave', body: 'other channel' },
    ]);

    vi.advanceTimersByTime(NOTIFY_COALESCE_MS - 1);
    expect(shown()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(shown()).toEqual([
      { title: 'bob', body: 'hello 1' },
      { title: 'dave', body: 'other channel' },
      { title: 'bob', body: MESSAGE_TEXT.newMessages(100) },
    ]);
    // The update replaces the first notification of that channel; dave's stays.
    expect(FakeNotification.shown.map((n) => n.closed)).toEqual([true, false, false]);

    // Nothing else is pending: no further notifications however long we wait.
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS * 10);
    expect(shown()).toHaveLength(3);
    // The next message, after the window, shows at once and keeps counting.
    source.push(received());
    expect(shown().at(-1)).toEqual({ title: 'bob', body: MESSAGE_TEXT.newMessages(101) });
  });

  it('never notifies twice for one message (upserts, redeliveries)', () => {
    const { source, shown } = setup();
    const entry = received({ text: 'once' });
    source.push(entry);
    source.push({ ...entry });
    source.push({ ...entry, messageId: '999999', order: entry.order + 50 });
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS * 2);
    expect(shown()).toEqual([{ title: 'bob', body: 'once' }]);
  });

  it('a message seen while focused stays silent when upserted after the window lost focus', () => {
    const { source, state, shown } = setup({ focused: true });
    const entry = received();
    source.push(entry);
    state.focused = false;
    source.push({ ...entry });
    expect(shown()).toEqual([]);
  });

  it('own messages and state changes never notify', () => {
    const { source, shown } = setup();
    for (const state of ['queued', 'sending', 'sent', 'failed'] as const) {
      source.push(received({ own: true, fromUid: 'alice', state }));
    }
    // own message sent from another device arrives as 'sent'
    source.push(received({ own: true, fromUid: 'alice', state: 'sent', messageId: '5' }));
    source.push(received({ own: false, state: 'sent' }));
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS * 2);
    expect(shown()).toEqual([]);
  });

  it('messages dated before start-up (the offline backlog) stay silent', () => {
    const { source, shown } = setup();
    source.push(received({ timestamp: START - 60_000 }));
    source.push(received({ timestamp: START - 1 }));
    expect(shown()).toEqual([]);
    source.push(received({ timestamp: START + 5, text: 'new' }));
    expect(shown()).toEqual([{ title: 'bob', body: 'new' }]);
  });

  it('the backlog the offline sync fetches after a reconnect stays silent; a fresh synced message notifies', () => {
    const { source, shown } = setup();
    // offline for ten minutes while the app kept running, then the sync brings what was missed
    vi.setSystemTime(START + 10 * 60_000);
    for (let i = 0; i < 5; i++) {
      source.push(received({ text: `missed ${i}`, timestamp: START + 60_000 + i, synced: true }));
      source.push(
        received({ channelId: 'carol', fromUid: 'carol', timestamp: START + i, synced: true }),
      );
    }
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS * 2);
    expect(shown()).toEqual([]);
    // sent after the reconnect, fetched by the sync before its RECV arrived: news
    source.push(received({ text: 'just now', timestamp: Date.now() - 1_000, synced: true }));
    expect(shown()).toEqual([{ title: 'bob', body: 'just now' }]);
    // a live message dated as old as the backlog still notifies (RECV: news as it happens)
    source.push(
      received({ channelId: 'dave', fromUid: 'dave', text: 'live', timestamp: START + 1 }),
    );
    expect(shown()).toEqual([
      { title: 'bob', body: 'just now' },
      { title: 'dave', body: 'live' },
    ]);
  });

  it('clicking opens the window; a focused window drops pending updates and closes alerts', () => {
    const { source, state, openWindow, notifier, shown } = setup();
    source.push(received({ text: 'first' }));
    FakeNotification.shown[0]?.emit('click');
    expect(openWindow).toHaveBeenCalledOnce();

    source.push(received({ channelId: 'dave', fromUid: 'dave', text: 'd1' }));
    source.push(received({ channelId: 'dave', fromUid: 'dave', text: 'd2' }));
    state.focused = true;
    notifier.windowActive();
    expect(FakeNotification.shown.at(-1)?.closed).toBe(true);
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS * 2);
    expect(shown().map((n) => n.body)).toEqual(['first', 'd1']);

    // Back away: counting starts from one again.
    state.focused = false;
    source.push(received({ channelId: 'dave', fromUid: 'dave', text: 'd3' }));
    expect(shown().at(-1)).toEqual({ title: 'dave', body: 'd3' });
  });

  it('a pending update is dropped if the window got focus meanwhile', () => {
    const { source, state, shown } = setup();
    source.push(received());
    source.push(received());
    state.focused = true;
    vi.advanceTimersByTime(NOTIFY_COALESCE_MS);
    expect(shown()).toHaveLength(1);
  });

  it('never shows the token: redacted first, then cut; long text is cut; non-text is its placeholder', () => {
    const token = 'tok-SECRET-0123456789abcdef';
    const redactor = createRedactor();
    redactor.addSecret(token);
    const { source, shown } = setup({ redact: (text) => redactor.redactText(text) });
    // The token straddles the cut: a prefix must not leak either.
    const text = `${'x'.repeat(NOTIFICATION_BODY_MAX - 5)}${token}`;
    source.push(received({ text }));
    source.push(received({ channelId: 'img', fromUid: 'img', contentType: 2, text: token }));
    source.push(received({ channelId: token, fromUid: token, text: `my token ${token}` }));
    const all = JSON.stringify(shown());
    expect(all).not.toContain(token);
    expect(all).not.toContain('tok-SEC');
    expect(shown()[0]?.body).toHaveLength(NOTIFICATION_BODY_MAX);
    expect(shown()[0]?.body.endsWith('…')).toBe(true);
    expect(shown()[1]?.body).toBe('[Image]');
    expect(shown()).toHaveLength(3);
  });

  it('stays quiet where notifications are unsupported; dispose stops listening', () => {
    FakeNotification.supported = false;
    const { source, notifier, shown } = setup();
    source.push(received());
    expect(shown()).toEqual([]);
    notifier.dispose();
    expect(source.listeners).toBe(0);
  });
});
