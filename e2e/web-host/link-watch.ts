/**
 * Notices that the page lost its bridge to the web host: the socket closed, the browser went
 * offline (Playwright's context.setOffline also cuts the bridge), or the host stopped answering
 * pings (hung). Says so once; the bridge then shows it and reconnects.
 */
export const PING_EVERY_MS = 250;
/** No pong for this long and the host counts as gone: well inside the one second QA relies on. */
export const DEAD_AFTER_MS = 900;

export type LossReason = 'closed' | 'offline' | 'silent';

export interface LinkWatchOptions {
  sendPing(): void;
  onLost(reason: LossReason): void;
  now?: () => number;
  pingEveryMs?: number;
  deadAfterMs?: number;
}

export interface LinkWatch {
  /** The socket opened: from now on silence counts (before, a slow start is not a loss). */
  start(): void;
  /** The host answered (a pong, or any frame): it is alive. */
  heard(): void;
  /** The socket closed or the browser went offline. */
  lost(reason: LossReason): void;
  readonly isLost: boolean;
  stop(): void;
}

export function watchLink(options: LinkWatchOptions): LinkWatch {
  const now = options.now ?? Date.now;
  const deadAfter = options.deadAfterMs ?? DEAD_AFTER_MS;
  let lastHeard = now();
  let isLost = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = (reason: LossReason): void => {
    if (isLost) return;
    isLost = true;
    clearInterval(timer);
    options.onLost(reason);
  };
  return {
    start() {
      if (timer !== undefined || isLost) return;
      lastHeard = now();
      timer = setInterval(() => {
        if (now() - lastHeard > deadAfter) lost('silent');
        else options.sendPing();
      }, options.pingEveryMs ?? PING_EVERY_MS);
    },
    heard() {
      lastHeard = now();
    },
    lost,
    get isLost() {
      return isLost;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
