import { describe, expect, it, vi } from 'vitest';
import { AuthFailurePolicy, SILENT_CLOSE_LIMIT } from './auth-failure-policy';

describe('AuthFailurePolicy', () => {
  it('CONNACK 2: refresh once per episode, a refusal after the refresh stops', () => {
    const auth = new AuthFailurePolicy();
    expect(auth.onRefused()).toBe('refresh');
    void auth.refresh(undefined);
    expect(auth.onRefused()).toBe('stop');
    auth.reset();
    expect(auth.onRefused()).toBe('refresh');
    void auth.refresh(undefined);
    auth.forget();
    expect(auth.onRefused()).toBe('refresh');
  });

  it(`silent closes: refresh at the first, back off, stop at the ${SILENT_CLOSE_LIMIT}rd in a row`, () => {
    const auth = new AuthFailurePolicy();
    expect(auth.onSilentClose()).toBe('refresh');
    void auth.refresh(undefined);
    expect(auth.onSilentClose()).toBe('retry');
    expect(auth.onSilentClose()).toBe('stop');
    // a network failure (or success, or user action) in between breaks the chain
    auth.reset();
    expect(auth.onSilentClose()).toBe('refresh');
    void auth.refresh(undefined);
    expect(auth.onSilentClose()).toBe('retry');
    auth.reset();
    expect(auth.onSilentClose()).toBe('refresh');
  });

  it('a CONNACK 2 after a silent close of the same episode does not refresh again', () => {
    const auth = new AuthFailurePolicy();
    expect(auth.onSilentClose()).toBe('refresh');
    void auth.refresh(undefined);
    expect(auth.onRefused()).toBe('stop');
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

  it('follows a chain of refreshes while the host keeps handing out the first token', () => {
    const auth = new AuthFailurePolicy();
    auth.tokenFor('t0');
    expect(auth.adopt(auth.lastToken, 't1')).toBe(true);
    expect(auth.tokenFor('t0')).toBe('t1');
    // t1 expires later and is refreshed to t2: the host's t0 must now map to t2, not to t0
    expect(auth.adopt(auth.lastToken, 't2')).toBe(true);
    expect(auth.tokenFor('t0')).toBe('t2');
    expect(auth.tokenFor('t1')).toBe('t2');
    expect(auth.tokenFor('t2')).toBe('t2');
  });

  it('adopts nothing when no token was sent yet', () => {
    expect(new AuthFailurePolicy().adopt(null, 'new')).toBe(false);
  });
});
