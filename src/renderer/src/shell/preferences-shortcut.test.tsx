import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';

describe('preferences shortcut', () => {
  it.each([
    ['Ctrl+,', { ctrlKey: true }],
    ['Cmd+,', { metaKey: true }],
  ])('%s opens Settings, as the application menu says', async (_, modifiers) => {
    await renderApp();
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    fireEvent.keyDown(window, { key: ',', ...modifiers });
    expect(screen.getByTestId('settings-dialog')).toBeTruthy();
  });
});
