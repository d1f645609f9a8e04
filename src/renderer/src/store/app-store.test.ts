import { describe, expect, it } from 'vitest';
import { deferred, FakeApi, makeSnapshot, SIGNED_OUT } from '../../test/fake-api';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { createAppStore } from './app-store';
import { deriveScreen } from './screen';

const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('createAppStore start-up', () => {
  it('subscribes before it fetches the snapshot', async () => {
    const fake = new FakeApi();
    const order: string[] = [];
    fake.api.onSnapshot.mockImplementationOnce(() => {
      order.push('subscribe');
      return () => {};
    });
    fake.api.getSnapshot.mockImplementationOnce(async () => {
      order.push('fetch');
      return fake.snapshot;
    });
    await createAppStore(fake.api).getState().start();
    expect(order).toEqual(['subscribe', 'fetch']);
  });

  it('keeps an event that arrives before the first snapshot when it is newer', async () => {
    const fake = new FakeApi();
    const stale = makeSnapshot({ status: 'connecting' });
    const fetch = deferred<ConnectionSnapshot>();
    fake.api.getSnapshot.mockReturnValueOnce(fetch.promise);
    const store = createAppStore(fake.api);
    const started = store.getState().start();
    // The event overtakes the fetch; the fetch then answers with what it read earlier.
    const live = fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    fetch.resolve(stale);
    await started;
    expect(store.getState().snapshot).toBe(live);
  });

  it('takes the fetched snapshot when it is newer than an early event', async () => {
    const fake = new FakeApi();
    const fetch = deferred<ConnectionSnapshot>();
    fake.api.getSnapshot.mockReturnValueOnce(fetch.promise);
    const store = createAppStore(fake.api);
    const started = store.getState().start();
    fake.emitSnapshot({ status: 'connecting' });
    const newer = makeSnapshot({ status: 'connected', reason: 'connectSuccess' });
    fetch.resolve(newer);
    await started;
    expect(store.getState().snapshot).toBe(newer);
  });

  it('ignores an older snapshot event after a newer one', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    const old = makeSnapshot({ status: 'connecting' });
    const current = fake.emitSnapshot({ status: 'connected' });
    fake.emitSnapshot({}); // moves seq on
    const latest = store.getState().snapshot;
    fake.api.onSnapshot.mock.calls[0]?.[0](old);
    expect(store.getState().snapshot).toBe(latest);
    expect(latest?.seq).toBeGreaterThan(current.seq);
  });

  it('reports a failed start in plain words and stays on loading', async () => {
    const fake = new FakeApi();
    fake.api.getSnapshot.mockRejectedValueOnce(new Error('bridge not ready'));
    const store = createAppStore(fake.api);
    await store.getState().start();
    expect(store.getState().loadError).toBe('bridge not ready');
    expect(deriveScreen(store.getState())).toBe('loading');
  });

  it('unsubscribes on stop and can start again', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    expect(fake.listenerCount).toBe(6); // snapshot, kick, settings, storage issue, message, channel
    store.getState().stop();
    expect(fake.listenerCount).toBe(0);
    await store.getState().start();
    expect(fake.listenerCount).toBe(6); // snapshot, kick, settings, storage issue, message, channel
  });

  it('never polls: one fetch of the snapshot, however many events', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    for (let i = 0; i < 5; i += 1) fake.emitSnapshot({ status: 'connecting' });
    expect(fake.api.getSnapshot).toHaveBeenCalledTimes(1);
  });
});

describe('screens', () => {
  it('shows sign-in without a token, main with one', async () => {
    const fake = new FakeApi();
    fake.account = SIGNED_OUT;
    const store = createAppStore(fake.api);
    await store.getState().start();
    expect(deriveScreen(store.getState())).toBe('signin');

    const fake2 = new FakeApi();
    const store2 = createAppStore(fake2.api);
    await store2.getState().start();
    expect(deriveScreen(store2.getState())).toBe('main');
  });

  it('shows sign-in once saving another server dropped the token', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    expect(deriveScreen(store.getState())).toBe('main');
    // The main process drops the token of the old server when the server changes.
    fake.account = { ...fake.account, hasToken: false };
    await store.getState().saveSettings({ server: { kind: 'static', host: 'other', port: 1 } });
    expect(deriveScreen(store.getState())).toBe('signin');
  });

  it('latches a kick until the user signs in again', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    store.getState().openOverlay('settings');
    fake.emitKick({ reasonCode: 12, reasonText: 'login elsewhere', at: 1000 });
    fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff', serverReasonCode: 12 });
    expect(deriveScreen(store.getState())).toBe('kicked');
    expect(store.getState().overlay).toBe('none');
    // Later snapshots (network changes, ...) do not clear it.
    fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff', networkOnline: false });
    expect(store.getState().kick?.reasonText).toBe('login elsewhere');
    store.getState().requestSignIn('kicked');
    expect(deriveScreen(store.getState())).toBe('signin');
    fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff' });
    expect(deriveScreen(store.getState())).toBe('signin');
  });

  it('shows the kick from a latched snapshot when the event was missed (window re-created)', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({
      status: 'disconnected',
      reason: 'kickOff',
      serverReasonCode: 12,
      serverReasonText: '账号在其他设备登录',
      at: 5000,
    });
    const store = createAppStore(fake.api);
    await store.getState().start();
    expect(deriveScreen(store.getState())).toBe('kicked');
    expect(store.getState().kick).toEqual({
      reasonCode: 12,
      reasonText: '账号在其他设备登录',
      at: 5000,
    });
  });

  it('distinguishes token rejected and banned from a kick', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    fake.emitSnapshot({ status: 'connectFail', reason: 'authFail', serverReasonCode: 2 });
    expect(deriveScreen(store.getState())).toBe('tokenRejected');
    fake.emitSnapshot({ status: 'connectFail', reason: 'banned' });
    expect(deriveScreen(store.getState())).toBe('banned');
  });

  it('keeps one stable screen from the first token refusal on (no flicker through main)', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({ status: 'connecting', reason: 'none' });
    const store = createAppStore(fake.api);
    await store.getState().start();
    const seen: string[] = [];
    store.subscribe((state) => {
      const screen = deriveScreen(state);
      if (seen.at(-1) !== screen) seen.push(screen);
    });
    // The manager's sequence for a rejected stored token: refused, one refresh-and-retry, refused.
    fake.emitSnapshot({ status: 'disconnected', reason: 'authFail' });
    fake.emitSnapshot({ status: 'connecting', reason: 'authFail' });
    fake.emitSnapshot({ status: 'connecting', reason: 'none' });
    fake.emitSnapshot({ status: 'connectFail', reason: 'authFail' });
    expect(seen).toEqual(['tokenRejected']);
    // A later successful connection (the token was accepted after all) leaves the screen.
    fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    expect(deriveScreen(store.getState())).toBe('main');
  });

  it('leaves the rejected screen for sign-in when the person asks', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    fake.emitSnapshot({ status: 'disconnected', reason: 'authFail' });
    store.getState().requestSignIn('tokenRejected');
    expect(deriveScreen(store.getState())).toBe('signin');
    fake.emitSnapshot({ status: 'connecting', reason: 'none' });
    expect(deriveScreen(store.getState())).toBe('signin');
  });
});

describe('sign-in flow', () => {
  const request = {
    server: { kind: 'static' as const, host: 'localhost', port: 5100 },
    uid: 'bob',
    token: 't',
  };

  it('stays pending until the connection answers, then goes to main', async () => {
    const fake = new FakeApi();
    fake.account = SIGNED_OUT;
    fake.snapshot = makeSnapshot({ status: 'disconnected', reason: 'none' });
    const store = createAppStore(fake.api);
    await store.getState().start();
    fake.api.signIn.mockImplementationOnce(async () => {
      fake.account = { ...SIGNED_OUT, uid: 'bob', hasToken: true };
    });
    const done = store.getState().submitSignIn(request);
    expect(store.getState().signIn?.pending).toBe(true);
    await done;
    fake.emitSnapshot({ status: 'connecting' });
    expect(store.getState().signIn?.pending).toBe(true);
    fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    await tick();
    expect(store.getState().signIn).toBeNull();
    expect(deriveScreen(store.getState())).toBe('main');
    expect(fake.api.signIn).toHaveBeenCalledWith(request);
  });

  it('ends with the reason when the server rejects the credentials', async () => {
    const fake = new FakeApi();
    fake.account = SIGNED_OUT;
    const store = createAppStore(fake.api);
    await store.getState().start();
    await store.getState().submitSignIn(request);
    fake.emitSnapshot({ status: 'disconnected', reason: 'logout' }); // old session closing
    expect(store.getState().signIn?.pending).toBe(true);
    fake.emitSnapshot({ status: 'connectFail', reason: 'authFail' });
    expect(store.getState().signIn).toMatchObject({
      pending: false,
      error: { kind: 'reason', reason: 'authFail' },
    });
    expect(deriveScreen(store.getState())).toBe('signin');
  });

  it('a failure the manager keeps retrying is replaced by the final verdict when it stops', async () => {
    const fake = new FakeApi();
    fake.account = SIGNED_OUT;
    const store = createAppStore(fake.api);
    await store.getState().start();
    await store.getState().submitSignIn(request);
    // a silent close is ambiguous: the manager backs off and tries again
    fake.emitSnapshot({ status: 'disconnected', reason: 'serverClosed', nextRetryAt: 99_999 });
    expect(store.getState().signIn?.error).toEqual({ kind: 'reason', reason: 'serverClosed' });
    fake.emitSnapshot({ status: 'connecting', reason: 'none' });
    fake.emitSnapshot({ status: 'connectFail', reason: 'authFail' });
    expect(store.getState().signIn).toMatchObject({
      pending: false,
      error: { kind: 'reason', reason: 'authFail' },
    });
  });

  it('shows the message of a rejected signIn call', async () => {
    const fake = new FakeApi();
    fake.api.signIn.mockRejectedValueOnce(new Error('Invalid server address'));
    const store = createAppStore(fake.api);
    await store.getState().start();
    await store.getState().submitSignIn(request);
    expect(store.getState().signIn?.error).toEqual({
      kind: 'message',
      message: 'Invalid server address',
    });
  });

  it('ignores a second submit while one is in flight', async () => {
    const fake = new FakeApi();
    const call = deferred<void>();
    fake.api.signIn.mockReturnValueOnce(call.promise);
    const store = createAppStore(fake.api);
    await store.getState().start();
    void store.getState().submitSignIn(request);
    void store.getState().submitSignIn(request);
    expect(fake.api.signIn).toHaveBeenCalledTimes(1);
    call.resolve();
  });
});

describe('actions', () => {
  it('retry now stays pending until a newer snapshot arrives', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({
      status: 'disconnected',
      reason: 'networkError',
      nextRetryAt: 99_999,
    });
    const store = createAppStore(fake.api);
    await store.getState().start();
    await store.getState().retryNow();
    expect(store.getState().retryPendingSinceSeq).not.toBeNull();
    fake.emitSnapshot({ status: 'connecting', reason: 'networkError' });
    expect(store.getState().retryPendingSinceSeq).toBeNull();
  });

  it('shows a failed action and re-enables retry', async () => {
    const fake = new FakeApi();
    fake.api.retryNow.mockRejectedValueOnce(new Error('Not signed in'));
    const store = createAppStore(fake.api);
    await store.getState().start();
    await store.getState().retryNow();
    expect(store.getState().retryPendingSinceSeq).toBeNull();
    expect(store.getState().actionError).toBe('Not signed in');
  });

  it('signs out to the sign-in screen', async () => {
    const fake = new FakeApi();
    const store = createAppStore(fake.api);
    await store.getState().start();
    fake.api.signOut.mockImplementationOnce(async () => {
      fake.account = SIGNED_OUT;
    });
    await store.getState().signOut();
    expect(store.getState().account?.hasToken).toBe(false);
    expect(deriveScreen(store.getState())).toBe('signin');
    expect(store.getState().signInNotice).toBe('signedOut');
  });
});
