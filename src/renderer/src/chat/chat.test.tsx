import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_PAGE_SIZE, type HistoryEntry } from '../../../shared/messages';
import { deferred, FakeApi, makeSnapshot } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

const BOB = { channelId: 'bob', channelType: 1 };

function messages(): HTMLElement[] {
  return screen.queryAllByTestId('message');
}

function messageByNo(clientMsgNo: string): HTMLElement {
  const found = messages().find((m) => m.dataset.clientMsgNo === clientMsgNo);
  if (!found) throw new Error(`no message ${clientMsgNo} on screen`);
  return found;
}

function channelItem(channelId: string): HTMLElement {
  const found = screen
    .queryAllByTestId('channel-item')
    .find((item) => item.dataset.channelId === channelId);
  if (!found) throw new Error(`no channel ${channelId} in the list`);
  return found;
}

function composer(): HTMLTextAreaElement {
  return screen.getByTestId('composer-input') as HTMLTextAreaElement;
}

/** The app with bob's conversation open (history: one message from bob). */
async function openBob(fake = new FakeApi(), language: 'en' | 'zh-CN' = 'en') {
  fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: 'hi alice' }));
  const rendered = await renderApp(fake, language);
  const user = userEvent.setup();
  await user.click(channelItem('bob'));
  await flush();
  return { ...rendered, user };
}

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  // Back to the document's own value for the next test.
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('channel list', () => {
  it('lists channels newest first with a preview and unread counts in words and numbers', async () => {
    const fake = new FakeApi();
    fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: 'first\nsecond line' }));
    fake.store(fake.makeEntry({ channelId: 'team', channelType: 2, fromUid: 'carol', text: 'yo' }));
    fake.unread.set('1:bob', 3);
    await renderApp(fake);
    const items = screen.getAllByTestId('channel-item');
    expect(items.map((i) => i.dataset.channelId)).toEqual(['team', 'bob']);
    expect(within(channelItem('team')).getByText('Group')).toBeTruthy();
    expect(within(channelItem('bob')).getByTestId('channel-preview').textContent).toBe('first');
    const badge = within(channelItem('bob')).getByTestId('unread-badge');
    expect(badge.dataset.count).toBe('3');
    expect(badge.textContent).toContain('3 unread messages');
    expect(within(channelItem('team')).queryByTestId('unread-badge')).toBeNull();
  });

  it('says when the list could not be loaded and fetches it again on the next connect', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({ status: 'connecting' });
    fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: 'hi' }));
    fake.api.listChannels.mockRejectedValueOnce(new Error('messaging is not open'));
    await renderApp(fake);
    expect(screen.getByTestId('channels-error').textContent).toBe(
      'Could not load the conversations: messaging is not open',
    );
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    await flush();
    expect(fake.api.listChannels).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('channels-error')).toBeNull();
    expect(channelItem('bob')).toBeTruthy();
  });

  it('raises the badge for a message in a channel that is not open', async () => {
    const { fake } = await renderApp();
    expect(screen.getByTestId('channels-empty')).toBeTruthy();
    await act(async () => {
      fake.receive('dave', 'are you there?');
      fake.receive('dave', 'hello?');
    });
    expect(within(channelItem('dave')).getByTestId('unread-badge').dataset.count).toBe('2');
    expect(within(channelItem('dave')).getByTestId('channel-preview').textContent).toBe('hello?');
    expect(fake.api.markRead).not.toHaveBeenCalled();
  });

  it('opens a conversation, shows its history and marks it read', async () => {
    const fake = new FakeApi();
    fake.unread.set('1:bob', 1);
    const { user } = await openBob(fake);
    expect(fake.api.markRead).toHaveBeenCalledWith(BOB);
    expect(within(channelItem('bob')).queryByTestId('unread-badge')).toBeNull();
    expect(channelItem('bob').getAttribute('aria-current')).toBe('true');
    const conversation = screen.getByTestId('conversation');
    expect(conversation.dataset.channelId).toBe('bob');
    const [only] = messages();
    expect(within(only!).getByTestId('message-sender').textContent).toBe('bob');
    expect(within(only!).getByTestId('message-text').textContent).toBe('hi alice');
    expect(within(only!).getByTestId('message-time').textContent).toMatch(/\d{1,2}:\d{2}/);
    expect(within(only!).queryByTestId('message-state')).toBeNull();
    expect(document.activeElement).toBe(composer());
    void user;
  });

  it('works from the keyboard alone: Tab to a channel, Enter opens it, type and Enter sends', async () => {
    const fake = new FakeApi();
    fake.store(fake.makeEntry({ channelId: 'carol', channelType: 1, text: 'hey' }));
    await renderApp(fake);
    const user = userEvent.setup();
    for (let i = 0; i < 20 && document.activeElement !== channelItem('carol'); i += 1) {
      await user.tab();
    }
    expect(document.activeElement).toBe(channelItem('carol'));
    await user.keyboard('{Enter}');
    await flush();
    expect(screen.getByTestId('conversation').dataset.channelId).toBe('carol');
    expect(document.activeElement).toBe(composer());
    await user.keyboard('typed only{Enter}');
    expect(fake.api.sendMessage).toHaveBeenCalledWith(
      { channelId: 'carol', channelType: 1 },
      'typed only',
    );
  });

  it('opens a new person chat by uid and a group by id', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    await user.click(screen.getByTestId('new-chat-toggle'));
    await user.click(screen.getByTestId('new-chat-open'));
    expect(screen.getByTestId('new-chat-input-error').textContent).toBe(
      'Enter a user ID or group ID',
    );
    await user.type(screen.getByTestId('new-chat-input'), ' carol {Enter}');
    await flush();
    expect(screen.getByTestId('conversation').dataset.channelId).toBe('carol');
    expect(screen.getByTestId('conversation').dataset.channelType).toBe('1');
    expect(screen.getByTestId('conversation-empty').textContent).toBe(
      'No messages yet. Say hello!',
    );
    expect(channelItem('carol')).toBeTruthy();
    expect(fake.api.listMessages).toHaveBeenCalledWith(
      { channelId: 'carol', channelType: 1 },
      { limit: FIRST_PAGE_SIZE },
    );

    await user.click(screen.getByTestId('new-chat-toggle'));
    await user.selectOptions(screen.getByTestId('new-chat-kind'), '2');
    await user.type(screen.getByTestId('new-chat-input'), 'team-7');
    await user.click(screen.getByTestId('new-chat-open'));
    await flush();
    expect(screen.getByTestId('conversation').dataset.channelType).toBe('2');
    await user.type(composer(), 'hello team{Enter}');
    expect(fake.api.sendMessage).toHaveBeenCalledWith(
      { channelId: 'team-7', channelType: 2 },
      'hello team',
    );
  });
});

describe('composer', () => {
  it('sends on Enter, clears the box and shows the message once as Sending…', async () => {
    const { fake, user } = await openBob();
    await user.type(composer(), 'hello bob{Enter}');
    await flush();
    expect(fake.api.sendMessage).toHaveBeenCalledTimes(1);
    expect(fake.api.sendMessage).toHaveBeenCalledWith(BOB, 'hello bob');
    expect(composer().value).toBe('');
    // The answer and the event carry the same entry: one message on screen.
    const own = messages().filter((m) => m.dataset.own === 'true');
    expect(own).toHaveLength(1);
    expect(own[0]!.dataset.state).toBe('queued');
    const mark = within(own[0]!).getByTestId('message-state');
    expect(mark.textContent).toBe('Sending…');
    expect(mark.querySelector('svg')?.dataset.icon).toBe('sending');
    expect(within(own[0]!).getByTestId('message-sender').textContent).toBe('You');
  });

  it('starts a new line on Shift+Enter and sends both lines on Enter', async () => {
    const { fake, user } = await openBob();
    await user.type(composer(), 'line one{Shift>}{Enter}{/Shift}line two');
    expect(composer().value).toBe('line one\nline two');
    expect(fake.api.sendMessage).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(fake.api.sendMessage).toHaveBeenCalledWith(BOB, 'line one\nline two');
  });

  it('will not send a blank message', async () => {
    const { fake, user } = await openBob();
    const send = screen.getByTestId('composer-send') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await user.type(composer(), '   {Enter}');
    expect(send.disabled).toBe(true);
    expect(fake.api.sendMessage).not.toHaveBeenCalled();
    await user.type(composer(), 'x');
    expect(send.disabled).toBe(false);
    await user.click(send);
    expect(fake.api.sendMessage).toHaveBeenCalledWith(BOB, 'x');
  });

  it('puts the text back and says why when the send is refused', async () => {
    const { fake, user } = await openBob();
    fake.api.sendMessage.mockRejectedValueOnce(new Error('storage is full'));
    await user.type(composer(), 'keep me{Enter}');
    await flush();
    expect(composer().value).toBe('keep me');
    expect(screen.getByTestId('chat-error').textContent).toBe('Could not send: storage is full');
  });

  it('says messages wait for the connection while offline', async () => {
    const { fake } = await openBob();
    expect(screen.queryByTestId('composer-offline-note')).toBeNull();
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'networkError', networkOnline: false });
    });
    expect(screen.getByTestId('composer-offline-note').textContent).toContain(
      'sent when the connection is back',
    );
  });

  it.each([
    ['the person disconnected', { status: 'disconnected', reason: 'userDisconnect' }],
    ['reconnecting gave up', { status: 'connectFail', reason: 'maxAttemptsReached' }],
  ] as const)('says messages wait for Connect when %s', async (_, fields) => {
    const { fake } = await openBob();
    await act(async () => {
      fake.emitSnapshot({ ...fields, nextRetryAt: null });
    });
    const note = screen.getByTestId('composer-offline-note').textContent ?? '';
    expect(note).toBe('Not connected. Messages are kept and sent after you connect.');
  });

  it('says messages wait for a new sign-in when the token was rejected or the user was kicked', async () => {
    const { fake } = await openBob();
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff', nextRetryAt: null });
    });
    expect(screen.getByTestId('composer-offline-note').textContent).toBe(
      'Signed out. Messages are kept and sent after you sign in again.',
    );
  });

  it('shows the note in the hint line, so the message list keeps its height', async () => {
    const { fake } = await openBob();
    const composerForm = screen.getByTestId('composer');
    const linesOnline = composerForm.querySelectorAll('p').length;
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'networkError', nextRetryAt: null });
    });
    expect(screen.getByTestId('composer-offline-note')).toBeTruthy();
    expect(composerForm.querySelectorAll('p').length).toBe(linesOnline);
  });
});

describe('message states', () => {
  async function sentOne() {
    const opened = await openBob();
    await opened.user.type(composer(), 'ping{Enter}');
    await flush();
    const own = messages().find((m) => m.dataset.own === 'true');
    return { ...opened, no: own!.dataset.clientMsgNo! };
  }

  it('goes from Sending… to Sent in place, never twice on screen', async () => {
    const { fake, no } = await sentOne();
    const count = messages().length;
    await act(async () => {
      fake.updateMessage(no, { state: 'sending' });
    });
    expect(messageByNo(no).dataset.state).toBe('sending');
    expect(within(messageByNo(no)).getByTestId('message-state').textContent).toBe('Sending…');
    await act(async () => {
      fake.updateMessage(no, { state: 'sent', messageId: '42', messageSeq: '7' });
      // the same change again (a duplicate event) changes nothing
      fake.updateMessage(no, { state: 'sent', messageId: '42', messageSeq: '7' });
    });
    const mark = within(messageByNo(no)).getByTestId('message-state');
    expect(mark.textContent).toBe('Sent');
    expect(mark.querySelector('svg')?.dataset.icon).toBe('sent');
    expect(messages()).toHaveLength(count);
    expect(messages().filter((m) => m.dataset.clientMsgNo === no)).toHaveLength(1);
  });

  it('shows a failed message in words with Retry, which queues it again', async () => {
    const { fake, user, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'rejected', failCode: 3 });
    });
    const mark = within(messageByNo(no)).getByTestId('message-state');
    expect(mark.dataset.state).toBe('failed');
    expect(mark.textContent).toContain('Failed');
    expect(mark.textContent).toContain('The server refused this message (code 3).');
    expect(mark.querySelector('svg')?.dataset.icon).toBe('failed');
    await user.click(within(messageByNo(no)).getByTestId('message-retry'));
    await flush();
    expect(fake.api.retryMessage).toHaveBeenCalledWith(no);
    expect(messageByNo(no).dataset.state).toBe('queued');
    expect(within(messageByNo(no)).getByTestId('message-state').textContent).toBe('Sending…');
    expect(within(messageByNo(no)).queryByTestId('message-retry')).toBeNull();
    expect(document.activeElement).toBe(composer());
  });

  it('deletes a failed message at once: gone from the conversation and the preview', async () => {
    const { fake, user, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'error' });
    });
    const mark = within(messageByNo(no)).getByTestId('message-state');
    // Retry and Delete side by side, both reachable by keyboard (real buttons)
    const buttons = within(mark).getAllByRole('button');
    expect(buttons.map((b) => b.dataset.testid)).toEqual(['message-retry', 'message-delete']);
    expect(within(mark).getByTestId('message-delete').getAttribute('aria-label')).toBe(
      'Delete this unsent message',
    );
    await user.click(within(mark).getByTestId('message-delete'));
    await flush();
    expect(fake.api.deleteMessage).toHaveBeenCalledWith(no);
    expect(messages().some((m) => m.dataset.clientMsgNo === no)).toBe(false);
    const preview = within(channelItem('bob')).getByTestId('channel-preview');
    expect(preview.dataset.state).not.toBe('failed');
    expect(preview.textContent).toContain('hi alice');
    expect(document.activeElement).toBe(composer());
  });

  it('asks once before deleting a queued message, by keyboard', async () => {
    const { fake, user, no } = await sentOne();
    expect(messageByNo(no).dataset.state).toBe('queued');
    const del = within(messageByNo(no)).getByTestId('message-delete');
    del.focus();
    await user.keyboard('{Enter}');
    expect(within(messageByNo(no)).getByTestId('message-delete-question').textContent).toBe(
      'Delete this unsent message?',
    );
    expect(document.activeElement).toBe(
      within(messageByNo(no)).getByTestId('message-delete-confirm'),
    );
    await user.click(within(messageByNo(no)).getByTestId('message-delete-cancel'));
    expect(fake.api.deleteMessage).not.toHaveBeenCalled();
    expect(messageByNo(no)).toBeTruthy();
    await user.click(within(messageByNo(no)).getByTestId('message-delete'));
    await user.keyboard('{Enter}');
    await flush();
    expect(fake.api.deleteMessage).toHaveBeenCalledWith(no);
    expect(messages().some((m) => m.dataset.clientMsgNo === no)).toBe(false);
  });

  it('offers no Delete for a message on the wire', async () => {
    const { fake, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'sending' });
    });
    expect(within(messageByNo(no)).queryByTestId('message-delete')).toBeNull();
  });

  it('reports a refused delete and keeps the message', async () => {
    const { fake, user, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'error' });
    });
    fake.api.deleteMessage.mockRejectedValueOnce(new Error('already on the wire'));
    await user.click(within(messageByNo(no)).getByTestId('message-delete'));
    await flush();
    expect(screen.getByTestId('chat-error').textContent).toBe(
      'Could not delete: already on the wire',
    );
    expect(messageByNo(no)).toBeTruthy();
  });

  it('shows the failure reason on screen, not only to screen readers', async () => {
    const { fake, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'rejected', failCode: 3 });
    });
    const reason = within(messageByNo(no)).getByTestId('message-fail-reason');
    expect(reason.textContent).toBe('The server refused this message (code 3).');
    expect(reason.closest('.visually-hidden')).toBeNull();
  });

  it('marks a failed last message in the chat list preview', async () => {
    const { fake, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'error' });
    });
    const preview = within(channelItem('bob')).getByTestId('channel-preview');
    expect(preview.dataset.state).toBe('failed');
    expect(preview.querySelector('svg')?.dataset.icon).toBe('failed');
    expect(preview.textContent).toContain('Not sent');
  });

  it('reports a refused retry', async () => {
    const { fake, user, no } = await sentOne();
    await act(async () => {
      fake.updateMessage(no, { state: 'failed', failReason: 'deadline' });
    });
    expect(within(messageByNo(no)).getByTestId('message-state').textContent).toContain(
      'Not sent within 24 hours.',
    );
    fake.api.retryMessage.mockRejectedValueOnce(new Error('not failed'));
    await user.click(within(messageByNo(no)).getByTestId('message-retry'));
    await flush();
    expect(screen.getByTestId('chat-error').textContent).toBe('Could not retry: not failed');
  });

  it('keeps an event that overtook the first page (the event wins)', async () => {
    const fake = new FakeApi();
    const old = fake.store(
      fake.makeEntry({ ...BOB, own: true, fromUid: 'alice', state: 'sending' }),
    );
    const page = deferred<HistoryEntry[]>();
    fake.api.listMessages.mockReturnValueOnce(page.promise);
    await renderApp(fake);
    const user = userEvent.setup();
    await user.click(channelItem('bob'));
    expect(screen.getByTestId('conversation-loading')).toBeTruthy();
    await act(async () => {
      fake.updateMessage(old.clientMsgNo, { state: 'sent' });
    });
    await act(async () => page.resolve([old]));
    await flush();
    expect(messages()).toHaveLength(1);
    expect(messageByNo(old.clientMsgNo).dataset.state).toBe('sent');
  });
});

describe('live messages', () => {
  it('shows an incoming message in the open conversation and marks it read', async () => {
    const { fake } = await openBob();
    fake.api.markRead.mockClear();
    await act(async () => {
      fake.receive('bob', 'are you there?');
    });
    await flush();
    const last = messages().at(-1)!;
    expect(within(last).getByTestId('message-text').textContent).toBe('are you there?');
    expect(fake.api.markRead).toHaveBeenCalledWith(BOB);
    expect(within(channelItem('bob')).queryByTestId('unread-badge')).toBeNull();
  });

  it('does not mark read while the window is hidden, and does once it is visible', async () => {
    const { fake } = await openBob();
    fake.api.markRead.mockClear();
    act(() => setVisibility('hidden'));
    await act(async () => {
      fake.receive('bob', 'psst');
    });
    await flush();
    expect(fake.api.markRead).not.toHaveBeenCalled();
    expect(within(channelItem('bob')).getByTestId('unread-badge').dataset.count).toBe('1');
    act(() => setVisibility('visible'));
    await flush();
    expect(fake.api.markRead).toHaveBeenCalledWith(BOB);
    expect(within(channelItem('bob')).queryByTestId('unread-badge')).toBeNull();
  });

  it('forgets the conversations on sign-out', async () => {
    const { fake, store, user } = await openBob();
    fake.api.signOut.mockImplementationOnce(async () => {
      fake.account = { ...fake.account, hasToken: false };
    });
    await user.click(screen.getByTestId('signout'));
    await user.click(screen.getByTestId('signout-confirm'));
    expect(store.getState().channels).toEqual([]);
    expect(store.getState().openChannel).toBeNull();
    expect(store.getState().conversations).toEqual({});
  });
});

describe('history', () => {
  it('pages back with "Load earlier messages"', async () => {
    const fake = new FakeApi();
    for (let i = 0; i < 60; i += 1) {
      fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: `m${i}` }));
    }
    await renderApp(fake);
    const user = userEvent.setup();
    await user.click(channelItem('bob'));
    await flush();
    expect(messages()).toHaveLength(FIRST_PAGE_SIZE);
    expect(within(messages()[0]!).getByTestId('message-text').textContent).toBe(
      `m${60 - FIRST_PAGE_SIZE}`,
    );
    await user.click(screen.getByTestId('load-earlier'));
    await flush();
    expect(messages()).toHaveLength(60);
    expect(within(messages()[0]!).getByTestId('message-text').textContent).toBe('m0');
    expect(screen.queryByTestId('load-earlier')).toBeNull();
  });

  it('drops the conversations when another account signs in', async () => {
    const { fake, store } = await openBob();
    fake.api.signIn.mockImplementationOnce(async () => {
      fake.account = { ...fake.account, uid: 'carol' };
    });
    await act(async () => {
      await store.getState().submitSignIn({
        server: { kind: 'static', host: 'im.example.com', port: 5100 },
        uid: 'carol',
        token: 't',
      });
    });
    expect(store.getState().openChannel).toBeNull();
    expect(store.getState().conversations).toEqual({});
  });
});

describe('in Chinese', () => {
  it('says the chat words in zh-CN', async () => {
    const fake = new FakeApi();
    fake.settings = { ...fake.settings, locale: 'zh-CN' };
    const { user } = await openBob(fake, 'zh-CN');
    expect(screen.getByTestId('composer-send').textContent).toBe('发送');
    expect(composer().getAttribute('placeholder')).toBe('输入消息');
    await user.type(composer(), '你好{Enter}');
    await flush();
    const own = messages().find((m) => m.dataset.own === 'true')!;
    expect(within(own).getByTestId('message-state').textContent).toBe('发送中…');
    expect(within(own).getByTestId('message-sender').textContent).toBe('我');
    await act(async () => {
      fake.updateMessage(own.dataset.clientMsgNo!, { state: 'failed', failReason: 'error' });
    });
    const mark = within(messageByNo(own.dataset.clientMsgNo!)).getByTestId('message-state');
    expect(mark.textContent).toContain('发送失败');
    expect(within(mark).getByTestId('message-retry').textContent).toBe('重试');
    expect(within(mark).getByTestId('message-delete').textContent).toBe('删除');
    expect(within(channelItem('bob')).getByTestId('channel-preview').textContent).toBe(
      '未发送：你好',
    );
  });
});
