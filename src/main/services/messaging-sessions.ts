import type { ChannelSummary, HistoryEntry } from '../../shared/messages';
import type {
  MessagingError,
  MessagingLink,
  MessagingService,
  MessagingServiceOptions,
  ReceivedMessage,
  StorageIssue,
} from '../im/messaging';
import { userStorageDir } from '../im/messaging/user-dir';
import { NotSignedInError } from './errors';
import type { Logger } from './logger';
import type { Redactor } from '../../shared/redact';
import { errorMessage } from '../../shared/error-message';

/** Opens one uid's messaging (MessagingService.open, loaded lazily like the ConnectionManager). */
export type MessagingOpener = (options: MessagingServiceOptions) => Promise<MessagingService>;

export const openMessagingService: MessagingOpener = async (options) => {
  const { MessagingService } = await import('../im/messaging');
  return MessagingService.open(options);
};

/** The message store of the signed-in account could not be opened; the connection still works. */
export class MessagingUnavailableError extends Error {
  override readonly name = 'MessagingUnavailableError';
  constructor(detail: string) {
    super(`Messages are unavailable: ${detail}`);
  }
}

/** A MessagingError turned into a sentence for people; `code` keeps the machine-readable reason. */
export class MessagingRequestError extends Error {
  override readonly name = 'MessagingError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES: Record<string, (error: Error) => string> = {
  invalidInput: (error) => `Invalid message request: ${error.message}`,
  notFound: () => 'This message is no longer waiting to be sent',
  notFailed: () => 'Only a message that failed can be sent again',
  notDeletable: () => 'This message is being sent right now and cannot be deleted',
  outboxFull: (error) => error.message,
  storageFailed: (error) => `The message could not be saved on this device (${error.message})`,
};

/** Maps the messaging core's typed errors to what the renderer shows; anything else passes. */
export function toUserFacingError(error: unknown): unknown {
  if (error instanceof MessagingRequestError) return error;
  // By name, not instanceof: the messaging core is loaded lazily (no runtime import here).
  if (!(error instanceof Error) || error.name !== 'MessagingError') return error;
  const code = (error as MessagingError).code;
  // 'closed': the account signed out (or switched) while the call ran.
  if (code === 'closed') return new NotSignedInError();
  const describe = MESSAGES[code];
  return describe ? new MessagingRequestError(code, describe(error)) : error;
}

/** One signed-in uid's messaging: opened in the background, closed on sign-out or uid change. */
export interface MessagingSession {
  readonly uid: string;
  /** Settles (never rejects) once the store is open, failed to open, or the session was closed. */
  readonly ready: Promise<void>;
  /** true once `ready` has settled */
  readonly settled: boolean;
  /** The ConnectionManager's persist hook: a rejection means no RECVACK, so the server redelivers. */
  onReceived(message: ReceivedMessage): Promise<void>;
  /** The open service; waits for the open; throws NotSignedIn once closed. */
  service(): Promise<MessagingService>;
  /** Stops sending and releases the files; the outbox stays on disk for the next sign-in. */
  close(): Promise<void>;
}

export interface MessagingSessionsOptions {
  /** base folder; each uid gets userStorageDir(messagesDir, uid) */
  messagesDir: string;
  logger: Logger;
  redactor: Redactor;
  onMessage: (entry: HistoryEntry) => void;
  onChannel: (summary: ChannelSummary) => void;
  /** A storage problem of `uid`'s store (already logged); found on open or later. */
  onStorageIssue?: (uid: string, issue: StorageIssue) => void;
  open?: MessagingOpener;
  /** extra options (a clock, a deadline) in tests */
  overrides?: Partial<Omit<MessagingServiceOptions, 'link' | 'uid' | 'dir'>>;
}

/**
 * Hands out messaging sessions one after another: a session opens only after the previous one has
 * closed, so the same uid's files are never open twice (sign out and in again quickly, or a
 * restart of the services on the same folder).
 */
export function createMessagingSessions(options: MessagingSessionsOptions): {
  begin(link: MessagingLink, uid: string): MessagingSession;
  /** Settles when every session begun so far has finished opening or closing. */
  idle(): Promise<void>;
} {
  const { logger, redactor } = options;
  const open = options.open ?? openMessagingService;
  let tail: Promise<void> = Promise.resolve();

  const begin = (link: MessagingLink, uid: string): MessagingSession => {
    let service: MessagingService | null = null;
    let failure: string | null = null;
    let closed = false;
    let settled = false;
    let closing: Promise<void> | null = null;

    const onMessage = (entry: HistoryEntry): void => options.onMessage(entry);
    const onChannel = (summary: ChannelSummary): void => options.onChannel(summary);
    const onIssue = (issue: StorageIssue): void => {
      logger.warn('Message storage problem (readable messages were kept)', redactor.redact(issue));
      options.onStorageIssue?.(uid, issue);
    };

    const ready = tail.then(async () => {
      if (closed) return;
      try {
        const opened = await open({
          ...options.overrides,
          link,
          uid,
          dir: userStorageDir(options.messagesDir, uid),
        });
        if (closed) {
          await opened.close();
          return;
        }
        for (const issue of opened.storageIssues()) onIssue(issue);
        opened.on('message', onMessage);
        opened.on('channel', onChannel);
        opened.on('storageIssue', onIssue);
        service = opened;
        logger.info('Messages opened', { uid });
      } catch (error) {
        failure = errorMessage(error);
        logger.error('Could not open the message store', {
          uid,
          error: redactor.redactText(failure),
        });
      } finally {
        settled = true;
      }
    });
    tail = ready;

    const session: MessagingSession = {
      uid,
      ready,
      get settled() {
        return settled;
      },
      onReceived(message) {
        if (!service) return Promise.reject(new Error('messaging not ready'));
        return service.onReceived(message);
      },
      async service() {
        await ready;
        if (closed) throw new NotSignedInError();
        if (!service) throw new MessagingUnavailableError(failure ?? 'not opened');
        return service;
      },
      close() {
        if (closing) return closing;
        closed = true;
        closing = ready.then(async () => {
          const current = service;
          service = null;
          if (!current) return;
          current.off('message', onMessage);
          current.off('channel', onChannel);
          current.off('storageIssue', onIssue);
          try {
            await current.close();
            logger.info('Messages closed', { uid });
          } catch (error) {
            logger.warn('Closing the message store failed', redactor.redact(error));
          }
        });
        const previous = tail;
        tail = Promise.all([previous, closing]).then(() => undefined);
        return closing;
      },
    };
    return session;
  };

  return { begin, idle: () => tail };
}
