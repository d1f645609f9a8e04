import { z } from 'zod';
import { CONNECTION_REASONS, CONNECTION_STATUSES } from './connection';
import { contentDetailsSchema } from './content-details-schema';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from './ipc-channels';
import { syncStatusSchema } from './sync-status';
import type { EventChannel, InvokeChannel, SendChannel } from './ipc-channels';
import { MAX_CHANNEL_ID_LENGTH, MAX_LIST_LIMIT, MAX_MESSAGE_TEXT_LENGTH } from './messages';
import type {
  ChannelRef,
  ChannelSummary,
  FailReason,
  HistoryEntry,
  ListMessagesOptions,
  MessageState,
  StorageIssueInfo,
} from './messages';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_QUERY_LENGTH } from './search';
import type { SearchHit, SearchOptions } from './search';
import { serverAddressSchema, settingsPatchSchema, settingsSchema, TLS_MODES } from './settings';

export * from './ipc-channels';

/**
 * The IPC contract: for every channel in ipc-channels.ts, the schema of what the renderer may send
 * and of what comes back. The main process validates every payload against it (ipc-registrar in
 * Electron, the WebSocket host in browser tests); results are typed by it and checked in tests.
 */

/** Calls without arguments: the renderer sends `undefined` (JSON transports may send null). */
const noPayload = z.union([z.undefined(), z.null()]).transform(() => undefined);

export const connectionSnapshotSchema = z.object({
  seq: z.number().int().nonnegative(),
  status: z.enum(CONNECTION_STATUSES),
  reason: z.enum(CONNECTION_REASONS),
  serverReasonCode: z.number().int().nullable(),
  serverReasonText: z.string().nullable(),
  attempt: z.number().int().nonnegative(),
  maxAttempts: z.number().int().nullable(),
  nextRetryAt: z.number().nullable(),
  address: z.string().nullable(),
  protocolVersion: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  lastRttMs: z.number().nullable(),
  networkOnline: z.boolean(),
  at: z.number(),
});

export const kickEventSchema = z.object({
  reasonCode: z.number().int(),
  reasonText: z.string(),
  at: z.number(),
});

export const diagnosticsEntrySchema = z.object({
  at: z.number(),
  event: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  reason: z.enum(CONNECTION_REASONS),
  serverReasonCode: z.number().int().nullable().optional(),
  attempt: z.number().int().optional(),
  delayMs: z.number().optional(),
  address: z.string().nullable().optional(),
  rttMs: z.number().optional(),
  detail: z.string().optional(),
});

export const STORAGE_ISSUE_KINDS = ['corrupt', 'unreadable', 'writeFailed'] as const;

export const storageIssueInfoSchema = z.object({
  kind: z.enum(STORAGE_ISSUE_KINDS),
  file: z.string(),
  movedTo: z.string().optional(),
  badLines: z.number().int().nonnegative().optional(),
  keptRecords: z.number().int().nonnegative().optional(),
  detail: z.string().optional(),
  at: z.number(),
});

export const updateStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('off') }),
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('checking') }),
  z.object({ kind: z.literal('downloading'), version: z.string() }),
  z.object({ kind: z.literal('ready'), version: z.string() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);

/** A link the user clicked: http(s) only, no credentials, of a sane length. */
export const openExternalRequestSchema = z
  .object({
    url: z
      .string()
      .max(2048, 'Link too long')
      .refine((text) => {
        try {
          const url = new URL(text);
          return (
            (url.protocol === 'http:' || url.protocol === 'https:') &&
            url.username === '' &&
            url.password === ''
          );
        } catch {
          return false;
        }
      }, 'Only http(s) links without a user name or password open outside the app'),
  })
  .strict();

/** The lock state: TLS mode of the server, whether the open link is verified TLS, the sandbox. */
export const securityStateSchema = z.object({
  tls: z.enum(TLS_MODES),
  encrypted: z.boolean(),
  /** false: the app runs without Chromium's sandbox (--no-sandbox); null: unknown (web host) */
  sandboxed: z.boolean().nullable(),
});

export const diagnosticsReportSchema = z.object({
  snapshot: connectionSnapshotSchema,
  entries: z.array(diagnosticsEntrySchema),
  appVersion: z.string(),
  platform: z.string(),
  storageIssues: z.array(storageIssueInfoSchema).optional(),
  security: securityStateSchema.optional(),
});

export const accountInfoSchema = z.object({
  uid: z.string().nullable(),
  server: serverAddressSchema.nullable(),
  hasToken: z.boolean(),
  secureStorageAvailable: z.boolean(),
});

export const signInDefaultsSchema = z.object({
  server: serverAddressSchema.nullable(),
  uid: z.string().nullable(),
  token: z.string().nullable(),
});

export const signInRequestSchema = z
  .object({
    server: serverAddressSchema,
    uid: z.string().trim().min(1, 'Enter a user id').max(128, 'User id is at most 128 characters'),
    token: z.string().min(1, 'Enter a token').max(4096, 'Token is at most 4096 characters'),
  })
  .strict();

export const networkReportSchema = z.boolean();

// ---- messaging; mirrors src/shared/messages.ts (checked at compile time below)

export { MAX_CHANNEL_ID_LENGTH, MAX_LIST_LIMIT, MAX_MESSAGE_TEXT_LENGTH };
export const MAX_CLIENT_MSG_NO_LENGTH = 64;
export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'failed', 'received'] as const;
export const FAIL_REASONS = ['rejected', 'deadline', 'error'] as const;

export const channelRefSchema = z
  .object({
    channelId: z
      .string()
      .min(1, 'Enter a channel id')
      .max(MAX_CHANNEL_ID_LENGTH, `Channel id is at most ${MAX_CHANNEL_ID_LENGTH} characters`),
    channelType: z
      .number()
      .int('Channel type must be a whole number')
      .min(1, 'Channel type must be 1-255')
      .max(255, 'Channel type must be 1-255'),
  })
  .strict();

export const historyEntrySchema = z.object({
  channelId: z.string(),
  channelType: z.number().int(),
  clientMsgNo: z.string(),
  messageId: z.string().nullable(),
  messageSeq: z.string().nullable(),
  fromUid: z.string(),
  own: z.boolean(),
  contentType: z.number().int(),
  text: z.string(),
  timestamp: z.number(),
  state: z.enum(MESSAGE_STATES),
  order: z.number().int(),
  failReason: z.enum(FAIL_REASONS).optional(),
  failCode: z.number().int().optional(),
  content: contentDetailsSchema.optional(),
  synced: z.literal(true).optional(),
});

export const channelSummarySchema = z.object({
  channelId: z.string(),
  channelType: z.number().int(),
  lastMessage: historyEntrySchema.nullable(),
  unread: z.number().int().nonnegative(),
});

export const sendMessageRequestSchema = z
  .object({
    channel: channelRefSchema,
    text: z
      .string()
      .max(MAX_MESSAGE_TEXT_LENGTH, `A message is at most ${MAX_MESSAGE_TEXT_LENGTH} characters`)
      .refine((text) => text.trim().length > 0, 'Enter a message'),
  })
  .strict();

export const retryMessageRequestSchema = z
  .object({
    clientMsgNo: z
      .string()
      .min(1, 'Enter a clientMsgNo')
      .max(
        MAX_CLIENT_MSG_NO_LENGTH,
        `clientMsgNo is at most ${MAX_CLIENT_MSG_NO_LENGTH} characters`,
      ),
  })
  .strict();

export const listMessagesRequestSchema = z
  .object({
    channel: channelRefSchema,
    limit: z
      .number()
      .int('Limit must be a whole number')
      .min(1, `Limit must be 1-${MAX_LIST_LIMIT}`)
      .max(MAX_LIST_LIMIT, `Limit must be 1-${MAX_LIST_LIMIT}`)
      .optional(),
    beforeOrder: z.number().int('beforeOrder must be a whole number').optional(),
  })
  .strict();

export const searchMessagesRequestSchema = z
  .object({
    query: z
      .string()
      .max(MAX_SEARCH_QUERY_LENGTH, `A search is at most ${MAX_SEARCH_QUERY_LENGTH} characters`),
    limit: z
      .number()
      .int('Limit must be a whole number')
      .min(1, `Limit must be 1-${MAX_SEARCH_LIMIT}`)
      .max(MAX_SEARCH_LIMIT, `Limit must be 1-${MAX_SEARCH_LIMIT}`)
      .optional(),
    before: z.number().int('before must be a whole number').optional(),
  })
  .strict();

export const searchHitSchema = z.object({
  message: historyEntrySchema,
  snippet: z.string(),
  match: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

export const markReadRequestSchema = z.object({ channel: channelRefSchema }).strict();

// Compile-time: the schemas describe exactly the types the renderer is built against.
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Check<T extends true> = T;
export type _MessagingSchemasMatch = [
  Check<Same<z.output<typeof channelRefSchema>, ChannelRef>>,
  Check<Same<(typeof MESSAGE_STATES)[number], MessageState>>,
  Check<Same<(typeof FAIL_REASONS)[number], FailReason>>,
  Check<Same<z.output<typeof historyEntrySchema>, HistoryEntry>>,
  Check<Same<z.output<typeof channelSummarySchema>, ChannelSummary>>,
  Check<Same<z.output<typeof storageIssueInfoSchema>, StorageIssueInfo>>,
  Check<Same<Omit<z.output<typeof listMessagesRequestSchema>, 'channel'>, ListMessagesOptions>>,
  Check<Same<Omit<z.output<typeof searchMessagesRequestSchema>, 'query'>, SearchOptions>>,
  Check<Same<z.output<typeof searchHitSchema>, SearchHit>>,
];

export const invokeContract = {
  [INVOKE_CHANNELS.getSnapshot]: { payload: noPayload, result: connectionSnapshotSchema },
  [INVOKE_CHANNELS.connect]: { payload: noPayload, result: z.void() },
  [INVOKE_CHANNELS.disconnect]: { payload: noPayload, result: z.void() },
  [INVOKE_CHANNELS.retryNow]: { payload: noPayload, result: z.void() },
  [INVOKE_CHANNELS.getAccount]: { payload: noPayload, result: accountInfoSchema },
  [INVOKE_CHANNELS.getSignInDefaults]: { payload: noPayload, result: signInDefaultsSchema },
  [INVOKE_CHANNELS.signIn]: { payload: signInRequestSchema, result: z.void() },
  [INVOKE_CHANNELS.signOut]: { payload: noPayload, result: z.void() },
  [INVOKE_CHANNELS.getSettings]: { payload: noPayload, result: settingsSchema },
  [INVOKE_CHANNELS.updateSettings]: { payload: settingsPatchSchema, result: settingsSchema },
  [INVOKE_CHANNELS.getDiagnostics]: { payload: noPayload, result: diagnosticsReportSchema },
  [INVOKE_CHANNELS.exportDiagnostics]: { payload: noPayload, result: z.string().nullable() },
  [INVOKE_CHANNELS.quit]: { payload: noPayload, result: z.void() },
  [INVOKE_CHANNELS.openExternal]: { payload: openExternalRequestSchema, result: z.void() },
  [INVOKE_CHANNELS.getUpdateState]: { payload: noPayload, result: updateStateSchema },
  [INVOKE_CHANNELS.restartToUpdate]: {
    payload: noPayload,
    result: z.enum(['restarting', 'declined', 'not-ready']),
  },
  [INVOKE_CHANNELS.sendMessage]: { payload: sendMessageRequestSchema, result: historyEntrySchema },
  [INVOKE_CHANNELS.retryMessage]: {
    payload: retryMessageRequestSchema,
    result: historyEntrySchema,
  },
  [INVOKE_CHANNELS.deleteMessage]: { payload: retryMessageRequestSchema, result: z.void() },
  [INVOKE_CHANNELS.listMessages]: {
    payload: listMessagesRequestSchema,
    result: z.array(historyEntrySchema),
  },
  [INVOKE_CHANNELS.searchMessages]: {
    payload: searchMessagesRequestSchema,
    result: z.array(searchHitSchema),
  },
  [INVOKE_CHANNELS.listChannels]: { payload: noPayload, result: z.array(channelSummarySchema) },
  [INVOKE_CHANNELS.markRead]: { payload: markReadRequestSchema, result: z.void() },
  [INVOKE_CHANNELS.getStorageIssues]: {
    payload: noPayload,
    result: z.array(storageIssueInfoSchema),
  },
} satisfies Record<InvokeChannel, { payload: z.ZodType; result: z.ZodType }>;

export const sendContract = {
  [SEND_CHANNELS.reportNetwork]: { payload: networkReportSchema },
} satisfies Record<SendChannel, { payload: z.ZodType }>;

export const eventContract = {
  [EVENT_CHANNELS.snapshot]: { value: connectionSnapshotSchema },
  [EVENT_CHANNELS.kick]: { value: kickEventSchema },
  [EVENT_CHANNELS.message]: { value: historyEntrySchema },
  [EVENT_CHANNELS.channel]: { value: channelSummarySchema },
  [EVENT_CHANNELS.storageIssue]: { value: storageIssueInfoSchema },
  [EVENT_CHANNELS.settings]: { value: settingsSchema },
  [EVENT_CHANNELS.updateState]: { value: updateStateSchema },
  [EVENT_CHANNELS.syncStatus]: { value: syncStatusSchema },
} satisfies Record<EventChannel, { value: z.ZodType }>;

/** What a handler receives after validation. */
export type InvokePayload<C extends InvokeChannel> = z.output<
  (typeof invokeContract)[C]['payload']
>;
/** What the renderer may pass before validation. */
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['payload']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['result']>;
export type SendPayload<C extends SendChannel> = z.output<(typeof sendContract)[C]['payload']>;
export type EventValue<C extends EventChannel> = z.output<(typeof eventContract)[C]['value']>;

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(invokeContract, channel);
}

export function isSendChannel(channel: string): channel is SendChannel {
  return Object.hasOwn(sendContract, channel);
}

/** Thrown (and sent back to the renderer as its message) when a payload fails its schema. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  constructor(
    readonly channel: string,
    readonly issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ) {
    super(`Invalid request for ${channel}: ${formatIssues(issues)}`);
  }
}

/** Field names and messages can echo renderer-supplied keys of any size: errors and logs stay short. */
export const MAX_ISSUE_FIELD_CHARS = 80;
export const MAX_ISSUE_MESSAGE_CHARS = 200;
const MAX_ISSUES_SHOWN = 5;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** "server.port: Port must be 1-65535; uid: Enter a user id" — names the field, as people read it. */
export function formatIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  // One message per field: the first is the most basic one ("Enter a host" before "Host may only…").
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = clip(issue.path.map(String).join('.'), MAX_ISSUE_FIELD_CHARS);
    if (!byField.has(field)) byField.set(field, clip(issue.message, MAX_ISSUE_MESSAGE_CHARS));
  }
  const shown = [...byField]
    .slice(0, MAX_ISSUES_SHOWN)
    .map(([field, message]) => (field ? `${field}: ${message}` : message));
  if (byField.size > MAX_ISSUES_SHOWN) shown.push(`and ${byField.size - MAX_ISSUES_SHOWN} more`);
  return shown.join('; ');
}

/** Validates an invoke payload; throws InvalidPayloadError naming the offending fields. */
export function parseInvokePayload<C extends InvokeChannel>(
  channel: C,
  payload: unknown,
): InvokePayload<C> {
  const result = invokeContract[channel].payload.safeParse(payload);
  if (!result.success) throw new InvalidPayloadError(channel, result.error.issues);
  return result.data as InvokePayload<C>;
}

export function parseSendPayload<C extends SendChannel>(
  channel: C,
  payload: unknown,
): SendPayload<C> {
  const result = sendContract[channel].payload.safeParse(payload);
  if (!result.success) throw new InvalidPayloadError(channel, result.error.issues);
  return result.data as SendPayload<C>;
}
