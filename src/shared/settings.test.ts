import { describe, expect, it } from 'vitest';
import { serverAddressSchema } from './settings';

const firstMessage = (value: unknown): string | undefined =>
  serverAddressSchema.safeParse(value).error?.issues[0]?.message;

/** Shape only: the schema checks the PEM armour, the connection layer parses the certificate. */
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBdTCCARugAwIBAgIBBTAKBggqhkjOPQQDAjAWMRQwEgYDVQQDDAtzZWxmLXNpZ25lZDAe\n-----END CERTIFICATE-----\n';

describe('server address schema', () => {
  it('refuses a route URL carrying a user name or password', () => {
    for (const url of [
      'http://user:pass@im.example.com/route',
      'https://user@im.example.com/route',
      'http://:secret@im.example.com/route',
    ]) {
      expect(firstMessage({ kind: 'route', url })).toMatch(/user name or password/);
    }
    expect(
      serverAddressSchema.safeParse({ kind: 'route', url: 'https://im.example.com/route' }).success,
    ).toBe(true);
  });

  it('takes an optional TLS mode per server; pinned needs a PEM certificate', () => {
    const base = { kind: 'static', host: 'im.example.com', port: 5100 } as const;
    expect(serverAddressSchema.safeParse(base).success).toBe(true);
    expect(serverAddressSchema.safeParse({ ...base, tls: { mode: 'system' } }).success).toBe(true);
    expect(
      serverAddressSchema.safeParse({
        ...base,
        tls: { mode: 'pinned', certificate: PEM },
      }).success,
    ).toBe(true);
    expect(firstMessage({ ...base, tls: { mode: 'pinned' } })).toMatch(/certificate to pin/);
    expect(firstMessage({ ...base, tls: { mode: 'pinned', certificate: 'not a cert' } })).toMatch(
      /PEM/,
    );
    expect(serverAddressSchema.safeParse({ ...base, tls: { mode: 'insecure' } }).success).toBe(
      false,
    );
    expect(serverAddressSchema.safeParse({ ...base, tls: { mode: 'off', extra: 1 } }).success).toBe(
      false,
    );
  });
});
