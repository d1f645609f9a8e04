import type { SignInRequest } from '../../../shared/bridge-api';
import type { AccountInfo, SignInDefaults } from '../../../shared/bridge-api';
import type { ConnectionReason } from '../../../shared/connection';
import { serverAddressSchema, tlsSettingsSchema, type TlsMode } from '../../../shared/settings';
import type { FieldErrors, Message } from '../i18n/message';
import type { SignInError } from '../store/app-store';

export interface SignInFields {
  mode: 'static' | 'route';
  host: string;
  port: string;
  routeUrl: string;
  uid: string;
  token: string;
  /** transport security for this server (TLS in front of its TCP port) */
  tls: TlsMode;
  /** 'pinned': the server's certificate, PEM */
  certificate: string;
}

export type SignInField = 'host' | 'port' | 'routeUrl' | 'certificate' | 'uid' | 'token';

/** Same bound as settings.lastUid. */
const MAX_UID_LENGTH = 128;
export const DEFAULT_PORT = '5100';

/** Remembered values first (the account), then what the app suggests (demo server, test mode). */
export function initialSignInFields(
  account: AccountInfo | null,
  defaults: SignInDefaults | null,
): SignInFields {
  const server = account?.server ?? defaults?.server ?? null;
  return {
    mode: server?.kind === 'route' ? 'route' : 'static',
    host: server?.kind === 'static' ? server.host : '',
    port: server?.kind === 'static' ? String(server.port) : DEFAULT_PORT,
    routeUrl: server?.kind === 'route' ? server.url : '',
    uid: account?.uid ?? defaults?.uid ?? '',
    token: defaults?.token ?? '',
    tls: server?.tls?.mode ?? 'off',
    certificate: server?.tls?.certificate ?? '',
  };
}

/** The server's TLS setting from the form; undefined = off (stored servers stay as they were). */
function tlsOf(fields: SignInFields) {
  if (fields.tls === 'off') return undefined;
  return fields.tls === 'pinned'
    ? { mode: 'pinned' as const, certificate: fields.certificate.trim() }
    : { mode: 'system' as const };
}

function serverErrors(fields: SignInFields): FieldErrors<SignInField> {
  const errors: FieldErrors<SignInField> = {};
  if (fields.mode === 'route') {
    const result = serverAddressSchema.safeParse({ kind: 'route', url: fields.routeUrl });
    if (!result.success) errors.routeUrl = { key: 'validation.url' };
    return errors;
  }
  const portText = fields.port.trim();
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  const result = serverAddressSchema.safeParse({ kind: 'static', host: fields.host, port });
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    // A union reports its branches' issues nested; the static branch is the one that applies.
    const nested = issue.code === 'invalid_union' ? (issue.errors[0] ?? []) : [issue];
    for (const inner of nested) {
      const field = inner.path[0];
      if (field === 'host' && !errors.host) {
        errors.host =
          inner.code === 'too_small'
            ? { key: 'validation.hostRequired' }
            : inner.code === 'too_big'
              ? { key: 'validation.tooLong', values: { max: 253 } }
              : { key: 'validation.hostChars' };
      }
      if (field === 'port') errors.port = { key: 'validation.port' };
    }
  }
  return errors;
}

export type SignInValidation =
  { ok: true; request: SignInRequest } | { ok: false; errors: FieldErrors<SignInField> };

/** Validates with the shared schema; messages are keys so they follow the UI language. */
export function validateSignIn(fields: SignInFields): SignInValidation {
  const errors = serverErrors(fields);
  const tls = tlsOf(fields);
  if (tls && !tlsSettingsSchema.safeParse(tls).success) {
    errors.certificate = { key: 'validation.certificate' };
  }
  const uid = fields.uid.trim();
  if (uid === '') errors.uid = { key: 'validation.uidRequired' };
  else if (uid.length > MAX_UID_LENGTH)
    errors.uid = { key: 'validation.tooLong', values: { max: MAX_UID_LENGTH } };
  const token = fields.token.trim();
  if (token === '') errors.token = { key: 'validation.tokenRequired' };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const security = tls ? { tls } : {};
  const server =
    fields.mode === 'route'
      ? serverAddressSchema.parse({ kind: 'route', url: fields.routeUrl, ...security })
      : serverAddressSchema.parse({
          kind: 'static',
          host: fields.host,
          port: Number(fields.port),
          ...security,
        });
  return { ok: true, request: { server, uid, token } };
}

const REASON_MESSAGES: Partial<Record<ConnectionReason, string>> = {
  authFail: 'signinError.authFail',
  networkError: 'signinError.unreachable',
  serverClosed: 'signinError.unreachable',
  addressUnavailable: 'signinError.unreachable',
  maxAttemptsReached: 'signinError.unreachable',
  heartbeatTimeout: 'signinError.unreachable',
  connectTimeout: 'signinError.timeout',
  noNetwork: 'signinError.offline',
  banned: 'signinError.banned',
  protocolError: 'signinError.protocol',
  serverError: 'signinError.server',
};

/** Plain words for why a sign-in did not work. */
export function signInErrorMessage(error: SignInError): Message {
  if (error.kind === 'message')
    return { key: 'signinError.message', values: { message: error.message } };
  return { key: REASON_MESSAGES[error.reason] ?? 'signinError.failed' };
}
