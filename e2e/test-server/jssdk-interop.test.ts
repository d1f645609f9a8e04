/**
 * Interoperability with an implementation nobody here wrote: the official JS SDK
 * (wukongimjssdk 1.0.4, protocol version 2, deviceFlag 1) connects to the test server's
 * WebSocket listener and exchanges messages with a TCP client built from our codec.
 * The SDK is used unmodified; Node gets the `ws` WebSocket as the global it expects.
 */
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PacketType } from '../../src/main/im/protocol/index';
import type { TestClient } from './test-client';
import { harness, type Harness } from './test-helpers';

// Minimal shapes of the SDK objects this test touches (the SDK ships loose typings).
interface SdkMessage {
  fromUID: string;
  channel: { channelID: string; channelType: number };
  content: { text?: string };
  messageID: string;
}
interface Sdk {
  config: { addr: string; uid: string; token: string; deviceFlag: number; protoVersion: number };
  connect(): void;
  disconnect(): void;
  newChannel(id: string, type: number): unknown;
  newMessageText(text: string): unknown;
  connectManager: { addConnectStatusListener(l: (status: number, reason: number) => void): void };
  chatManager: {
    send(content: unknown, channel: unknown): Promise<unknown>;
    addMessageListener(l: (m: SdkMessage) => void): void;
    addMessageStatusListener(l: (ack: { clientSeq: number; reasonCode: number }) => void): void;
  };
}

let h: Harness;
let bob: TestClient;
let sdk: Sdk;
const statuses: Array<[number, number]> = [];
const messages: SdkMessage[] = [];
const acks: Array<{ clientSeq: number; reasonCode: number }> = [];

async function until<T>(get: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  // the SDK logs every step with console.log; keep the test output readable
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  h = await harness();
  bob = await h.login('bob');
  const mod = (await import('wukongimjssdk')) as unknown as { default: { shared(): Sdk } };
  sdk = mod.default.shared();
  sdk.config.addr = h.server.wsUrl!;
  sdk.config.uid = 'alice';
  sdk.config.token = 'alice-token';
  sdk.config.deviceFlag = 1;
  sdk.connectManager.addConnectStatusListener((status, reason) => statuses.push([status, reason]));
  sdk.chatManager.addMessageListener((m) => messages.push(m));
  sdk.chatManager.addMessageStatusListener((a) => acks.push(a));
  sdk.connect();
});

afterAll(async () => {
  sdk?.disconnect();
  await h?.teardown();
  vi.restoreAllMocks();
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('official JS SDK against the test server', () => {
  it('connects over WebSocket with protocol version 2 and deviceFlag 1', async () => {
    await until(() => statuses.find(([s]) => s === 1), 'ConnectStatus.Connected');
    expect(statuses.find(([s]) => s === 1)).toEqual([1, 1]);
    expect(sdk.config.protoVersion).toBe(2);
    expect(h.server.online('alice')).toEqual([
      expect.objectContaining({ deviceFlag: 1, version: 2, transport: 'ws' }),
    ]);
  });

  it('sends a message that our TCP client receives and decrypts', async () => {
    await sdk.chatManager.send(
      sdk.newMessageText('hello from the JS SDK'),
      sdk.newChannel('bob', 1),
    );
    const recv = await bob.next(PacketType.RECV);
    expect(recv).toMatchObject({ fromUid: 'alice', channelId: 'alice', channelType: 1 });
    expect(JSON.parse(bob.open(recv))).toEqual({ type: 1, content: 'hello from the JS SDK' });
    const ack = await until(() => acks[0], 'SENDACK at the SDK');
    expect(ack.reasonCode).toBe(1);
  });

  it('receives a message our TCP client sends, and acknowledges it', async () => {
    const acksBefore = h.server.stats.recvAcks;
    bob.sendMessage({
      channelId: 'alice',
      channelType: 1,
      payload: JSON.stringify({ type: 1, content: 'hello from TCP' }),
    });
    expect((await bob.next(PacketType.SENDACK)).reasonCode).toBe(1);
    const m = await until(
      () => messages.find((x) => x.fromUID === 'bob'),
      'the message at the SDK',
    );
    expect(m.content.text).toBe('hello from TCP');
    expect(m.channel).toMatchObject({ channelID: 'bob', channelType: 1 });
    // the SDK answers with RECVACK, so the server stops redelivering
    await until(() => (h.server.stats.recvAcks > acksBefore ? true : undefined), 'RECVACK');
  });

  it('is kicked like any client: DISCONNECT(12) gives ConnectKick', async () => {
    h.server.kickDevice('alice', 1, 'bye');
    const kick = await until(() => statuses.find(([s]) => s === 4), 'ConnectStatus.ConnectKick');
    expect(kick).toEqual([4, 12]);
    // then Disconnect once the server closes the socket after kickCloseDelayMs (spec §12)
    await until(() => statuses.slice(statuses.indexOf(kick)).find(([s]) => s === 0), 'Disconnect');
    expect(h.server.online('alice')).toHaveLength(0);
  });
});
