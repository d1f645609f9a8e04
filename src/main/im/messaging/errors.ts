/** Typed errors of the messaging API; `code` is what the IPC layer maps to a result. */
export type MessagingErrorCode =
  | 'invalidInput'
  | 'notFound'
  | 'notFailed'
  | 'notDeletable'
  | 'outboxFull'
  | 'storageFailed'
  | 'closed';

export class MessagingError extends Error {
  override readonly name = 'MessagingError';
  constructor(
    readonly code: MessagingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
