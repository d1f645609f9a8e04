import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi, makeSnapshot, SIGNED_IN, SIGNED_OUT } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

function signedOut(): FakeApi {
  const fake = new FakeApi();
  fake.account = SIGNED_OUT;
  fake.snapshot = makeSnapshot({ status: 'disconnected', reason: 'logout' });
  return fake;
}

/** Keyboard users must never be left on <body> after the window changes screen. */
describe('focus after a screen change', () => {
  it('goes into the main shell after a sign-in', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    fake.api.signIn.mockImplementationOnce(async () => {
      fake.account = SIGNED_IN;
    });
    await user.type(screen.getByTestId('signin-token'), 'secret');
    await user.click(screen.getByTestId('signin-submit'));
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    await flush();
    expect(screen.getByTestId('screen-main')).toBeTruthy();
    expect(document.activeElement).not.toBe(document.body);
    expect(screen.getByTestId('screen-main').contains(document.activeElement)).toBe(true);
  });

  it('goes to the user-id field after signing out', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    // Test mode prefills every field, so there is no empty field to start in.
    fake.defaults = { server: null, uid: 'alice', token: 'secret' };
    await renderApp(fake);
    fake.api.signOut.mockImplementationOnce(async () => {
      fake.account = SIGNED_OUT;
    });
    await user.click(screen.getByTestId('signout'));
    await user.click(screen.getByTestId('signout-confirm'));
    await flush();
    expect(document.activeElement).toBe(screen.getByTestId('signin-uid'));
  });

  it('goes to the sign-in form after "Sign in again" from the kicked dialog', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    fake.defaults = { server: null, uid: 'alice', token: 'secret' };
    await renderApp(fake);
    await act(async () => {
      fake.emitKick({ reasonCode: 12, reasonText: '', at: Date.now() });
      fake.emitSnapshot({ status: 'disconnected', reason: 'kickOff' });
    });
    await user.click(screen.getByTestId('kicked-signin-again'));
    await flush();
    expect(screen.getByTestId('screen-signin')).toBeTruthy();
    expect(screen.getByTestId('signin-form').contains(document.activeElement)).toBe(true);
  });

  it('goes to the error when a sign-in fails after the disabled button took focus away', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp(signedOut());
    await user.type(screen.getByTestId('signin-token'), 'secret');
    await user.click(screen.getByTestId('signin-submit'));
    await act(async () => {
      fake.emitSnapshot({ status: 'connectFail', reason: 'authFail', nextRetryAt: null });
    });
    await flush();
    expect(document.activeElement).toBe(screen.getByTestId('signin-error'));
  });
});
