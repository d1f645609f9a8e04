import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  SEND_CHANNELS,
  parseInvokePayload,
  parseSendPayload,
  type EventChannel,
  type EventValue,
  type InvokeChannel,
  type InvokeResult,
  type SendChannel,
} from '../../shared/ipc-contract';
import type { AppServices } from './app-services';

/** One invoke handler: takes the raw payload, validates it, answers with the channel's result. */
export type InvokeHandler<C extends InvokeChannel = InvokeChannel> = (
  payload: unknown,
) => Promise<InvokeResult<C>>;
export type SendHandler = (payload: unknown) => void;

export interface IpcHandlers {
  invoke: { [C in InvokeChannel]: InvokeHandler<C> };
  send: Record<SendChannel, SendHandler>;
}

/**
 * Every channel of the contract mapped to the service call behind it, payload validated first
 * (InvalidPayloadError names the bad field). Transport-free: the Electron ipc-registrar and the
 * browser test host's WebSocket both serve exactly these.
 */
export function createIpcHandlers(services: AppServices): IpcHandlers {
  const C = INVOKE_CHANNELS;
  const handle =
    <K extends InvokeChannel>(
      channel: K,
      run: (
        payload: ReturnType<typeof parseInvokePayload<K>>,
      ) => InvokeResult<K> | Promise<InvokeResult<K>>,
    ): InvokeHandler<K> =>
    async (payload) =>
      run(parseInvokePayload(channel, payload));

  const invoke: IpcHandlers['invoke'] = {
    [C.getSnapshot]: handle(C.getSnapshot, () => services.getSnapshot()),
    [C.connect]: handle(C.connect, () => services.connect()),
    [C.disconnect]: handle(C.disconnect, () => services.disconnect()),
    [C.retryNow]: handle(C.retryNow, () => services.retryNow()),
    [C.getAccount]: handle(C.getAccount, () => services.getAccount()),
    [C.getSignInDefaults]: handle(C.getSignInDefaults, () => services.getSignInDefaults()),
    [C.signIn]: handle(C.signIn, (request) => services.signIn(request)),
    [C.signOut]: handle(C.signOut, () => services.signOut()),
    [C.getSettings]: handle(C.getSettings, () => services.getSettings()),
    [C.updateSettings]: handle(C.updateSettings, (patch) => services.updateSettings(patch)),
    [C.getDiagnostics]: handle(C.getDiagnostics, () => services.getDiagnostics()),
    [C.exportDiagnostics]: handle(C.exportDiagnostics, () => services.exportDiagnostics()),
    [C.quit]: handle(C.quit, () => services.quit()),
    [C.sendMessage]: handle(C.sendMessage, ({ channel, text }) =>
      services.sendMessage(channel, text),
    ),
    [C.retryMessage]: handle(C.retryMessage, ({ clientMsgNo }) =>
      services.retryMessage(clientMsgNo),
    ),
    [C.deleteMessage]: handle(C.deleteMessage, ({ clientMsgNo }) =>
      services.deleteMessage(clientMsgNo),
    ),
    [C.listMessages]: handle(C.listMessages, ({ channel, ...options }) =>
      services.listMessages(channel, options),
    ),
    [C.searchMessages]: handle(C.searchMessages, ({ query, ...options }) =>
      services.searchMessages(query, options),
    ),
    [C.listChannels]: handle(C.listChannels, () => services.listChannels()),
    [C.markRead]: handle(C.markRead, ({ channel }) => services.markRead(channel)),
    [C.getStorageIssues]: handle(C.getStorageIssues, () => services.getStorageIssues()),
    [C.openExternal]: handle(C.openExternal, ({ url }) => services.openExternal(url)),
    [C.getUpdateState]: handle(C.getUpdateState, () => services.getUpdateState()),
    [C.restartToUpdate]: handle(C.restartToUpdate, () => services.restartToUpdate()),
  };

  const send: IpcHandlers['send'] = {
    [SEND_CHANNELS.reportNetwork]: (payload) =>
      services.setNetworkOnline(parseSendPayload(SEND_CHANNELS.reportNetwork, payload)),
  };

  return { invoke, send };
}

/**
 * Forwards the services' events to a transport (webContents.send, a WebSocket) on the contract's
 * event channels. Returns a function that stops forwarding.
 */
export function forwardEvents(
  services: AppServices,
  emit: <C extends EventChannel>(channel: C, value: EventValue<C>) => void,
): () => void {
  const offSnapshot = services.onSnapshot((snapshot) => emit(EVENT_CHANNELS.snapshot, snapshot));
  const offKick = services.onKick((kick) => emit(EVENT_CHANNELS.kick, kick));
  const offMessage = services.onMessage((entry) => emit(EVENT_CHANNELS.message, entry));
  const offChannel = services.onChannel((summary) => emit(EVENT_CHANNELS.channel, summary));
  const offIssue = services.onStorageIssue((issue) => emit(EVENT_CHANNELS.storageIssue, issue));
  const offSettings = services.onSettings((settings) => emit(EVENT_CHANNELS.settings, settings));
  const offUpdate = services.onUpdateState((state) => emit(EVENT_CHANNELS.updateState, state));
  const offSync = services.onSyncStatus((status) => emit(EVENT_CHANNELS.syncStatus, status));
  return () => {
    offSync();
    offUpdate();
    offSnapshot();
    offKick();
    offMessage();
    offChannel();
    offIssue();
    offSettings();
  };
}
