import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionSnapshot } from '../../shared/connection';
import { deferred, FakeApi, makeSnapshot, SIGNED_OUT } from '../test/fake-api';
import { flush, renderApp } from '../test/render-app';
import { formatKickTime } from './dialogs/kicked-dialog';

function input(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

function signedOut(): FakeApi {
  const fake = new FakeApi();
  fake.account = SIGNED_OUT;
  fake.snapshot = makeSnapshot({ status: 'disconnected', reason: 'logout' });
  return fake;
}

describe('start-up', () => {
  it('shows loading until the first snapshot, then the main shell', async () => {
    const fake = new FakeApi();
    const fetch = deferred<ConnectionSnapshot>();
    fake.api.getSnapshot.mockReturnValueOnce(fetch.promise);
    await renderApp(fake);
    expect(screen.getByTestId('screen-loading')).toBeTruthy();
    await act(async () =>
      fetch.resolve(makeSnapshot({ status: 'connected', reason: 'connectSuccess' })),
    );
    expect(screen.getByTestId('screen-main')).toBeTruthy();
  });

  it('keeps an event that arrived before the first snapshot (subscribe, then fetch)', async () => {
    const fake = new FakeApi();
    const fetch = deferred<ConnectionSnapshot>();
    const stale = makeSnapshot({ status: 'connecting' });
    fake.api.getSnapshot.mockReturnValueOnce(fetch.promise);
    await renderApp(fake);
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    await act(async () => fetch.resolve(stale));
    expect(screen.getByTestId('status-indicator').dataset.status).toBe('connected');
    expect(screen.getByTestId('status-text').textContent).toBe('Connected');
  });

  it('renders no style attribute anywhere: the CSP allows no inline styles', async () => {
    const user = userEvent.setup();
    await renderApp(new FakeApi());
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
    await renderApp(signedOut());
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
  });

  it('offers "Restart to update" once an update is ready, and asks the main process', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(new FakeApi());
    expect(screen.queryByTestId('update-banner')).toBeNull();
    await act(async () => fake.emitUpdateState({ kind: 'ready', version: '9.9.9' }));
    expect(screen.getByTestId('update-banner').textContent).toContain('9.9.9');
    await user.click(screen.getByTestId('update-restart'));
    expect(fake.api.restartToUpdate).toHaveBeenCalledOnce();
  });

  it('says so when the bridge fails', async () => {
    const fake = new FakeApi();
    fake.api.getAccount.mockRejectedValueOnce(new Error('no bridge'));
    await renderApp(fake);
    expect(screen.getByTestId('load-error').textContent).toContain('no bridge');
  });
});

describe('sign-in screen', () => {
  it('prefills server and uid from the account, never a token', async () => {
    await renderApp(signedOut());
    expect(screen.getByTestId('signin-form')).toBeTruthy();
    expect(input('signin-host').value).toBe('im.example.com');
    expect(input('signin-port').value).toBe('5100');
    expect(input('signin-uid').value).toBe('alice');
    expect(input('signin-token').value).toBe('');
    expect(input('signin-token').type).toBe('password');
  });

  it('shows a message next to each invalid field and focuses the first', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    await user.clear(input('signin-host'));
    await user.clear(input('signin-port'));
    await user.type(input('signin-port'), '99999');
    await user.click(screen.getByTestId('signin-submit'));
    expect(screen.getByTestId('signin-host-error').textContent).toBe(
      'Enter a host name or IP address',
    );
    expect(screen.getByTestId('signin-port-error').textContent).toBe(
      'Enter a port from 1 to 65535',
    );
    expect(screen.getByTestId('signin-token-error').textContent).toBe('Enter your token');
    expect(input('signin-host').getAttribute('aria-invalid')).toBe('true');
    expect(input('signin-host').getAttribute('aria-describedby')).toContain('signin-host-error');
    expect(document.activeElement).toBe(input('signin-host'));
    expect(fake.api.signIn).not.toHaveBeenCalled();
  });

  it('signs in over TLS with a pinned certificate, which the form asks for', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    await user.type(input('signin-token'), 'secret');
    await user.selectOptions(screen.getByTestId('signin-tls'), 'pinned');
    await user.click(screen.getByTestId('signin-submit'));
    expect(screen.getByTestId('signin-certificate-error').textContent).toMatch(/certificate/);
    expect(fake.api.signIn).not.toHaveBeenCalled();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBdTCC\n-----END CERTIFICATE-----';
    fireEvent.change(screen.getByTestId('signin-certificate'), { target: { value: pem } });
    await user.click(screen.getByTestId('signin-submit'));
    expect(fake.api.signIn).toHaveBeenCalledWith({
      server: {
        kind: 'static',
        host: 'im.example.com',
        port: 5100,
        tls: { mode: 'pinned', certificate: pem },
      },
      uid: 'alice',
      token: 'secret',
    });
  });

  it('disables Sign in while in flight and goes to the main shell when connected', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    fake.api.signIn.mockImplementationOnce(async () => {
      fake.account = { ...SIGNED_OUT, hasToken: true };
    });
    await user.type(input('signin-token'), 'secret');
    await user.click(screen.getByTestId('signin-submit'));
    expect(fake.api.signIn).toHaveBeenCalledWith({
      server: { kind: 'static', host: 'im.example.com', port: 5100 },
      uid: 'alice',
      token: 'secret',
    });
    const submit = screen.getByTestId('signin-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(submit.textContent).toBe('Signing in…');
    await act(async () => {
      fake.emitSnapshot({ status: 'connecting' });
    });
    expect((screen.getByTestId('signin-submit') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    await flush();
    expect(screen.getByTestId('screen-main')).toBeTruthy();
  });

  it.each([
    ['authFail', 'The server rejected this user ID and token. Check them and try again.'],
    ['networkError', "Can't reach the server. Check the address and your network connection."],
    ['connectTimeout', 'The server did not answer in time. Check the address, or try again.'],
  ] as const)('explains %s in plain words on the sign-in screen', async (reason, words) => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    await user.type(input('signin-token'), 'secret');
    await user.click(screen.getByTestId('signin-submit'));
    await act(async () => {
      fake.emitSnapshot({ status: 'connectFail', reason, nextRetryAt: null });
    });
    const error = screen.getByTestId('signin-error');
    expect(error.textContent).toBe(words);
    expect(error.dataset.reason).toBe(reason);
    expect((screen.getByTestId('signin-submit') as HTMLButtonElement).disabled).toBe(false);
    expect(document.activeElement).toBe(error);
  });

  it('switches to a route URL', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    await user.click(screen.getByTestId('signin-mode-route'));
    expect(screen.queryByTestId('signin-host')).toBeNull();
    await user.type(input('signin-route-url'), 'http://im.example.com:5001/route');
    await user.type(input('signin-token'), 'secret');
    await user.click(screen.getByTestId('signin-submit'));
    expect(fake.api.signIn).toHaveBeenCalledWith({
      server: { kind: 'route', url: 'http://im.example.com:5001/route' },
      uid: 'alice',
      token: 'secret',
    });
  });
});

describe('main shell', () => {
  it('shows the account and the actions', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    expect(screen.getByTestId('account-info').textContent).toContain('Signed in as alice');
    await user.click(screen.getByTestId('disconnect'));
    expect(fake.api.disconnect).toHaveBeenCalledTimes(1);
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'userDisconnect' });
    });
    await user.click(screen.getByTestId('status-connect'));
    expect(fake.api.connect).toHaveBeenCalledTimes(1);
  });

  it('signs out to a prefilled sign-in screen', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    fake.api.signOut.mockImplementationOnce(async () => {
      fake.account = SIGNED_OUT;
    });
    await user.click(screen.getByTestId('signout'));
    await user.click(screen.getByTestId('signout-confirm'));
    expect(screen.getByTestId('screen-signin')).toBeTruthy();
    expect(input('signin-uid').value).toBe('alice');
  });

  it('shows a failed action in words', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    fake.api.disconnect.mockRejectedValueOnce(new Error('Something went wrong'));
    await user.click(screen.getByTestId('disconnect'));
    expect(screen.getByTestId('action-error').textContent).toBe('Something went wrong');
  });
});

describe('kicked', () => {
  const kick = {
    reasonCode: 12,
    reasonText: 'Account logged in on another device',
    at: Date.UTC(2025, 0, 2, 6, 32),
  };

  async function kicked() {
    const rendered = await renderApp();
    screen.getByTestId('disconnect').focus();
    await act(async () => {
      rendered.fake.emitKick(kick);
      rendered.fake.emitSnapshot({
        status: 'disconnected',
        reason: 'kickOff',
        serverReasonCode: 12,
      });
    });
    return rendered;
  }

  it('opens an alertdialog that takes focus, with the sentence, the server reason and the time', async () => {
    await kicked();
    const dialog = screen.getByTestId('kicked-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByRole('heading').textContent).toBe('Signed out');
    expect(screen.getByTestId('kicked-message').textContent).toBe(
      'Your account signed in on another device.',
    );
    expect(screen.getByTestId('kicked-reason').textContent).toContain(kick.reasonText);
    expect(screen.getByTestId('kicked-time').textContent).toBe(
      `At ${formatKickTime(kick.at, 'en')}`,
    );
    expect(screen.getByTestId('kicked-time').textContent).toMatch(/:32/);
    expect(document.activeElement).toBe(screen.getByTestId('kicked-signin-again'));
    expect(screen.getByTestId('status-text').textContent).toBe(
      'Signed out: your account signed in on another device',
    );
  });

  it('stays on Escape and keeps Tab inside', async () => {
    const user = userEvent.setup();
    await kicked();
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('kicked-dialog')).toBeTruthy();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByTestId('kicked-quit'));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByTestId('kicked-signin-again'));
  });

  it('stays after later snapshots and keeps settings from opening over it', async () => {
    const { fake, store } = await kicked();
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff', networkOnline: false });
    });
    act(() => store.getState().openOverlay('settings'));
    expect(screen.getByTestId('kicked-dialog')).toBeTruthy();
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
  });

  it('"Sign in again" opens sign-in with server and uid filled in', async () => {
    const user = userEvent.setup();
    await kicked();
    await user.click(screen.getByTestId('kicked-signin-again'));
    expect(screen.queryByTestId('kicked-dialog')).toBeNull();
    expect(input('signin-host').value).toBe('im.example.com');
    expect(input('signin-uid').value).toBe('alice');
    expect(screen.getByTestId('signin-notice').dataset.notice).toBe('kicked');
  });

  it('"Quit" quits', async () => {
    const user = userEvent.setup();
    const { fake } = await kicked();
    await user.click(screen.getByTestId('kicked-quit'));
    expect(fake.api.quit).toHaveBeenCalledTimes(1);
  });

  it('says it in Chinese', async () => {
    const fake = new FakeApi();
    fake.settings = { ...fake.settings, locale: 'zh-CN' };
    await renderApp(fake);
    await act(async () => fake.emitKick(kick));
    expect(within(screen.getByTestId('kicked-dialog')).getByRole('heading').textContent).toBe(
      '已下线',
    );
    expect(screen.getByTestId('kicked-signin-again').textContent).toBe('重新登录');
    expect(screen.getByTestId('kicked-time').textContent).toMatch(/^于 /);
  });
});

describe('token rejected and banned', () => {
  it('token rejected has its own words and leads to sign-in', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({
      status: 'connectFail',
      reason: 'authFail',
      serverReasonCode: 2,
    });
    await renderApp(fake);
    const panel = screen.getByTestId('token-rejected');
    expect(panel.textContent).toContain('Your sign-in has expired or was rejected');
    expect(panel.textContent).not.toContain('another device');
    expect(screen.queryByTestId('kicked-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('token-rejected-signin'));
    await user.click(screen.getByTestId('token-rejected-signin'));
    expect(input('signin-uid').value).toBe('alice');
  });

  it('banned has its own words', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({ status: 'connectFail', reason: 'banned' });
    await renderApp(fake);
    expect(screen.getByTestId('banned-message').textContent).toContain(
      'This account has been banned',
    );
  });
});

describe('settings', () => {
  it('opens with focus inside, closes on Escape and gives focus back', async () => {
    const user = userEvent.setup();
    await renderApp();
    const opener = screen.getByTestId('settings-open');
    await user.click(opener);
    const dialog = screen.getByTestId('settings-dialog');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(input('settings-heartbeat').value).toBe('25');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('validates with messages next to the fields', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    await user.click(screen.getByTestId('settings-open'));
    await user.clear(input('settings-heartbeat'));
    await user.type(input('settings-heartbeat'), '300');
    await user.clear(input('settings-connect-timeout'));
    await user.type(input('settings-connect-timeout'), 'abc');
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-heartbeat-error').textContent).toBe(
      'At most 170 s (the server drops idle links after 180 s)',
    );
    expect(screen.getByTestId('settings-connect-timeout-error').textContent).toBe('Enter a number');
    expect(document.activeElement).toBe(input('settings-connect-timeout'));
    expect(fake.api.updateSettings).not.toHaveBeenCalled();
  });

  it('saves in milliseconds, unlimited as null', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    await user.click(screen.getByTestId('settings-open'));
    await user.clear(input('settings-heartbeat'));
    await user.type(input('settings-heartbeat'), '30');
    await user.type(input('settings-max-attempts'), '8');
    await user.click(screen.getByTestId('settings-auto-reconnect'));
    await user.click(screen.getByTestId('settings-save'));
    expect(fake.api.updateSettings).toHaveBeenCalledWith({
      connection: {
        connectTimeoutMs: 10_000,
        heartbeatIntervalMs: 30_000,
        autoReconnect: false,
        maxReconnectAttempts: 8,
        reconnectIntervalMs: 2_000,
      },
      locale: 'system',
      theme: 'system',
      apiBaseUrl: '',
    });
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
  });

  it('switches the language and the theme', async () => {
    const user = userEvent.setup();
    await renderApp();
    expect(screen.getByTestId('settings-open').textContent).toBe('Settings');
    await user.click(screen.getByTestId('settings-open'));
    await user.selectOptions(screen.getByTestId('settings-locale'), 'zh-CN');
    await user.selectOptions(screen.getByTestId('settings-theme'), 'dark');
    await user.click(screen.getByTestId('settings-save'));
    await flush();
    expect(screen.getByTestId('settings-open').textContent).toBe('设置');
    expect(screen.getByTestId('status-text').textContent).toBe('已连接');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows a failed save and stays open', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    fake.api.updateSettings.mockRejectedValueOnce(new Error('disk full'));
    await user.click(screen.getByTestId('settings-open'));
    await user.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('settings-error').textContent).toContain('disk full');
    expect(screen.getByTestId('settings-dialog')).toBeTruthy();
  });
});

describe('diagnostics', () => {
  function withReport(): FakeApi {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({
      status: 'connected',
      reason: 'connectSuccess',
      address: '127.0.0.1:5100',
      protocolVersion: 4,
      nodeId: 'node-1',
      lastRttMs: 42,
      attempt: 0,
    });
    fake.report = {
      snapshot: fake.snapshot,
      entries: [
        {
          at: 1_000,
          event: 'connecting',
          status: 'connecting',
          reason: 'none',
          address: '127.0.0.1:5100',
        },
        { at: 2_000, event: 'connected', status: 'connected', reason: 'connectSuccess', rttMs: 42 },
      ],
      appVersion: '0.1.0',
      platform: 'linux',
    };
    return fake;
  }

  it('shows address, protocol version, node id, round trip, attempts and the log', async () => {
    const user = userEvent.setup();
    await renderApp(withReport());
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    expect(screen.getByTestId('diag-address').textContent).toBe('127.0.0.1:5100');
    expect(screen.getByTestId('diag-protocol-version').textContent).toBe('4');
    expect(screen.getByTestId('diag-node-id').textContent).toBe('node-1');
    expect(screen.getByTestId('diag-rtt').textContent).toBe('42 ms');
    expect(screen.getByTestId('diag-attempts').textContent).toBe('0');
    expect(screen.getAllByTestId('diagnostics-entry')).toHaveLength(2);
  });

  it('shows the lock state: TLS mode, verified now, and a sandbox that is off', async () => {
    const user = userEvent.setup();
    const fake = withReport();
    const report = fake.report!;
    fake.report = { ...report, security: { tls: 'pinned', encrypted: true, sandboxed: false } };
    await renderApp(fake);
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    expect(screen.getByTestId('diag-tls').textContent).toBe(
      'TLS, pinned certificate — verified, connected',
    );
    expect(screen.getByTestId('diag-sandbox').textContent).toMatch(/^OFF: .*--no-sandbox/);
  });

  it('copies a text report and exports to a file', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(withReport());
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    await user.click(screen.getByTestId('diagnostics-copy'));
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = writeText.mock.calls[0]?.[0] ?? '';
    expect(copied).toContain('address: 127.0.0.1:5100');
    expect(copied).toContain('nodeId: node-1');
    expect(copied).not.toMatch(/token/i);
    expect(screen.getByTestId('diagnostics-outcome').textContent).toBe('Copied to the clipboard.');
    await user.click(screen.getByTestId('diagnostics-export'));
    expect(fake.api.exportDiagnostics).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('diagnostics-outcome').textContent).toBe(
      'Saved to /tmp/diagnostics.txt',
    );
    fireEvent.keyDown(screen.getByTestId('diagnostics-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('diagnostics-dialog')).toBeNull();
  });
});

describe('keyboard', () => {
  it('starts the sign-in screen in the first empty field (the token after a kick)', async () => {
    await renderApp(signedOut());
    expect(document.activeElement).toBe(input('signin-token'));
  });
});
