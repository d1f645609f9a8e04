import type { SignInDefaults } from '../shared/bridge-api';
import type { AppServices } from './services/app-services';
import { parseServerAddress } from './services/sign-in-defaults';

/**
 * Test-build only. index.ts uses this module solely inside `if (__WUKONG_TEST_BUILD__)`, so a
 * release build drops it entirely (a test checks out/main/index.js for the markers below).
 *
 * Environment:
 *   WUKONG_USER_DATA     per-test user-data folder (settings, secrets, logs, Chromium profile)
 *   WUKONG_TEST_SERVER   "host:port" of the test server, pre-filled on the sign-in screen
 *   WUKONG_TEST_UID, WUKONG_TEST_TOKEN   optional account to pre-fill
 *   WUKONG_TEST_EXPORT_DIR  diagnostics export writes here without a save dialog
 *   WUKONG_TEST_PONG_TIMEOUT_MS  shorter PONG timeout, so dead-link tests finish quickly
 */
export interface TestModeConfig {
  userDataDir: string | null;
  signInDefaults: SignInDefaults;
  exportDir: string | null;
  /** Extra ConnectionManager options for tests (timeouts shortened). */
  managerOverrides: { pongTimeoutMs?: number };
}

export const TEST_READY_LINE = 'WUKONG_TEST_READY';
export const TEST_HOOKS_GLOBAL = '__wukongTest';

export function readTestModeConfig(env: Record<string, string | undefined>): TestModeConfig {
  return {
    userDataDir: env.WUKONG_USER_DATA?.trim() || null,
    signInDefaults: {
      server: parseServerAddress(env.WUKONG_TEST_SERVER ?? ''),
      uid: env.WUKONG_TEST_UID?.trim() || null,
      token: env.WUKONG_TEST_TOKEN || null,
    },
    exportDir: env.WUKONG_TEST_EXPORT_DIR?.trim() || null,
    managerOverrides: positiveInt(env.WUKONG_TEST_PONG_TIMEOUT_MS)
      ? { pongTimeoutMs: Number(env.WUKONG_TEST_PONG_TIMEOUT_MS) }
      : {},
  };
}

function positiveInt(value: string | undefined): boolean {
  return value !== undefined && /^\d+$/.test(value) && Number(value) > 0;
}

export type PowerEventName = 'suspend' | 'resume' | 'unlock-screen' | 'user-did-become-active';

/** What Playwright reaches through electronApp.evaluate(() => globalThis.__wukongTest...). */
export interface TestHooks {
  ready: boolean;
  /** Raises a powerMonitor event, so the same listener path runs as for the real OS event. */
  emitPower(event: PowerEventName): void;
  /** As if the OS network went away or came back. */
  setNetworkOnline(online: boolean): void;
  snapshot(): ReturnType<AppServices['getSnapshot']>;
  diagnostics(): ReturnType<AppServices['getDiagnostics']>;
}

export interface TestHooksDeps {
  services: AppServices;
  powerMonitor: { emit(event: string): boolean };
  write?: (line: string) => void;
}

export function installTestHooks(deps: TestHooksDeps): { signalReady(): void; hooks: TestHooks } {
  const hooks: TestHooks = {
    ready: false,
    emitPower: (event) => void deps.powerMonitor.emit(event),
    setNetworkOnline: (online) => deps.services.setNetworkOnline(online),
    snapshot: () => deps.services.getSnapshot(),
    diagnostics: () => deps.services.getDiagnostics(),
  };
  (globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL] = hooks;
  const write = deps.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    hooks,
    signalReady() {
      if (hooks.ready) return;
      hooks.ready = true;
      write(TEST_READY_LINE);
    },
  };
}
