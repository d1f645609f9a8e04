/**
 * The web project's "app": the built renderer over http plus the real main-process services behind
 * a same-origin WebSocket. Power and network events are raised here, on the host, the way Electron's
 * powerMonitor and network hooks raise them in the app's main process.
 */
import { mkdirSync } from 'node:fs';
import { startHostServer } from './host-server';
import { createServicesBackend } from './services-backend';
import type { ServicesBackendOptions } from './services-backend';
import type { AppServices } from './services-imports';

export interface WebHostOptions extends ServicesBackendOptions {
  /** the built renderer (out/renderer or the suite's own build) */
  rendererDir: string;
  /** 0 (default) = a free port */
  port?: number;
  onError?: (error: unknown) => void;
}

export interface WebHost {
  /** open this in the browser */
  readonly url: string;
  readonly port: number;
  readonly services: AppServices;
  /** pages connected to the host right now */
  readonly clientCount: number;
  suspend(): void;
  resume(): void;
  screenUnlocked(): void;
  setNetworkOnline(online: boolean): void;
  /** like quitting the app: the connection closes for good, then the server stops */
  stop(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const backend = createServicesBackend(options);
  let server;
  try {
    server = await startHostServer({
      rendererDir: options.rendererDir,
      backend,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  } catch (error) {
    await backend.shutdown();
    throw error;
  }
  const { services } = backend;
  const http = server;
  return {
    url: http.url,
    port: http.port,
    services,
    get clientCount() {
      return http.clientCount;
    },
    suspend: () => services.suspend(),
    resume: () => services.resume(),
    screenUnlocked: () => services.screenUnlocked(),
    setNetworkOnline: (online) => services.setNetworkOnline(online),
    async stop() {
      // Stores closed before a restarted host opens the same folder.
      await backend.shutdown();
      await http.stop();
    },
  };
}
