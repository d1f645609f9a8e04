/** Messages as the connection layer hands them over and takes them in. */

export interface ReceivedMessage {
  messageId: bigint;
  messageSeq: bigint;
  clientMsgNo: string;
  fromUid: string;
  channelId: string;
  channelType: number;
  /** seconds since the epoch, server clock */
  timestamp: number;
  topic?: string;
  /** decrypted payload bytes */
  payload: Buffer;
  /** DUP / SyncOnce / RedDot / NoPersist as received (echoed in RECVACK) */
  redDot: boolean;
  syncOnce: boolean;
  noPersist: boolean;
}

export interface SendRequest {
  channelId: string;
  channelType: number;
  /** plaintext payload bytes (encrypted by the manager) */
  payload: Buffer;
  /** generated (32 hex chars) when omitted; reuse it when re-sending the same message */
  clientMsgNo?: string;
  /** mark as a retransmission (header DUP) */
  dup?: boolean;
}

export interface SendResult {
  clientMsgNo: string;
  clientSeq: number;
  messageId: bigint;
  messageSeq: bigint;
  /** 1 = stored and accepted; anything else = rejected by the server */
  reasonCode: number;
}
