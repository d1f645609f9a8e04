import {
  apiBaseUrlSchema,
  connectionSettingsSchema,
  type ConnectionSettings,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings';
import type { FieldErrors, Message } from '../i18n/message';

/** The form's text fields; durations are seconds for people, milliseconds in settings. */
export interface SettingsFields {
  connectTimeout: string;
  heartbeat: string;
  autoReconnect: boolean;
  /** empty = unlimited */
  maxAttempts: string;
  reconnectInterval: string;
  locale: Settings['locale'];
  theme: Settings['theme'];
  /** empty = derived from the server address */
  apiBaseUrl: string;
}

export type SettingsField =
  'connectTimeout' | 'heartbeat' | 'maxAttempts' | 'reconnectInterval' | 'apiBaseUrl';

const FIELD_OF: Record<keyof ConnectionSettings, SettingsField | null> = {
  connectTimeoutMs: 'connectTimeout',
  heartbeatIntervalMs: 'heartbeat',
  autoReconnect: null,
  maxReconnectAttempts: 'maxAttempts',
  reconnectIntervalMs: 'reconnectInterval',
};

function seconds(ms: number): string {
  // 100 ms -> "0.1", 25000 ms -> "25": no float noise such as 0.30000000000000004.
  return String(Number((ms / 1000).toFixed(3)));
}

export function settingsToFields(settings: Settings): SettingsFields {
  const c = settings.connection;
  return {
    connectTimeout: seconds(c.connectTimeoutMs),
    heartbeat: seconds(c.heartbeatIntervalMs),
    autoReconnect: c.autoReconnect,
    maxAttempts: c.maxReconnectAttempts === null ? '' : String(c.maxReconnectAttempts),
    reconnectInterval: seconds(c.reconnectIntervalMs),
    locale: settings.locale,
    theme: settings.theme,
    apiBaseUrl: settings.apiBaseUrl ?? '',
  };
}

/** A number typed by a person: digits with an optional decimal part, nothing else. */
function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

function rangeMessage(field: SettingsField, code: string, bound: number): Message {
  const inSeconds = field !== 'maxAttempts';
  const value = inSeconds ? Number((bound / 1000).toFixed(3)) : bound;
  if (code === 'too_small') {
    return {
      key: inSeconds ? 'validation.atLeastSeconds' : 'validation.atLeast',
      values: { value },
    };
  }
  if (field === 'heartbeat') return { key: 'validation.heartbeatMax', values: { value } };
  return { key: inSeconds ? 'validation.atMostSeconds' : 'validation.atMost', values: { value } };
}

export type SettingsValidation =
  { ok: true; patch: SettingsPatch } | { ok: false; errors: FieldErrors<SettingsField> };

/** Validates with the shared zod schema; the messages are keys so they follow the UI language. */
export function validateSettings(fields: SettingsFields): SettingsValidation {
  const errors: FieldErrors<SettingsField> = {};
  const numbers: Partial<Record<SettingsField, number>> = {};
  for (const field of [
    'connectTimeout',
    'heartbeat',
    'reconnectInterval',
    'maxAttempts',
  ] as const) {
    if (field === 'maxAttempts' && fields.maxAttempts.trim() === '') continue;
    const value = parseNumber(fields[field]);
    if (value === null) errors[field] = { key: 'validation.number' };
    else numbers[field] = value;
  }
  const ms = (value: number | undefined): number => Math.round((value ?? Number.NaN) * 1000);
  const candidate: ConnectionSettings = {
    connectTimeoutMs: ms(numbers.connectTimeout),
    heartbeatIntervalMs: ms(numbers.heartbeat),
    autoReconnect: fields.autoReconnect,
    maxReconnectAttempts: numbers.maxAttempts ?? null,
    reconnectIntervalMs: ms(numbers.reconnectInterval),
  };
  const result = connectionSettingsSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = FIELD_OF[issue.path[0] as keyof ConnectionSettings] ?? null;
      if (!field || errors[field]) continue;
      if (issue.code === 'too_small')
        errors[field] = rangeMessage(field, issue.code, Number(issue.minimum));
      else if (issue.code === 'too_big')
        errors[field] = rangeMessage(field, issue.code, Number(issue.maximum));
      else if (field === 'maxAttempts') errors[field] = { key: 'validation.wholeNumber' };
      else errors[field] = { key: 'validation.invalid' };
    }
  }
  const apiBaseUrl = apiBaseUrlSchema.safeParse(fields.apiBaseUrl);
  if (!apiBaseUrl.success) errors.apiBaseUrl = { key: 'validation.url' };
  if (Object.keys(errors).length > 0 || !result.success || !apiBaseUrl.success)
    return { ok: false, errors };
  return {
    ok: true,
    patch: {
      connection: result.data,
      locale: fields.locale,
      theme: fields.theme,
      apiBaseUrl: apiBaseUrl.data,
    },
  };
}

/**
 * The form after the settings changed elsewhere while it was open: fields the person has not
 * touched (still equal to what the form last showed) take the new values; edits are kept.
 */
export function mergeChangedSettings(
  current: SettingsFields,
  shown: SettingsFields,
  incoming: SettingsFields,
): SettingsFields {
  const merged = { ...current };
  for (const key of Object.keys(incoming) as Array<keyof SettingsFields>) {
    if (current[key] === shown[key]) Object.assign(merged, { [key]: incoming[key] });
  }
  return merged;
}

export function sameFields(a: SettingsFields, b: SettingsFields): boolean {
  return (Object.keys(a) as Array<keyof SettingsFields>).every((key) => a[key] === b[key]);
}
