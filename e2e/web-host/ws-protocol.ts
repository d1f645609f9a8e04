/**
 * The messages between the browser bridge and the web host, one JSON object per WebSocket frame.
 * They mirror Electron IPC: invoke (answered), send (fire and forget), event (host -> page).
 */
export const HOST_WS_PATH = '/wukong-ipc';
export const BRIDGE_SCRIPT_PATH = '/wukong-bridge.js';
/** Query parameter of the page URL (and of the WebSocket URL) holding the host's per-run secret. */
export const SECRET_PARAM = 'k';
/** Larger bridge frames are refused: the biggest legitimate call (a long message) is far below. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export type ClientMessage =
  /** the page checking that the host still answers (see link-watch.ts) */
  | { kind: 'ping' }
  | { kind: 'invoke'; id: number; channel: string; payload?: unknown }
  | { kind: 'send'; channel: string; payload?: unknown };

export type HostMessage =
  | { kind: 'pong' }
  | { kind: 'result'; id: number; ok: true; value?: unknown }
  | { kind: 'result'; id: number; ok: false; error: { name: string; message: string } }
  | { kind: 'event'; channel: string; value: unknown };

/** Parses one frame from the page; anything malformed yields a reason instead of throwing. */
export function parseClientMessage(raw: string): ClientMessage | { invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { invalid: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { invalid: 'not an object' };
  const message = value as Record<string, unknown>;
  if (message.kind === 'ping') return { kind: 'ping' };
  if (typeof message.channel !== 'string') return { invalid: 'channel must be a string' };
  if (message.kind === 'send') {
    return { kind: 'send', channel: message.channel, payload: message.payload };
  }
  if (message.kind === 'invoke') {
    if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) {
      return { invalid: 'invoke id must be an integer' };
    }
    return { kind: 'invoke', id: message.id, channel: message.channel, payload: message.payload };
  }
  return { invalid: 'kind must be invoke, send or ping' };
}
