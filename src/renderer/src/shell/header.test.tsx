import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi, SIGNED_OUT } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

describe('main shell header', () => {
  it('offers one Connect control when disconnected', async () => {
    const { fake } = await renderApp();
    await act(async () => {
      fake.emitSnapshot({ status: 'disconnected', reason: 'userDisconnect', nextRetryAt: null });
    });
    const connects = screen
      .getAllByRole('button')
      .filter((b) => /^(Connect|Try again)$/.test(b.textContent ?? ''));
    expect(connects).toHaveLength(1);
  });

  it('asks before signing out, and Cancel keeps the session', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    await user.click(screen.getByTestId('signout'));
    const dialog = screen.getByTestId('signout-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    // The safe choice has focus, so a stray Enter does not sign out.
    expect(document.activeElement).toBe(screen.getByTestId('signout-cancel'));
    await user.click(screen.getByTestId('signout-cancel'));
    expect(fake.api.signOut).not.toHaveBeenCalled();
    expect(screen.queryByTestId('signout-dialog')).toBeNull();
    expect(screen.getByTestId('screen-main')).toBeTruthy();

    fake.api.signOut.mockImplementationOnce(async () => {
      fake.account = SIGNED_OUT;
    });
    await user.click(screen.getByTestId('signout'));
    await user.click(screen.getByTestId('signout-confirm'));
    await flush();
    expect(fake.api.signOut).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('screen-signin')).toBeTruthy();
  });

  it('gives Sign out less weight than Settings', async () => {
    await renderApp(new FakeApi());
    expect(screen.getByTestId('signout').className).toContain('quiet');
    expect(screen.getByTestId('settings-open').className).not.toContain('quiet');
  });
});
