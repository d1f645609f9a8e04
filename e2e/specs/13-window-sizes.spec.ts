import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { expectConnected, signIn } from '../fixtures/ui';

/** The default window, a small laptop screen, and the window's minimum size. */
const SIZES = [
  { width: 960, height: 680 },
  { width: 800, height: 600 },
  { width: 420, height: 480 },
] as const;

test('13. dialog buttons and the status bar stay in reach at every window size', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const name = `${size.width}x${size.height}`;

    await page.getByTestId('settings-open').click();
    await expect(page.getByTestId('settings-dialog')).toBeVisible();
    await expect(page.getByTestId('settings-save'), name).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('settings-cancel'), name).toBeInViewport({ ratio: 1 });
    await shot(app, `13-settings-${name}`);
    await page.getByTestId('settings-cancel').click();

    await page.getByTestId('diagnostics-open').click();
    await expect(page.getByTestId('diagnostics-dialog')).toBeVisible();
    await expect(page.getByTestId('diagnostics-close'), name).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('diagnostics-export'), name).toBeInViewport({ ratio: 1 });
    await page.getByTestId('diagnostics-close').click();

    // However the page scrolls, the connection status stays on screen.
    await page.mouse.wheel(0, 5_000);
    await page.keyboard.press('End');
    await expect(page.getByTestId('status-bar'), name).toBeInViewport();
    await expect(
      page.getByTestId('composer').or(page.getByTestId('chat-placeholder')).first(),
      name,
    ).toBeVisible();
  }
});
