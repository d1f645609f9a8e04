import { describe, expect, it, vi } from 'vitest';
import { AuthFailurePolicy } from './auth-failure-policy';

describe('AuthFailurePolicy', () => {
  it('allows one retry: the second failure in a row stops, a success or reset starts again', () => {
    const auth = new AuthFailurePolicy();
    expect(auth.recordFailure()).toBe(false);
    expect(auth.recordFailure()).toBe(true);
    auth.reset();
    expect(auth.recordFailure()).toBe(false);
    auth.forget();
    expect(auth.recordFailure()).toBe(false);
    expect(auth.recordFailure()).toBe(true);
  });

  it('refreshes once for concurrent failures (single flight) and again after it settled', async () => {
    const auth = new AuthFailurePolicy();
    let release: (token: string) => void = () => undefined;
    const start = vi.fn(() => new Promise<string | null>((r) => (release = r)));
    const a = auth.refresh(start);
    const b = auth.refresh(start);
    expect(b).toBe(a);
    expect(start).toHaveBeenCalledTimes(1);
    release('fresh');
    await expect(a).resolves.toBe('fresh');
    auth.refresh(start);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('a refresh abandoned by teardown is not joined by the next failure', () => {
    const auth = new AuthFailurePolicy();
    const start = vi.fn(() => new Promise<string | null>(() => undefined));
    auth.refresh(start);
    auth.abandonRefresh();
    auth.refresh(start);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('without a refresher the answer is null at once', async () => {
    await expect(new AuthFailurePolicy().refresh(undefined)).resolves.toBeNull();
  });

  it('sends the refreshed token while the host still hands out the refused one', () => {
    const auth = new AuthFailurePolicy();
    expect(auth.lastToken).toBeNull();
    expect(auth.tokenFor('old')).toBe('old');
    const failed = auth.lastToken;
    expect(auth.adopt(failed, null)).toBe(false);
    expect(auth.adopt(failed, 'old')).toBe(false); // the same token is no refresh
    expect(auth.adopt(failed, 'new')).toBe(true);
    expect(auth.tokenFor('old')).toBe('new');
    expect(auth.lastToken).toBe('new');
    // The host signed in again with another token: that one wins.
    expect(auth.tokenFor('other')).toBe('other');
    auth.forget();
    expect(auth.tokenFor('old')).toBe('old');
  });

  it('adopts nothing when no token was sent yet', () => {
    expect(new AuthFailurePolicy().adopt(null, 'new')).toBe(false);
  });
});
