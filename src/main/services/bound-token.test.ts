import { describe, expect, it } from 'vitest';
import type { ServerAddress } from '../../shared/settings';
import { createBoundTokenStore, serverIdentity, TOKEN_KEY } from './bound-token';
import { createInMemorySecretStore } from './secret-store';

const A: ServerAddress = { kind: 'static', host: 'im.example.com', port: 5100 };
const B: ServerAddress = { kind: 'static', host: 'im.example.com', port: 5101 };
const ROUTE: ServerAddress = { kind: 'route', url: 'https://im.example.com/route' };

describe('token bound to its server', () => {
  it('hands the token out only for the server it was stored with', () => {
    const secrets = createInMemorySecretStore();
    const tokens = createBoundTokenStore(secrets, () => null);
    tokens.set(A, 'tok');
    expect(tokens.get(A)).toBe('tok');
    expect(tokens.get({ ...A, host: 'IM.example.com' })).toBe('tok');
    expect(tokens.get(B)).toBeNull();
    expect(tokens.get(ROUTE)).toBeNull();
    expect(tokens.get(null)).toBeNull();
    expect(tokens.any()).toBe('tok');
    // Stored as one entry: the server and the token are written (and encrypted) together.
    expect(JSON.parse(secrets.get(TOKEN_KEY)!)).toEqual({
      server: serverIdentity(A),
      token: 'tok',
    });
    tokens.delete();
    expect(tokens.get(A)).toBeNull();
    expect(tokens.any()).toBeNull();
  });

  it('binds a token stored by an older version to the server configured at the time', () => {
    const secrets = createInMemorySecretStore();
    secrets.set(TOKEN_KEY, 'legacy-token');
    let configured: ServerAddress | null = A;
    const tokens = createBoundTokenStore(secrets, () => configured);
    expect(tokens.get(A)).toBe('legacy-token');
    configured = B;
    expect(tokens.get(B)).toBeNull();
    expect(tokens.get(A)).toBe('legacy-token');
  });

  it('keeps an older token unusable when no server is configured', () => {
    const secrets = createInMemorySecretStore();
    secrets.set(TOKEN_KEY, 'legacy-token');
    const tokens = createBoundTokenStore(secrets, () => null);
    expect(tokens.get(A)).toBeNull();
    expect(tokens.any()).toBe('legacy-token');
  });

  it('tells servers apart by every field', () => {
    expect(serverIdentity(A)).not.toBe(serverIdentity(B));
    expect(serverIdentity(A)).toBe(
      serverIdentity({ port: 5100, host: 'im.example.com', kind: 'static' }),
    );
    expect(serverIdentity(ROUTE)).not.toBe(
      serverIdentity({ kind: 'route', url: 'https://im.example.com/route2' }),
    );
  });
});
