import log from 'electron-log/main';
import type { Logger, LoggerFactory } from './services/logger';
import type { Redactor } from '../shared/redact';

/** Rotate at 5 MB: electron-log keeps one archive (main.old.log), so at most ~10 MB on disk. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export interface LoggingOptions {
  redactor: Redactor;
  /** Test builds log debug to the console too; release builds keep the console quiet. */
  verbose?: boolean;
}

/**
 * electron-log for the whole main process: one file with rotation, a scope per component
 * (`[ConnectionManager] …`), and a hook that masks tokens in every message before any transport
 * sees it.
 */
export function initLogging(options: LoggingOptions): LoggerFactory {
  log.transports.file.level = 'info';
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.console.level = options.verbose ? 'debug' : 'warn';
  log.hooks.push((message) => ({ ...message, data: options.redactor.redact(message.data) }));
  log.errorHandler.startCatching({ showDialog: false });
  return createLoggerFactory();
}

export function createLoggerFactory(): LoggerFactory {
  return (component: string): Logger => {
    const scoped = log.scope(component);
    return {
      debug: (message, ...details) => scoped.debug(message, ...details),
      info: (message, ...details) => scoped.info(message, ...details),
      warn: (message, ...details) => scoped.warn(message, ...details),
      error: (message, ...details) => scoped.error(message, ...details),
    };
  };
}

/** Where the log file lives, for the diagnostics screen and bug reports. */
export function logFilePath(): string | null {
  try {
    return log.transports.file.getFile().path;
  } catch {
    return null;
  }
}
