import { describe, expect, it } from 'vitest';
import { SIGNED_IN } from '../../test/fake-api';
import {
  initialSignInFields,
  signInErrorMessage,
  validateSignIn,
  type SignInFields,
} from './sign-in-form';

const valid: SignInFields = {
  mode: 'static',
  host: 'im.example.com',
  port: '5100',
  routeUrl: '',
  uid: 'alice',
  token: 'secret',
  tls: 'off',
  certificate: '',
};

const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBdTCCARugAwIBAgIBBTAKBggqhkjOPQQDAjAW\n-----END CERTIFICATE-----\n';

describe('validateSignIn', () => {
  it('builds a request from valid fields', () => {
    expect(validateSignIn({ ...valid, uid: ' alice ' })).toEqual({
      ok: true,
      request: {
        server: { kind: 'static', host: 'im.example.com', port: 5100 },
        uid: 'alice',
        token: 'secret',
      },
    });
  });

  it('adds the TLS mode to the server; a pinned one needs its certificate', () => {
    const system = validateSignIn({ ...valid, tls: 'system' });
    expect(system.ok && system.request.server).toEqual({
      kind: 'static',
      host: 'im.example.com',
      port: 5100,
      tls: { mode: 'system' },
    });
    expect(validateSignIn({ ...valid, tls: 'pinned', certificate: 'nope' })).toEqual({
      ok: false,
      errors: { certificate: { key: 'validation.certificate' } },
    });
    const pinned = validateSignIn({
      ...valid,
      mode: 'route',
      routeUrl: 'https://im.example.com/route',
      tls: 'pinned',
      certificate: PEM,
    });
    expect(pinned.ok && pinned.request.server).toEqual({
      kind: 'route',
      url: 'https://im.example.com/route',
      tls: { mode: 'pinned', certificate: PEM.trim() },
    });
    expect(
      initialSignInFields(
        {
          uid: 'a',
          server: { kind: 'static', host: 'h', port: 1, tls: { mode: 'system' } },
          hasToken: false,
          secureStorageAvailable: true,
        },
        null,
      ),
    ).toMatchObject({ tls: 'system', certificate: '' });
  });

  it('gives a message per field', () => {
    const result = validateSignIn({ ...valid, host: '', port: '70000', uid: '', token: '' });
    expect(result).toEqual({
      ok: false,
      errors: {
        host: { key: 'validation.hostRequired' },
        port: { key: 'validation.port' },
        uid: { key: 'validation.uidRequired' },
        token: { key: 'validation.tokenRequired' },
      },
    });
  });

  it('rejects bad host characters and non-numeric ports', () => {
    const result = validateSignIn({ ...valid, host: 'im example', port: '51a' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.host?.key).toBe('validation.hostChars');
      expect(result.errors.port?.key).toBe('validation.port');
    }
  });

  it('validates a route URL in route mode', () => {
    expect(validateSignIn({ ...valid, mode: 'route', routeUrl: 'ftp://x/route' }).ok).toBe(false);
    expect(
      validateSignIn({ ...valid, mode: 'route', routeUrl: 'http://im.example.com:5001/route' }),
    ).toMatchObject({
      ok: true,
      request: { server: { kind: 'route', url: 'http://im.example.com:5001/route' } },
    });
  });
});

describe('initialSignInFields', () => {
  it('prefers the remembered account over the suggested defaults and never remembers a token', () => {
    const fields = initialSignInFields(SIGNED_IN, {
      server: { kind: 'static', host: '127.0.0.1', port: 15100 },
      uid: 'demo',
      token: null,
    });
    expect(fields).toMatchObject({ host: 'im.example.com', port: '5100', uid: 'alice', token: '' });
  });

  it('falls back to the defaults (demo server, test mode)', () => {
    const fields = initialSignInFields(
      { uid: null, server: null, hasToken: false, secureStorageAvailable: true },
      {
        server: { kind: 'route', url: 'http://127.0.0.1:5001/route' },
        uid: 'demo',
        token: 'demo-token',
      },
    );
    expect(fields).toMatchObject({
      mode: 'route',
      routeUrl: 'http://127.0.0.1:5001/route',
      uid: 'demo',
      token: 'demo-token',
    });
  });
});

describe('signInErrorMessage', () => {
  it('maps connection reasons to plain words', () => {
    expect(signInErrorMessage({ kind: 'reason', reason: 'authFail' }).key).toBe(
      'signinError.authFail',
    );
    expect(signInErrorMessage({ kind: 'reason', reason: 'networkError' }).key).toBe(
      'signinError.unreachable',
    );
    expect(signInErrorMessage({ kind: 'reason', reason: 'connectTimeout' }).key).toBe(
      'signinError.timeout',
    );
    expect(signInErrorMessage({ kind: 'reason', reason: 'none' }).key).toBe('signinError.failed');
    expect(signInErrorMessage({ kind: 'message', message: 'x' })).toEqual({
      key: 'signinError.message',
      values: { message: 'x' },
    });
  });
});
