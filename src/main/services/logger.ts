/**
 * The logging surface services depend on. The Electron build backs it with electron-log
 * (src/main/logging.ts); Node hosts and tests pass a console-backed or silent one.
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export type LoggerFactory = (component: string) => Logger;

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export const silentLoggerFactory: LoggerFactory = () => silentLogger;
