import type { ServerAddress } from '../../shared/settings';
import type { SecretStore } from './secret-store';

/**
 * The sign-in token together with the server it was issued for. A token is only ever handed out
 * for that same server: if the configured server changes (Settings, a tampered renderer), the
 * token is not sent to the new address, and the user has to sign in there. Both live in one
 * secret-store entry, so they are written (and encrypted) together.
 */
export interface BoundTokenStore {
  /** The token, only when it was issued for exactly this server. */
  get(server: ServerAddress | null): string | null;
  set(server: ServerAddress, token: string): void;
  delete(): void;
  /** The stored token whatever its server (to redact it from logs and diagnostics). */
  any(): string | null;
}

export const TOKEN_KEY = 'token';

interface StoredToken {
  server: string;
  token: string;
}

/**
 * One string per server as the user configured it, every field included: another host, port,
 * route URL or transport security is another server.
 */
export function serverIdentity(server: ServerAddress): string {
  const fields = Object.entries(server).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(fields.map(([k, v]) => [k, typeof v === 'string' ? v.toLowerCase() : v]));
}

function parse(raw: string | null): StoredToken | { legacy: string } | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null) {
      const { server, token } = value as Record<string, unknown>;
      if (typeof server === 'string' && typeof token === 'string') return { server, token };
    }
  } catch {
    // not JSON: a token stored before tokens were bound to servers
  }
  return { legacy: raw };
}

/**
 * @param legacyServer the server configured when a token stored by an older version (without its
 *   server) is first read: the one it was in use with, so upgrading does not sign anyone out.
 */
export function createBoundTokenStore(
  secrets: SecretStore,
  legacyServer: () => ServerAddress | null,
): BoundTokenStore {
  const store: BoundTokenStore = {
    get(server) {
      if (server === null) return null;
      let stored = parse(secrets.get(TOKEN_KEY));
      if (stored && 'legacy' in stored) {
        const bound = legacyServer();
        if (!bound) return null;
        store.set(bound, stored.legacy);
        stored = { server: serverIdentity(bound), token: stored.legacy };
      }
      return stored && stored.server === serverIdentity(server) ? stored.token : null;
    },
    set(server, token) {
      const value: StoredToken = { server: serverIdentity(server), token };
      secrets.set(TOKEN_KEY, JSON.stringify(value));
    },
    delete: () => secrets.delete(TOKEN_KEY),
    any() {
      const stored = parse(secrets.get(TOKEN_KEY));
      if (!stored) return null;
      return 'legacy' in stored ? stored.legacy : stored.token;
    },
  };
  return store;
}
