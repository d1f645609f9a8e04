import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { flush, renderApp } from '../../test/render-app';

describe('settings dialog', () => {
  it('announces "saved" in the language just chosen', async () => {
    const user = userEvent.setup();
    await renderApp();
    await user.click(screen.getByTestId('settings-open'));
    await user.selectOptions(screen.getByTestId('settings-locale'), 'zh-CN');
    await user.click(screen.getByTestId('settings-save'));
    await flush();
    expect(screen.getByTestId('live-region').textContent).toBe('设置已保存');
  });
});
