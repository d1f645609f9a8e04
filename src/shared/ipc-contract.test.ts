import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AccountInfo, DiagnosticsReport, SignInDefaults, SignInRequest } from './bridge-api';
import type { ConnectionSnapshot, KickEvent } from './connection';
import { initialSnapshot } from './connection';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  InvalidPayloadError,
  SEND_CHANNELS,
  connectionSnapshotSchema,
  formatIssues,
  invokeContract,
  isInvokeChannel,
  isSendChannel,
  parseInvokePayload,
  unwrapIpcResponse,
  type EventValue,
  type InvokePayload,
  type InvokeResult,
} from './ipc-contract';
import type { Settings, SettingsPatch } from './settings';

describe('IPC contract', () => {
  it('names every channel domain:verb, all distinct', () => {
    const all = [
      ...Object.values(INVOKE_CHANNELS),
      ...Object.values(SEND_CHANNELS),
      ...Object.values(EVENT_CHANNELS),
    ];
    for (const channel of all) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(invokeContract).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(isInvokeChannel('account:sign-in')).toBe(true);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(isSendChannel('network:report')).toBe(true);
  });

  it('types agree with the WukongApi the renderer is built against', () => {
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getSnapshot>
    >().toEqualTypeOf<ConnectionSnapshot>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.getAccount>>().toEqualTypeOf<AccountInfo>();
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getSignInDefaults>
    >().toEqualTypeOf<SignInDefaults>();
    expectTypeOf<InvokeResult<typeof INVOKE_CHANNELS.getSettings>>().toEqualTypeOf<Settings>();
    expectTypeOf<
      InvokeResult<typeof INVOKE_CHANNELS.getDiagnostics>
    >().toEqualTypeOf<DiagnosticsReport>();
    expectTypeOf<InvokePayload<typeof INVOKE_CHANNELS.signIn>>().toEqualTypeOf<SignInRequest>();
    expectTypeOf<
      InvokePayload<typeof INVOKE_CHANNELS.updateSettings>
    >().toEqualTypeOf<SettingsPatch>();
    expectTypeOf<EventValue<typeof EVENT_CHANNELS.kick>>().toEqualTypeOf<KickEvent>();
  });

  it('accepts undefined or null for calls without arguments, nothing else', () => {
    expect(parseInvokePayload(INVOKE_CHANNELS.connect, undefined)).toBeUndefined();
    expect(parseInvokePayload(INVOKE_CHANNELS.connect, null)).toBeUndefined();
    expect(() => parseInvokePayload(INVOKE_CHANNELS.connect, {})).toThrow(InvalidPayloadError);
  });

  it('error messages name each bad field once', () => {
    expect(() =>
      parseInvokePayload(INVOKE_CHANNELS.signIn, {
        server: { kind: 'static', host: 'ok.example', port: 0 },
        uid: 'x'.repeat(200),
        token: '',
      }),
    ).toThrow(
      'Invalid request for account:sign-in: server.port: Port must be 1-65535; uid: User id is at most 128 characters; token: Enter a token',
    );
    expect(formatIssues([{ path: [], message: 'Expected boolean' }])).toBe('Expected boolean');
  });

  it('the snapshot schema accepts real snapshots', () => {
    expect(connectionSnapshotSchema.parse(initialSnapshot(5))).toEqual(initialSnapshot(5));
  });

  it('unwrapIpcResponse returns values and rethrows errors by name and message', () => {
    expect(unwrapIpcResponse({ ok: true, value: 3 })).toBe(3);
    try {
      unwrapIpcResponse({
        ok: false,
        error: { name: 'NotSignedInError', message: 'Sign in first' },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'NotSignedInError', message: 'Sign in first' });
    }
    expect(() => unwrapIpcResponse(undefined)).toThrow('Malformed reply');
  });
});
