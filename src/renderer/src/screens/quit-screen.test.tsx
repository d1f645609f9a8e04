import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

describe('after Quit', () => {
  it('says the app has quit instead of leaving a dead window (the browser host keeps the page)', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    await renderApp(fake);
    await act(async () => {
      fake.emitKick({ reasonCode: 12, reasonText: '', at: Date.now() });
    });
    await user.click(screen.getByTestId('kicked-quit'));
    await flush();
    expect(fake.api.quit).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('screen-quit').textContent).toContain('WuKong Desktop has quit');
    expect(screen.queryByTestId('kicked-dialog')).toBeNull();
  });

  it('stays put when quitting failed, with the reason', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    fake.api.quit.mockRejectedValueOnce(new Error('busy'));
    await renderApp(fake);
    await act(async () => {
      fake.emitKick({ reasonCode: 12, reasonText: '', at: Date.now() });
    });
    await user.click(screen.getByTestId('kicked-quit'));
    await flush();
    expect(screen.queryByTestId('screen-quit')).toBeNull();
  });
});
