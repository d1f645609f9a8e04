import type { EventChannel, InvokeChannel, SendChannel } from './ipc-channels';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from './ipc-channels';
import type { EventValue, InvokeInput, InvokeResult, SendPayload } from './ipc-contract';
import type { ChannelRef, ListMessagesOptions } from './messages';
import type { SearchOptions } from './search';

/**
 * The renderer's verbs, derived from the IPC contract: `window.wukong.<verb>` invokes the verb's
 * channel in INVOKE_CHANNELS with the contract's payload and answers the contract's result;
 * `on<Event>` listens on EVENT_CHANNELS; SEND_CHANNELS verbs fire and forget. Adding a verb is a
 * contract entry (channel name + schemas), its handler in the main process, and the renderer's
 * use; the bridge follows by itself, so a verb cannot be wired to a wrong channel.
 * Zod-free at run time (types only from ipc-contract), so the sandboxed preload can import it.
 */

export type InvokeVerb = keyof typeof INVOKE_CHANNELS;
export type SendVerb = keyof typeof SEND_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;
type ChannelOf<V extends InvokeVerb> = (typeof INVOKE_CHANNELS)[V];

/**
 * Verbs whose arguments are not the payload itself: how their arguments become the one payload
 * the contract validates. Every other verb takes the payload as its only argument (or none).
 */
export const PAYLOAD_SHAPERS = {
  sendMessage: (channel: ChannelRef, text: string) => ({ channel, text }),
  retryMessage: (clientMsgNo: string) => ({ clientMsgNo }),
  deleteMessage: (clientMsgNo: string) => ({ clientMsgNo }),
  listMessages: (channel: ChannelRef, options?: ListMessagesOptions) =>
    // The renderer may hand over junk: definedOnly passes it on for the main process to refuse.
    ({ channel, ...definedOnly(options) }) as InvokeInput<ChannelOf<'listMessages'>>,
  markRead: (channel: ChannelRef) => ({ channel }),
  searchMessages: (query: string, options?: SearchOptions) =>
    ({ query, ...definedOnly(options) }) as InvokeInput<ChannelOf<'searchMessages'>>,
  openExternal: (url: string) => ({ url }),
} satisfies { [V in InvokeVerb]?: (...args: never[]) => InvokeInput<ChannelOf<V>> };

type Shaped = typeof PAYLOAD_SHAPERS;

/** A verb taking its payload as is: none for the contract's no-payload calls. */
type PayloadVerb<C extends InvokeChannel> =
  undefined extends InvokeInput<C>
    ? () => Promise<InvokeResult<C>>
    : (payload: InvokeInput<C>) => Promise<InvokeResult<C>>;

export type InvokeVerbs = {
  [V in InvokeVerb]: V extends keyof Shaped
    ? (...args: Parameters<Shaped[V]>) => Promise<InvokeResult<ChannelOf<V>>>
    : PayloadVerb<ChannelOf<V>>;
};

export type SendVerbs = {
  [V in SendVerb]: (payload: SendPayload<(typeof SEND_CHANNELS)[V]>) => void;
};

/** `onSnapshot` for EVENT_CHANNELS.snapshot: hands over only the value, returns the unsubscribe. */
export type EventVerbs = {
  [E in EventName as `on${Capitalize<E>}`]: (
    listener: (value: EventValue<(typeof EVENT_CHANNELS)[E]>) => void,
  ) => () => void;
};

/** The subscription verb of an event: snapshot -> onSnapshot. */
export function eventVerb<E extends EventName>(event: E): `on${Capitalize<E>}` {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as `on${Capitalize<E>}`;
}

/** The payload one invoke verb sends for its arguments. */
export function invokePayload(verb: InvokeVerb, args: readonly unknown[]): unknown {
  if (Object.hasOwn(PAYLOAD_SHAPERS, verb)) {
    const shape = PAYLOAD_SHAPERS[verb as keyof Shaped] as (...values: unknown[]) => unknown;
    return shape(...args);
  }
  return args[0];
}

export const INVOKE_VERBS = Object.keys(INVOKE_CHANNELS) as InvokeVerb[];
export const SEND_VERBS = Object.keys(SEND_CHANNELS) as SendVerb[];
export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[];

export type { EventChannel, SendChannel };

/**
 * The options without undefined values, so `{ limit: undefined }` reaches the main process the same
 * over Electron's structured clone and over JSON. Anything that is not an object is passed on as is,
 * for the main process to refuse by name.
 */
function definedOnly(options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') return { options };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
