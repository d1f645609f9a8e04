/**
 * The main process without Electron: the real app services, ConnectionManager and IPC handlers
 * (validation included) behind the HostBackend interface the WebSocket side speaks. Settings and
 * the encrypted token live in the data folder, so a host restarted on the same folder behaves like
 * a restarted app.
 */
import { join } from 'node:path';
import {
  createAppServices,
  createEncryptedSecretStore,
  createIpcHandlers,
  createJsonFileSettingsRepository,
  forwardEvents,
  isInvokeChannel,
  isSendChannel,
} from './services-imports';
import type {
  AppServices,
  ConnectionManagerOptions,
  Logger,
  SignInDefaults,
} from './services-imports';
import { ConnectionManager } from './services-imports';
import type { HostBackend } from './host-server';
import { createJsonSecretPersistence, createTestKeychain } from './test-keychain';

export interface ServicesBackendOptions {
  dataDir: string;
  signInDefaults?: SignInDefaults;
  /** Manager options the settings cannot reach (a short pong timeout in tests). */
  managerOverrides?: Partial<ConnectionManagerOptions>;
  logger?: Logger;
  appVersion?: string;
  /** The page asked the app to quit (the Quit button). */
  onQuit?: () => void;
}

export interface ServicesBackend extends HostBackend {
  readonly services: AppServices;
  /** Closes the connection for good, like quitting the app; resolves once the stores are closed. */
  shutdown(): Promise<void>;
}

export class UnknownChannelError extends Error {
  override readonly name = 'UnknownChannelError';
  constructor(channel: string) {
    super(`Unknown channel: ${channel}`);
  }
}

export function createServicesBackend(options: ServicesBackendOptions): ServicesBackend {
  const { dataDir } = options;
  const settings = createJsonFileSettingsRepository(join(dataDir, 'settings.json'), {
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const secrets = createEncryptedSecretStore({
    encryptor: createTestKeychain(join(dataDir, 'test-keychain.key')),
    persistence: createJsonSecretPersistence(join(dataDir, 'secrets.json')),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const services = createAppServices({
    createManager: (managerOptions) => new ConnectionManager(managerOptions),
    settings,
    secrets,
    // In the data folder, so a host restarted on it finds the outbox, like a restarted app.
    messagesDir: join(dataDir, 'messages'),
    appVersion: options.appVersion ?? '0.0.0-web-host',
    platform: `web-host (${process.platform})`,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.signInDefaults ? { signInDefaults: options.signInDefaults } : {}),
    ...(options.managerOverrides ? { managerOverrides: options.managerOverrides } : {}),
    saveDiagnostics: async () => null,
    quit: () => options.onQuit?.(),
  });
  const handlers = createIpcHandlers(services);
  const eventListeners = new Set<(channel: string, value: unknown) => void>();
  forwardEvents(services, (channel, value) => {
    for (const listener of eventListeners) listener(channel, value);
  });
  void services.start();

  return {
    services,
    invoke(channel, payload) {
      if (!isInvokeChannel(channel)) return Promise.reject(new UnknownChannelError(channel));
      const handler = handlers.invoke[channel] as (payload: unknown) => Promise<unknown>;
      return handler(payload);
    },
    send(channel, payload) {
      if (!isSendChannel(channel)) throw new UnknownChannelError(channel);
      handlers.send[channel](payload);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    shutdown: () => services.shutdown(),
  };
}
