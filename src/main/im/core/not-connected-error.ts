/** The error a send rejects with when there is no link, or the link goes away before SENDACK. */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}
