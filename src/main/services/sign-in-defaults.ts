import type { SignInDefaults } from '../../shared/bridge-api';
import { describeServer } from '../../shared/endpoint';
import { serverAddressSchema, type ServerAddress, type Settings } from '../../shared/settings';

/**
 * Values that pre-fill the sign-in form, from the environment: `npm start` sets them when it runs
 * the local demo server, and test builds add WUKONG_TEST_SERVER (test-mode.ts). Anything malformed is ignored.
 *
 * WUKONG_DEMO_SERVER: "host:port" or an http(s) route URL
 * WUKONG_DEMO_UID, WUKONG_DEMO_TOKEN: the demo account
 *
 * Unpackaged (development) builds only: an installed app never takes a server or token from its
 * environment, where anything that starts it could plant them.
 */
export function readSignInDefaults(
  env: Record<string, string | undefined>,
  options: { packaged: boolean } = { packaged: false },
): SignInDefaults {
  if (options.packaged) return { server: null, uid: null, token: null };
  const server = parseServerAddress(env.WUKONG_DEMO_SERVER ?? '');
  const uid = env.WUKONG_DEMO_UID?.trim() || null;
  const token = env.WUKONG_DEMO_TOKEN || null;
  return { server, uid, token };
}

/** "host:port", "[::1]:5100" or "http(s)://…/route" -> ServerAddress; null when not valid. */
export function parseServerAddress(text: string): ServerAddress | null {
  const value = text.trim();
  if (!value) return null;
  if (/^https?:\/\//i.test(value)) {
    const parsed = serverAddressSchema.safeParse({ kind: 'route', url: value });
    return parsed.success ? parsed.data : null;
  }
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  if (!match?.[1] || !match[2]) return null;
  const host = match[1].replace(/^\[(.*)\]$/, '$1');
  const parsed = serverAddressSchema.safeParse({ kind: 'static', host, port: Number(match[2]) });
  return parsed.success ? parsed.data : null;
}

/**
 * What the sign-in form starts with: a server the user configured wins over the demo one, and the
 * demo account only fits the demo server.
 */
export function signInDefaultsFor(
  demo: SignInDefaults | undefined,
  settings: Pick<Settings, 'server' | 'lastUid'>,
): SignInDefaults {
  const defaults = demo ?? { server: null, uid: null, token: null };
  if (
    settings.server &&
    defaults.server &&
    describeServer(settings.server) !== describeServer(defaults.server)
  ) {
    return { server: settings.server, uid: settings.lastUid, token: null };
  }
  return {
    server: defaults.server ?? settings.server,
    uid: defaults.uid ?? settings.lastUid,
    token: defaults.token,
  };
}
