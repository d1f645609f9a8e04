/**
 * The one error type that may leave the codec, the frame reader and the session crypto.
 * Callers (ConnectionManager, test server) catch it, log `code` + `message` and close the connection.
 */
export type ProtocolErrorCode =
  /** the frame or body ends before a field is complete */
  | 'truncated'
  /** the remaining-length varint has a 4th byte with the continuation bit set */
  | 'varintTooLong'
  /** the remaining length exceeds the configured maximum (default 1 MiB) */
  | 'packetTooLarge'
  /** packet type 0 or 13-15, or a type this direction/function cannot handle */
  | 'unknownPacketType'
  /** a string field is longer than 32,767 bytes */
  | 'stringTooLong'
  /** a string field is not well-formed UTF-8 (decode) or holds a lone surrogate (encode) */
  | 'invalidUtf8'
  /** a field value is out of range, of the wrong type, or inconsistent */
  | 'invalidField'
  /** a layout-dependent packet was asked for at a protocol version outside 1..6 */
  | 'unsupportedVersion'
  /** bytes left over after a packet whose layout has a fixed end */
  | 'trailingBytes'
  /** a SEND/RECV msgKey does not match the one computed from its fields */
  | 'msgKeyMismatch'
  /** a payload is not valid base64 of AES-128-CBC/PKCS#7 ciphertext for this session */
  | 'decryptFailed';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** byte offset of the problem: within the frame (decode) or the stream (FrameReader) */
  readonly offset?: number;

  constructor(code: ProtocolErrorCode, message: string, offset?: number) {
    super(offset === undefined ? `${code}: ${message}` : `${code}: ${message} (offset ${offset})`);
    this.code = code;
    if (offset !== undefined) this.offset = offset;
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}
