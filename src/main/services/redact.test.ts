import { describe, expect, it } from 'vitest';
import { REDACTED, createRedactor } from '../../shared/redact';
import { DiagnosticsLog } from '../im/diagnostics/diagnostics-log';
import { parseServerAddress, readSignInDefaults, signInDefaultsFor } from './sign-in-defaults';
import { deriveDeviceId } from './device-id';

describe('createRedactor', () => {
  it('the connection diagnostics log and the app redactor mask the same way', () => {
    const log = new DiagnosticsLog(4);
    log.addSecret('tok-12345');
    log.add({ at: 1, event: 'x', status: 'disconnected', reason: 'none', detail: 'a tok-12345' });
    const redactor = createRedactor();
    redactor.addSecret('tok-12345');
    expect(log.list()[0]?.detail).toBe(redactor.redactText('a tok-12345'));
    expect(log.list()[0]?.detail).toBe(`a ${REDACTED}`);
  });

  it('masks secret-looking keys at any depth and registered secrets inside strings', () => {
    const redactor = createRedactor();
    redactor.addSecret('tok-12345');
    const input = {
      uid: 'alice',
      token: 'anything',
      nested: [{ authorization: 'Bearer x', note: 'sent tok-12345 twice: tok-12345' }],
      error: new Error('bad token tok-12345'),
    };
    const out = redactor.redact(input);
    expect(out.uid).toBe('alice');
    expect(out.token).toBe(REDACTED);
    expect(out.nested[0]?.authorization).toBe(REDACTED);
    expect(out.nested[0]?.note).toBe(`sent ${REDACTED} twice: ${REDACTED}`);
    expect(out.error.message).toBe(`bad token ${REDACTED}`);
    expect(JSON.stringify(out)).not.toContain('tok-12345');
    expect(input.token).toBe('anything'); // the original is untouched
  });

  it('survives cycles and ignores very short secrets', () => {
    const redactor = createRedactor();
    redactor.addSecret('ab');
    const cyclic: Record<string, unknown> = { text: 'ab cd' };
    cyclic.self = cyclic;
    const out = redactor.redact(cyclic);
    expect(out.text).toBe('ab cd');
    expect(out.self).toBe('[…]');
  });
});

describe('sign-in defaults', () => {
  it('parses host:port, IPv6 and route URLs; rejects junk', () => {
    expect(parseServerAddress('127.0.0.1:5100')).toEqual({
      kind: 'static',
      host: '127.0.0.1',
      port: 5100,
    });
    expect(parseServerAddress('[::1]:5100')).toEqual({ kind: 'static', host: '::1', port: 5100 });
    expect(parseServerAddress('http://im.example.com:5001/route')).toEqual({
      kind: 'route',
      url: 'http://im.example.com:5001/route',
    });
    expect(parseServerAddress('im.example.com:99999')).toBeNull();
    expect(parseServerAddress('no port')).toBeNull();
    expect(parseServerAddress('')).toBeNull();
  });

  it('reads the demo account from the environment', () => {
    expect(
      readSignInDefaults({
        WUKONG_DEMO_SERVER: '127.0.0.1:5100',
        WUKONG_DEMO_UID: 'demo1',
        WUKONG_DEMO_TOKEN: 'demo-token',
      }),
    ).toEqual({
      server: { kind: 'static', host: '127.0.0.1', port: 5100 },
      uid: 'demo1',
      token: 'demo-token',
    });
    expect(readSignInDefaults({})).toEqual({ server: null, uid: null, token: null });
  });

  it('ignores the demo variables in a packaged (installed) app', () => {
    const env = { WUKONG_DEMO_SERVER: 'evil.example:5100', WUKONG_DEMO_TOKEN: 't' };
    expect(readSignInDefaults(env, { packaged: true })).toEqual({
      server: null,
      uid: null,
      token: null,
    });
    expect(readSignInDefaults(env, { packaged: false }).server).not.toBeNull();
  });
});

describe('deriveDeviceId', () => {
  it('is stable per install and uid and differs otherwise', () => {
    expect(deriveDeviceId('install-1', 'alice')).toBe(deriveDeviceId('install-1', 'alice'));
    expect(deriveDeviceId('install-1', 'alice')).not.toBe(deriveDeviceId('install-1', 'bob'));
    expect(deriveDeviceId('install-1', 'alice')).not.toBe(deriveDeviceId('install-2', 'alice'));
    expect(deriveDeviceId('install-1', 'alice')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('signInDefaultsFor', () => {
  const demo = {
    server: { kind: 'static' as const, host: '::1', port: 5100 },
    uid: 'demo',
    token: 'demo-token',
  };

  it('keeps the demo account for the demo server, also for an IPv6 host', () => {
    const settings = {
      server: { kind: 'static' as const, host: '::1', port: 5100 },
      lastUid: 'me',
    };
    expect(signInDefaultsFor(demo, settings)).toEqual(demo);
  });

  it('a server the user configured wins, without the demo token', () => {
    const server = { kind: 'static' as const, host: '::1', port: 5200 };
    expect(signInDefaultsFor(demo, { server, lastUid: 'me' })).toEqual({
      server,
      uid: 'me',
      token: null,
    });
    expect(signInDefaultsFor(undefined, { server: null, lastUid: null })).toEqual({
      server: null,
      uid: null,
      token: null,
    });
  });
});
