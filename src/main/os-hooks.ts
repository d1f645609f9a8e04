import type { PowerTarget } from './services/app-services';
import type { Logger } from './services/logger';

/** How often net.isOnline() is read; Chromium has no change event for it in the main process. */
export const NETWORK_POLL_INTERVAL_MS = 2_000;

/** The powerMonitor events we listen to, mapped to what the connection should do. */
export const POWER_EVENTS = {
  suspend: 'suspend',
  resume: 'resume',
  'unlock-screen': 'screenUnlocked',
  'user-did-become-active': 'screenUnlocked',
} as const satisfies Record<string, keyof PowerTarget>;

export interface PowerMonitorLike {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

export interface OsHooksOptions {
  powerMonitor: PowerMonitorLike;
  net: { isOnline(): boolean };
  target: PowerTarget;
  logger: Logger;
  pollIntervalMs?: number;
}

let wired = false;

/**
 * The only bridge from OS power and network signals to the connection (Signal's powerChannel):
 * it cannot be wired twice, because two listeners would suspend and resume the manager twice.
 * Returns the function that unwires it.
 */
export function wireOsHooks(options: OsHooksOptions): () => void {
  if (wired) throw new Error('OS hooks are already wired');
  wired = true;
  const { powerMonitor, net, target, logger } = options;

  const listeners = Object.entries(POWER_EVENTS).map(([event, method]) => {
    const listener = (): void => {
      logger.info(`Power event: ${event}`);
      target[method]();
    };
    powerMonitor.on(event, listener);
    return [event, listener] as const;
  });

  let lastOnline = readOnline(net, logger);
  target.setNetworkOnline(lastOnline);
  const timer = setInterval(() => {
    const online = readOnline(net, logger);
    if (online === lastOnline) return;
    lastOnline = online;
    target.setNetworkOnline(online);
  }, options.pollIntervalMs ?? NETWORK_POLL_INTERVAL_MS);
  // Never keep the process alive just for this poll.
  (timer as { unref?: () => void }).unref?.();

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    clearInterval(timer);
    for (const [event, listener] of listeners) powerMonitor.removeListener(event, listener);
    wired = false;
  };
}

function readOnline(net: { isOnline(): boolean }, logger: Logger): boolean {
  try {
    return net.isOnline();
  } catch (error) {
    // Assume online: a wrong "offline" would stop every attempt, a wrong "online" only costs one.
    logger.warn('net.isOnline() failed; assuming online', { error: String(error) });
    return true;
  }
}
