// Main-process services without Electron: shared by the app (src/main/index.ts) and by the
// browser test host that serves the renderer over a WebSocket.
export * from './app-services';
export * from './device-id';
export * from './ipc-handlers';
export * from './logger';
export * from '../../shared/redact';
export * from './secret-store';
export * from './settings-repository';
export * from './settings-sanitize';
export * from './sign-in-defaults';
