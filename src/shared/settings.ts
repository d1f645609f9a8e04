import { z } from 'zod';

/**
 * User settings, validated the same way in the main process (electron-store) and the renderer
 * (the settings form). Connection values are milliseconds; bounds keep a typo from producing a
 * client that hammers the server or never notices a dead link.
 */
export const TLS_MODES = ['off', 'system', 'pinned'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

const PEM_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/;

/**
 * TLS to the server's TCP port (a TLS terminator in front of WuKongIM). Absent = off. 'system'
 * trusts the OS trust store; 'pinned' trusts only the given certificate (a self-signed server).
 */
export const tlsSettingsSchema = z
  .object({
    mode: z.enum(TLS_MODES),
    /** 'pinned' only: the server's certificate, PEM */
    certificate: z.string().trim().max(16_384).optional(),
  })
  .strict()
  .refine((t) => t.mode !== 'pinned' || PEM_CERTIFICATE.test(t.certificate ?? ''), {
    message: 'Paste the server certificate to pin (PEM, -----BEGIN CERTIFICATE-----)',
    path: ['certificate'],
  });
export type TlsSettings = z.infer<typeof tlsSettingsSchema>;

/** A URL with user:pass@ would carry a credential into logs and diagnostics exports. */
function hasNoCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return true; // reported by .url() already
  }
}

export const serverAddressSchema = z.union([
  z.object({
    kind: z.literal('static'),
    host: z
      .string()
      .trim()
      .min(1, 'Enter a host name or IP address')
      .max(253)
      .regex(
        /^[A-Za-z0-9.\-:[\]]+$/,
        'Host may only contain letters, digits, dots, dashes and colons',
      ),
    port: z
      .number()
      .int('Port must be a whole number')
      .min(1, 'Port must be 1-65535')
      .max(65535, 'Port must be 1-65535'),
    tls: tlsSettingsSchema.optional(),
  }),
  z.object({
    kind: z.literal('route'),
    /** The server's GET /route endpoint, e.g. http://im.example.com:5001/route */
    url: z
      .string()
      .trim()
      .url('Enter a full http(s) URL')
      .refine((u) => /^https?:\/\//i.test(u), 'Route URL must start with http:// or https://')
      .refine(hasNoCredentials, 'Route URL must not contain a user name or password'),
    tls: tlsSettingsSchema.optional(),
  }),
]);
export type ServerAddress = z.infer<typeof serverAddressSchema>;

export const connectionSettingsSchema = z.object({
  connectTimeoutMs: z.number().int().min(1000, 'At least 1 s').max(120_000, 'At most 120 s'),
  heartbeatIntervalMs: z
    .number()
    .int()
    .min(5000, 'At least 5 s')
    .max(170_000, 'At most 170 s (the server drops idle links after 180 s)'),
  autoReconnect: z.boolean(),
  /** null = unlimited */
  maxReconnectAttempts: z.number().int().min(1, 'At least 1').max(1000, 'At most 1000').nullable(),
  reconnectIntervalMs: z.number().int().min(100, 'At least 0.1 s').max(60_000, 'At most 60 s'),
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

/**
 * WuKongIM's HTTP API for the offline sync, e.g. http://im.example.com:5001. Empty/absent = the
 * route URL's origin, or the server's host on port 5001.
 */
export const apiBaseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (u) => u === '' || (/^https?:\/\//i.test(u) && URL.canParse(u)),
    'API base URL must be a full http:// or https:// URL',
  )
  .refine(hasNoCredentials, 'API base URL must not contain a user name or password');

export const LOCALES = ['system', 'en', 'zh-CN'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;

export const settingsSchema = z.object({
  server: serverAddressSchema.nullable(),
  /** Last uid signed in with, to prefill sign-in */
  lastUid: z.string().max(128).nullable(),
  connection: connectionSettingsSchema,
  locale: z.enum(LOCALES),
  theme: z.enum(THEMES),
  /** the offline sync's API base URL; absent or '' = derived from the server address */
  apiBaseUrl: apiBaseUrlSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** What the renderer may change through settings:update (device id and uid are the app's). */
export const settingsPatchSchema = z
  .object({
    server: serverAddressSchema.nullable(),
    connection: connectionSettingsSchema.partial(),
    locale: z.enum(LOCALES),
    theme: z.enum(THEMES),
    apiBaseUrl: apiBaseUrlSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = {
  connectTimeoutMs: 10_000,
  heartbeatIntervalMs: 25_000,
  autoReconnect: true,
  maxReconnectAttempts: null,
  // the backoff base chosen by the storm sweep (src/main/im/README.md)
  reconnectIntervalMs: 2_000,
};

export const DEFAULT_SETTINGS: Settings = {
  server: null,
  lastUid: null,
  connection: DEFAULT_CONNECTION_SETTINGS,
  locale: 'system',
  theme: 'system',
};
