import { readFileSync } from 'node:fs';
import { app } from 'electron';
import { checkLinuxSandbox } from '../platform/linux-sandbox';
import type { Logger } from '../services/logger';

/** The start-up line of the log, plus a warning when running without Chromium's sandbox. */
export function reportStarted(logger: Logger, secureStorage: boolean): void {
  warnIfUnsandboxed(logger);
  logger.info('Started', {
    version: app.getVersion(),
    userData: app.getPath('userData'),
    secure: secureStorage,
  });
}

/**
 * The AppImage launcher drops Chromium's sandbox on kernels that restrict user namespaces; say so
 * rather than run unsandboxed silently (build/linux/README.md has the fixes).
 */
export function warnIfUnsandboxed(logger: Logger): void {
  const sandbox = linuxSandboxCheck();
  if (sandbox.kind === 'unsandboxed') logger.warn(sandbox.summary, { advice: sandbox.advice });
}

/** Whether Chromium's sandbox is on, as far as this process can tell (Diagnostics shows it). */
export function linuxSandboxCheck(): ReturnType<typeof checkLinuxSandbox> {
  return checkLinuxSandbox({
    platform: process.platform,
    argv: process.argv,
    env: process.env,
    readFile: readTextIfPresent,
  });
}

function readTextIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
