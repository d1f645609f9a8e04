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
  let tail: Promise<void> = Promise.resolve();
  const afterClosing = (closing: Promise<void>): void => {
    const previous = tail;
    tail = Promise.all([previous, closing]).then(() => undefined);
  };
  return {
    begin(link, uid) {
      const session = new QueuedSession(options, link, uid, tail, afterClosing);
      tail = session.ready;
      return session;
    },
    idle: () => tail,
  };
}

/** One session: opens once the sessions before it are done; its close queues up the same way. */
class QueuedSession implements MessagingSession {
  readonly ready: Promise<void>;
  private current: MessagingService | null = null;
  private failure: string | null = null;
  private closed = false;
  private opened = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly options: MessagingSessionsOptions,
    private readonly link: MessagingLink,
    readonly uid: string,
    after: Promise<void>,
    private readonly afterClosing: (closing: Promise<void>) => void,
  ) {
    this.ready = after.then(() => this.open());
  }

  get settled(): boolean {
    return this.opened;
  }

  private readonly onMessage = (entry: HistoryEntry): void => this.options.onMessage(entry);
  private readonly onChannel = (summary: ChannelSummary): void => this.options.onChannel(summary);
  private readonly onIssue = (issue: StorageIssue): void => {
    const { logger, redactor } = this.options;
    logger.warn('Message storage problem (readable messages were kept)', redactor.redact(issue));
    this.options.onStorageIssue?.(this.uid, issue);
  };

  private async open(): Promise<void> {
    if (this.closed) return;
    const { logger, redactor } = this.options;
    try {
      const opener = this.options.open ?? openMessagingService;
      const opened = await opener({
        ...this.options.overrides,
        link: this.link,
        uid: this.uid,
        dir: userStorageDir(this.options.messagesDir, this.uid),
      });
      if (this.closed) {
        await opened.close();
        return;
      }
      for (const issue of opened.storageIssues()) this.onIssue(issue);
      opened.on('message', this.onMessage);
      opened.on('channel', this.onChannel);
      opened.on('storageIssue', this.onIssue);
      this.current = opened;
      logger.info('Messages opened', { uid: this.uid });
    } catch (error) {
      this.failure = errorMessage(error);
      logger.error('Could not open the message store', {
        uid: this.uid,
        error: redactor.redactText(this.failure),
      });
    } finally {
      this.opened = true;
    }
  }

  onReceived(message: ReceivedMessage): Promise<void> {
    if (!this.current) return Promise.reject(new Error('messaging not ready'));
    return this.current.onReceived(message);
  }

  async service(): Promise<MessagingService> {
    await this.ready;
    if (this.closed) throw new NotSignedInError();
    if (!this.current) throw new MessagingUnavailableError(this.failure ?? 'not opened');
    return this.current;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = this.ready.then(() => this.release());
    this.afterClosing(this.closing);
    return this.closing;
  }

  private async release(): Promise<void> {
    const { logger, redactor } = this.options;
    const current = this.current;
    this.current = null;
    if (!current) return;
    current.off('message', this.onMessage);
    current.off('channel', this.onChannel);
    current.off('storageIssue', this.onIssue);
    try {
      await current.close();
      logger.info('Messages closed', { uid: this.uid });
    } catch (error) {
      logger.warn('Closing the message store failed', redactor.redact(error));
    }
  }
}
