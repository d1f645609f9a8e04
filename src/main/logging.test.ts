import { describe, expect, it, vi } from 'vitest';
import { createRedactor, REDACTED } from '../shared/redact';

// electron-log mocked: capture the hook and the scoped loggers without touching files.
const hooks: ((message: { data: unknown[] }) => { data: unknown[] })[] = [];
const scopes = new Map<string, Record<string, ReturnType<typeof vi.fn>>>();
const log = {
  hooks,
  transports: {
    file: { level: '', maxSize: 0, getFile: () => ({ path: '/logs/main.log' }) },
    console: { level: '' },
  },
  errorHandler: { startCatching: vi.fn() },
  scope: (name: string) => {
    const scoped = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    scopes.set(name, scoped);
    return scoped;
  },
};
vi.mock('electron-log/main', () => ({ default: log }));

const { initLogging, LOG_MAX_BYTES, logFilePath } = await import('./logging');

describe('initLogging', () => {
  it('rotates, names loggers by component and masks tokens before any transport', () => {
    const redactor = createRedactor();
    redactor.addSecret('live-token-999');
    const loggerFor = initLogging({ redactor });
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    expect(log.transports.console.level).toBe('warn');
    expect(log.errorHandler.startCatching).toHaveBeenCalledWith({ showDialog: false });

    loggerFor('ConnectionManager').info('connected', { uid: 'alice' });
    expect(scopes.get('ConnectionManager')?.info).toHaveBeenCalledWith('connected', {
      uid: 'alice',
    });

    const [hook] = hooks;
    const out = hook?.({ data: ['auth with live-token-999', { token: 'x', uid: 'alice' }] });
    expect(out?.data).toEqual([`auth with ${REDACTED}`, { token: REDACTED, uid: 'alice' }]);
    expect(logFilePath()).toBe('/logs/main.log');
  });
});
