import type { WukongApi } from '../shared/bridge-api';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-channels';
import {
  EVENT_NAMES,
  INVOKE_VERBS,
  SEND_VERBS,
  eventVerb,
  invokePayload,
} from '../shared/ipc-verbs';

/**
 * How the bridge reaches the main process. Electron IPC in the app (preload/index.ts); a WebSocket
 * in browser-hosted tests. `on` must hand over only the value, never a transport event object,
 * and return a function that removes exactly that listener.
 */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  on(channel: string, listener: (value: unknown) => void): () => void;
}

/**
 * Builds window.wukong from a transport: named verbs only, never the transport itself. Payloads are
 * validated in the main process (the renderer is not trusted), so this file stays free of zod and
 * keeps the sandboxed preload bundle small.
 */
export function createWukongApi(transport: BridgeTransport): WukongApi {
  const call = async <T>(channel: string, payload?: unknown): Promise<T> =>
    (await transport.invoke(channel, payload)) as T;

  const subscribe = <T>(channel: string, listener: (value: T) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let active = true;
    const off = transport.on(channel, (value) => {
      if (active) listener(value as T);
    });
    // Idempotent: calling the unsubscribe twice must not remove someone else's listener.
    return () => {
      if (!active) return;
      active = false;
      off();
    };
  };

  // Built from the contract's tables, so every verb goes to its own channel (ipc-verbs.ts).
  const api: Record<string, unknown> = {};
  for (const verb of INVOKE_VERBS) {
    const channel = INVOKE_CHANNELS[verb];
    // Positional arguments become one payload object: the contract validates a single value.
    api[verb] = (...args: unknown[]) => call(channel, invokePayload(verb, args));
  }
  for (const verb of SEND_VERBS) {
    const channel = SEND_CHANNELS[verb];
    api[verb] = (payload: unknown) => transport.send(channel, payload);
  }
  for (const event of EVENT_NAMES) {
    const channel = EVENT_CHANNELS[event];
    api[eventVerb(event)] = (listener: (value: unknown) => void) => subscribe(channel, listener);
  }
  // The loops above cover exactly the derived verbs (bridge-factory.test.ts checks the keys).
  return Object.freeze(api) as unknown as WukongApi;
}
