import {
  DEFAULT_SETTINGS,
  connectionSettingsSchema,
  settingsSchema,
  type ConnectionSettings,
  type Settings,
} from '../../shared/settings';

export interface SanitizedSettings {
  settings: Settings;
  /** Fields that were present but invalid and were replaced by their defaults ("connection.connectTimeoutMs"). */
  resetFields: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns whatever was stored into valid settings, field by field: a valid field is kept, a missing
 * one (an older file) gets its default silently, an invalid one gets its default and is reported.
 * One bad value never costs the user the rest of their settings.
 */
export function sanitizeSettings(raw: unknown): SanitizedSettings {
  if (raw === undefined) return { settings: structuredClone(DEFAULT_SETTINGS), resetFields: [] };
  if (!isRecord(raw)) return { settings: structuredClone(DEFAULT_SETTINGS), resetFields: ['*'] };

  const resetFields: string[] = [];
  const pick = <K extends keyof Settings>(key: K): Settings[K] => {
    if (!(key in raw)) return structuredClone(DEFAULT_SETTINGS[key]);
    const parsed = settingsSchema.shape[key].safeParse(raw[key]);
    if (parsed.success) return parsed.data as Settings[K];
    resetFields.push(key);
    return structuredClone(DEFAULT_SETTINGS[key]);
  };

  const connection = sanitizeConnection(raw.connection, resetFields);
  const settings: Settings = {
    server: pick('server'),
    lastUid: pick('lastUid'),
    connection,
    locale: pick('locale'),
    theme: pick('theme'),
  };
  const apiBaseUrl = pick('apiBaseUrl');
  if (apiBaseUrl) settings.apiBaseUrl = apiBaseUrl;
  return { settings, resetFields };
}

function sanitizeConnection(raw: unknown, resetFields: string[]): ConnectionSettings {
  const defaults = DEFAULT_SETTINGS.connection;
  if (raw === undefined) return { ...defaults };
  if (!isRecord(raw)) {
    resetFields.push('connection');
    return { ...defaults };
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof ConnectionSettings)[]) {
    if (!(key in raw)) {
      out[key] = defaults[key];
      continue;
    }
    const parsed = connectionSettingsSchema.shape[key].safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
    else {
      resetFields.push(`connection.${key}`);
      out[key] = defaults[key];
    }
  }
  return out as ConnectionSettings;
}
