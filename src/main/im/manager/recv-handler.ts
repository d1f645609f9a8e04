import { openRecv, type PayloadCipher } from '../crypto';
import { PacketType, type HeaderFlags, type Packet, type RecvPacket } from '../protocol/packets';
import { describeError } from './describe-error';
import type { ReceivedMessage } from './types';

/** What handling one RECV needs from the manager, captured when the RECV arrived. */
export interface RecvContext {
  cipher: PayloadCipher;
  /** The connection the RECV arrived on; its RECVACK goes back on it. */
  link: { write(packet: Packet): boolean };
  /** Emits the `message` event (a throwing listener is the caller's concern). */
  deliver(message: ReceivedMessage): void;
  /** The host's persist hook; RECVACK waits for it. */
  persist: ((message: ReceivedMessage) => Promise<void> | void) | undefined;
  /** False once the manager moved to another connection (or none). */
  isCurrent(): boolean;
  /** Records a diagnostics entry. */
  note(event: string, detail: string): void;
}

/** The host's view of a decrypted RECV. */
export function toReceivedMessage(
  recv: RecvPacket,
  payload: Buffer,
  flags: HeaderFlags,
): ReceivedMessage {
  const message: ReceivedMessage = {
    messageId: recv.messageId,
    messageSeq: recv.messageSeq,
    clientMsgNo: recv.clientMsgNo,
    fromUid: recv.fromUid,
    channelId: recv.channelId,
    channelType: recv.channelType,
    timestamp: recv.timestamp,
    payload,
    redDot: flags.redDot,
    syncOnce: flags.syncOnce,
    noPersist: flags.noPersist,
  };
  if (recv.topic !== undefined) message.topic = recv.topic;
  return message;
}

/**
 * One RECV: verify and decrypt it, hand it to the host, and acknowledge it (echoing its header
 * flags) only after the persist hook resolved, on the same connection it came from. Never throws.
 */
export async function handleRecv(recv: RecvPacket, ctx: RecvContext): Promise<void> {
  let payload: Buffer;
  try {
    payload = openRecv(ctx.cipher, recv);
  } catch (err) {
    // As the official SDKs: not delivered, not acknowledged; the server resends it.
    ctx.note('recvDropped', `messageId=${recv.messageId} ${describeError(err)}`);
    return;
  }
  const flags = recv.flags ?? { dup: false, syncOnce: false, redDot: false, noPersist: false };
  const message = toReceivedMessage(recv, payload, flags);
  ctx.deliver(message);
  try {
    await ctx.persist?.(message);
  } catch (err) {
    ctx.note('persistFailed', `messageId=${recv.messageId} ${describeError(err)}`);
    return;
  }
  // The connection may have changed while the host persisted; a RECVACK belongs to its own link.
  if (!ctx.isCurrent()) return;
  try {
    ctx.link.write({
      type: PacketType.RECVACK,
      flags,
      messageId: recv.messageId,
      messageSeq: recv.messageSeq,
    });
  } catch (err) {
    ctx.note('recvackFailed', `messageId=${recv.messageId} ${describeError(err)}`);
  }
}
