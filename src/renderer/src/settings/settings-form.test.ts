import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import {
  mergeChangedSettings,
  sameFields,
  settingsToFields,
  validateSettings,
} from './settings-form';

const fields = settingsToFields({
  ...DEFAULT_SETTINGS,
  connection: { ...DEFAULT_SETTINGS.connection, reconnectIntervalMs: 100 },
});

describe('settings form', () => {
  it('shows durations in seconds and unlimited attempts as empty', () => {
    expect(fields).toMatchObject({
      connectTimeout: '10',
      heartbeat: '25',
      reconnectInterval: '0.1',
      maxAttempts: '',
    });
  });

  it('turns seconds back into milliseconds and empty into unlimited', () => {
    const result = validateSettings({
      ...fields,
      heartbeat: '30',
      maxAttempts: '',
      locale: 'zh-CN',
      theme: 'dark',
    });
    expect(result).toEqual({
      ok: true,
      patch: {
        connection: {
          connectTimeoutMs: 10_000,
          heartbeatIntervalMs: 30_000,
          autoReconnect: true,
          maxReconnectAttempts: null,
          reconnectIntervalMs: 100,
        },
        locale: 'zh-CN',
        theme: 'dark',
        apiBaseUrl: '',
      },
    });
  });

  it('reports each out-of-range field with its bound in the unit people see', () => {
    const result = validateSettings({
      ...fields,
      connectTimeout: '0.5',
      heartbeat: '200',
      maxAttempts: '2.5',
      reconnectInterval: 'soon',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        connectTimeout: { key: 'validation.atLeastSeconds', values: { value: 1 } },
        heartbeat: { key: 'validation.heartbeatMax', values: { value: 170 } },
        maxAttempts: { key: 'validation.wholeNumber' },
        reconnectInterval: { key: 'validation.number' },
      },
    });
  });

  it('bounds max attempts', () => {
    const result = validateSettings({ ...fields, maxAttempts: '0' });
    expect(result).toEqual({
      ok: false,
      errors: { maxAttempts: { key: 'validation.atLeast', values: { value: 1 } } },
    });
  });
});

describe('API base URL (offline sync)', () => {
  it('is empty by default (derived from the server) and saved trimmed when set', () => {
    expect(fields.apiBaseUrl).toBe('');
    const result = validateSettings({ ...fields, apiBaseUrl: ' https://api.example.com:5001 ' });
    expect(result).toMatchObject({
      ok: true,
      patch: { apiBaseUrl: 'https://api.example.com:5001' },
    });
  });

  it('refuses anything but a full http(s) URL, with the URL message', () => {
    for (const bad of ['api.example.com', 'ftp://api.example.com', 'http://u:p@h:5001']) {
      expect(validateSettings({ ...fields, apiBaseUrl: bad })).toEqual({
        ok: false,
        errors: { apiBaseUrl: { key: 'validation.url' } },
      });
    }
  });
});

describe('mergeChangedSettings', () => {
  it('takes new values for untouched fields and keeps edited ones', () => {
    const shown = settingsToFields(DEFAULT_SETTINGS);
    const incoming = settingsToFields({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      connection: { ...DEFAULT_SETTINGS.connection, heartbeatIntervalMs: 40_000 },
    });
    const current = { ...shown, heartbeat: '30' };
    expect(mergeChangedSettings(current, shown, incoming)).toEqual({
      ...incoming,
      heartbeat: '30',
    });
    expect(sameFields(shown, settingsToFields(DEFAULT_SETTINGS))).toBe(true);
    expect(sameFields(shown, incoming)).toBe(false);
  });
});
