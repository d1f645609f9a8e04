/**
 * Incoming messages: stored once, whatever the network does. The server redelivers a RECV until
 * it sees a RECVACK (same messageId), and it does not deduplicate SENDs by clientMsgNo, so a SEND
 * re-sent after a lost SENDACK reaches us twice with two messageIds but one clientMsgNo. Both are
 * recognised here. The returned promise is the ConnectionManager's persist hook: it resolves only
 * after the message is on disk, and only then does the manager send the RECVACK.
 */
import { channelKey } from './channel';
import type { History } from './history';
import { decodePayload } from './text-payload';
import type { HistoryEntry, ReceivedMessage } from './types';

export class Inbox {
  /** writes in flight, by messageId and by channel + clientMsgNo: a duplicate waits for the first */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly history: History,
    private readonly uid: string,
    private readonly onStored: (entry: HistoryEntry) => void,
  ) {}

  receive(m: ReceivedMessage): Promise<void> {
    const messageId = m.messageId.toString();
    const channel = { channelId: m.channelId, channelType: m.channelType };
    const idKey = `id:${messageId}`;
    const noKey = `no:${channelKey(channel)}\n${m.clientMsgNo}`;
    const inFlight =
      this.pending.get(idKey) ?? (m.clientMsgNo !== '' ? this.pending.get(noKey) : undefined);
    if (inFlight) return inFlight;
    if (this.history.hasMessageId(messageId)) return Promise.resolve();
    if (m.clientMsgNo !== '' && this.history.get(channel, m.clientMsgNo)) return Promise.resolve();

    const { contentType, text } = decodePayload(m.payload);
    const own = m.fromUid === this.uid;
    const entry: HistoryEntry = {
      ...channel,
      clientMsgNo: m.clientMsgNo,
      messageId,
      messageSeq: m.messageSeq.toString(),
      fromUid: m.fromUid,
      // our own message sent from another device: already sent, nothing to count as unread
      own,
      contentType,
      text,
      timestamp: m.timestamp * 1000,
      state: own ? 'sent' : 'received',
      order: this.history.nextOrder(),
    };
    const write = this.history.put(entry).then(() => this.onStored(entry));
    this.pending.set(idKey, write);
    if (m.clientMsgNo !== '') this.pending.set(noKey, write);
    const done = (): void => {
      this.pending.delete(idKey);
      this.pending.delete(noKey);
    };
    write.then(done, done);
    return write;
  }
}
