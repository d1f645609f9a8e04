/**
 * The auth failure rule (README, "Auth failure rule"). Only CONNACK 2 says for sure that the token
 * was refused; a clean close in the auth window (a v2.x refusal, or a server restarting) is only a
 * hint. One episode runs from the first auth-like failure to a successful CONNACK, a user action or
 * a network failure in between, and in it:
 *
 * - the refresher is called at most once (single flight), at the first failure of either kind;
 * - CONNACK 2 retries (at once) only with a refreshed token different from the refused one, and
 *   stops otherwise, so a token nobody can replace costs exactly 1 CONNECT;
 * - silent closes back off like any failure and stop at the SILENT_CLOSE_LIMIT-th in a row.
 *
 * This holds the episode, the refresh in flight and the refreshed token; the manager decides when
 * each step happens.
 */

/** Consecutive silent closes in the auth window that stop the manager with authFail. */
export const SILENT_CLOSE_LIMIT = 3;

/** What to do after a failure: ask the refresher first, back off and retry, or stop. */
export type AuthVerdict = 'refresh' | 'retry' | 'stop';

export class AuthFailurePolicy {
  private refreshedInEpisode = false;
  private silentCloses = 0;
  private refreshing: Promise<string | null> | null = null;
  /** host tokens known to be refused, all replaced by `fresh` (a chain of refreshes) */
  private readonly stale = new Set<string>();
  private fresh: string | null = null;
  private lastSent: string | null = null;

  /** The token the last CONNECT carried (null before the first). */
  get lastToken(): string | null {
    return this.lastSent;
  }

  /** A successful CONNACK, a user action or a network failure: a new episode. */
  reset(): void {
    this.refreshedInEpisode = false;
    this.silentCloses = 0;
  }

  /** Sign-out: a new episode, and refreshed tokens are forgotten. */
  forget(): void {
    this.reset();
    this.stale.clear();
    this.fresh = null;
  }

  /** The token to send for the host's token; remembered as the last one sent. */
  tokenFor(hostToken: string): string {
    const token = this.fresh !== null && this.stale.has(hostToken) ? this.fresh : hostToken;
    this.lastSent = token;
    return token;
  }

  /** CONNACK 2: refresh once per episode; a second refusal in the episode stops. */
  onRefused(): AuthVerdict {
    return this.refreshedInEpisode ? 'stop' : 'refresh';
  }

  /** A clean close in the auth window: refresh at the first, stop at the limit, else back off. */
  onSilentClose(): AuthVerdict {
    this.silentCloses += 1;
    if (this.silentCloses >= SILENT_CLOSE_LIMIT) return 'stop';
    return this.refreshedInEpisode ? 'retry' : 'refresh';
  }

  /**
   * The token refresh to wait for: the one in flight, or a new one from `start` (null at once
   * without a refresher). Concurrent failures share one refresh.
   */
  refresh(start: (() => Promise<string | null>) | undefined): Promise<string | null> {
    this.refreshedInEpisode = true;
    this.refreshing ??= start
      ? start().finally(() => {
          this.refreshing = null;
        })
      : Promise.resolve(null);
    return this.refreshing;
  }

  /** The flow that asked for the refresh was abandoned; a later failure starts a new one. */
  abandonRefresh(): void {
    this.refreshing = null;
  }

  /**
   * Uses `fresh` instead of `failedToken` (and of every token it replaced) from now on when it is
   * a new token; returns whether it was adopted (the caller must then treat it as a secret).
   */
  adopt(failedToken: string | null, fresh: string | null): fresh is string {
    if (typeof fresh !== 'string' || fresh === '' || failedToken === null || fresh === failedToken)
      return false;
    this.stale.add(failedToken);
    this.stale.delete(fresh);
    this.fresh = fresh;
    return true;
  }
}
