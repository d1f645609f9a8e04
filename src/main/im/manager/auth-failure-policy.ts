/**
 * The auth failure rule (README, "Auth failure rule"): the first auth failure refreshes the token
 * once (single flight) and retries at once; the second in a row stops. So one user action causes at
 * most 2 CONNECTs. This holds the counter, the refresh in flight and the refreshed token; the
 * manager decides when each step happens.
 */
export class AuthFailurePolicy {
  /** consecutive auth-like failures since the last success or user action */
  private failures = 0;
  private refreshing: Promise<string | null> | null = null;
  /** the refreshed token, used while the host still hands out the refused one */
  private override: { failed: string; fresh: string } | null = null;
  private lastSent: string | null = null;

  /** The token the last CONNECT carried (null before the first). */
  get lastToken(): string | null {
    return this.lastSent;
  }

  /** A successful CONNACK or a user action: the budget starts again. */
  reset(): void {
    this.failures = 0;
  }

  /** Sign-out: the budget starts again and a refreshed token is forgotten. */
  forget(): void {
    this.failures = 0;
    this.override = null;
  }

  /** The token to send for the host's token; remembered as the last one sent. */
  tokenFor(hostToken: string): string {
    const token =
      this.override && this.override.failed === hostToken ? this.override.fresh : hostToken;
    this.lastSent = token;
    return token;
  }

  /** Counts one auth failure; true when it is the second in a row and the manager must stop. */
  recordFailure(): boolean {
    this.failures += 1;
    return this.failures >= 2;
  }

  /**
   * The token refresh to wait for: the one in flight, or a new one from `start` (null at once
   * without a refresher). Concurrent failures share one refresh.
   */
  refresh(start: (() => Promise<string | null>) | undefined): Promise<string | null> {
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
   * Uses `fresh` instead of `failedToken` from now on when it is a new token; returns whether it
   * was adopted (the caller must then treat it as a secret).
   */
  adopt(failedToken: string | null, fresh: string | null): fresh is string {
    if (fresh && failedToken !== null && fresh !== failedToken) {
      this.override = { failed: failedToken, fresh };
      return true;
    }
    return false;
  }
}
