import { defineConfig } from '@playwright/test';
import type { AppFixtureOptions } from './e2e/fixtures/app-options';

/**
 * End-to-end suite (ARCHITECTURE.md, Testing; e2e/README.md): one set of specs, two projects.
 * - web: the built renderer in Debian's Chromium, backed by the real main-process services hosted
 *   in Node (e2e/web-host). Runs everywhere.
 * - electron: the built test-mode app through _electron.launch. Every spec skips, with one printed
 *   line, where no Electron binary is installed.
 * Two cores: one worker, specs in order. Headed: `xvfb-run -a npx playwright test --headed`.
 */
export default defineConfig<AppFixtureOptions>({
  testDir: './e2e/specs',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/fixtures/global-setup.ts',
  // Kept apart from test-results/*.json (the vitest report must survive Playwright's cleanup).
  outputDir: './test-results/playwright',
  preserveOutput: 'failures-only',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  projects: [
    { name: 'web', use: { appKind: 'web' } },
    { name: 'electron', use: { appKind: 'electron' } },
  ],
});
