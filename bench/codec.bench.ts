/**
 * Codec benchmark (not a test): our protocol core against the official JS SDK (wukongimjssdk
 * 1.0.4) in the same process, on the SDK's protocol version 2.
 *
 *   npx tsx bench/codec.bench.ts     (npm run bench:codec)
 *
 * Prints a table of ops/s and ratios and writes bench/results/codec.json. Every scenario is
 * checked for correct output on both sides before it is timed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  SessionCipher,
  deriveSharedSecret,
  keyPairFromSeed,
  openRecv,
  sealSend,
  type SendDraft,
} from '../src/main/im/crypto';
import {
  FrameReader,
  PacketType,
  decodePacket,
  encodePacket,
  type Packet,
  type RecvPacket,
} from '../src/main/im/protocol';
import {
  createSdkFramer,
  loadJsSdk,
  type JsPacket,
  type JsSdk,
} from '../src/main/im/protocol/testing/jssdk';
import { consume, opsPerSecond, quietly, timeOnce } from './measure';
import { sealRecv } from '../src/main/im/crypto/testing/server-seal';

export interface CodecBenchRow {
  name: string;
  unit: string;
  ours: number;
  sdk: number | null;
  /** ours / sdk */
  ratio: number | null;
  note?: string;
}

export interface CodecBenchResult {
  bench: 'codec';
  generatedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  rows: CodecBenchRow[];
}

export interface CodecBenchOptions {
  /** time budget per measurement (default 1500 ms) */
  minMs?: number;
  /** size of the framing stream (default 10 MB) */
  streamBytes?: number;
  /** where to write the JSON (default bench/results/codec.json; null = do not write) */
  outFile?: string | null;
  /** print the table (default true) */
  print?: boolean;
}

const VERSION = 2; // the SDK's version; our layouts at 2 and 5 cost the same
const SEED_CLIENT = Buffer.from('0123456789abcdef0123456789abcdef', 'latin1');
const SEED_SERVER = Buffer.from('fedcba9876543210fedcba9876543210', 'latin1');
const SALT = 'aB3dE6gH9jK2mN5p';

/** A 200-byte JSON text payload, like a chat message. */
function payload200(): Buffer {
  const head = '{"type":1,"content":"';
  const tail = '"}';
  const body = 'hello world, this is a benchmark message. '.repeat(5);
  return Buffer.from(head + body.slice(0, 200 - head.length - tail.length) + tail, 'utf8');
}

function setup(sdk: JsSdk): SessionCipher {
  const client = keyPairFromSeed(SEED_CLIENT);
  const server = keyPairFromSeed(SEED_SERVER);
  const cipher = SessionCipher.fromSharedSecret(
    deriveSharedSecret(client.privateKey, server.publicKeyBase64),
    SALT,
  );
  // the SDK derives its key its own way (as its connect_manager does)
  const secret = sdk.sharedKey(
    sdk.generateKeyPair(Uint8Array.from(SEED_CLIENT)).private,
    Uint8Array.from(Buffer.from(server.publicKeyBase64, 'base64')),
  );
  const sm = sdk.SecurityManager.shared();
  sm.aesKey = sdk.Md5.init(Buffer.from(secret).toString('base64')).substring(0, 16);
  sm.aesIV = SALT;
  if (sm.aesKey !== cipher.key.toString('latin1'))
    throw new Error('SDK and ours disagree on the key');
  return cipher;
}

function recvBench(sdk: JsSdk, cipher: SessionCipher, minMs: number): CodecBenchRow[] {
  const plain = payload200();
  const packet = sealRecv(cipher, {
    flags: { dup: false, syncOnce: false, redDot: true, noPersist: false },
    setting: 0,
    fromUid: 'user_10001',
    channelId: 'group_20002',
    channelType: 2,
    clientMsgNo: '4f6d0c2a9b8e4d7f8a1b2c3d4e5f6a7b3',
    messageId: 1_234_567_890_123_456_789n,
    messageSeq: 4242n,
    timestamp: 1_700_000_001,
    payload: plain,
  });
  const frameV2 = encodePacket(packet, VERSION);
  const frameV5 = encodePacket(packet, 5);
  const frameU8 = new Uint8Array(frameV2);
  const proto = new sdk.Proto();
  const sm = sdk.SecurityManager.shared();

  const ours = (frame: Buffer, version: number): number => {
    const p = decodePacket(frame, version) as RecvPacket;
    return openRecv(cipher, p).length;
  };
  const theirs = (): number => {
    const p = proto.decode(frameU8) as JsPacket & { veritifyString: string };
    if (sdk.Md5.init(sm.encryption(p.veritifyString)) !== p.msgKey)
      throw new Error('SDK: bad msgKey');
    return sm.decryption(p.payload as Uint8Array).length;
  };
  // correctness first
  if (!openRecv(cipher, decodePacket(frameV2, VERSION) as RecvPacket).equals(plain)) {
    throw new Error('ours: RECV round trip failed');
  }
  const sdkOut = (proto.decode(frameU8) as JsPacket).payload as Uint8Array;
  if (!Buffer.from(sm.decryption(sdkOut)).equals(plain))
    throw new Error('SDK: RECV decrypt failed');

  const o = opsPerSecond(() => consume(ours(frameV2, VERSION)), minMs);
  const s = quietly(() => opsPerSecond(() => consume(theirs()), minMs, 50));
  const o5 = opsPerSecond(() => consume(ours(frameV5, 5)), minMs);
  const oDecode = opsPerSecond(
    () => consume((decodePacket(frameV2, VERSION) as RecvPacket).timestamp),
    minMs,
  );
  return [
    {
      name: 'RECV decode + msgKey verify + decrypt (200 B payload, v2)',
      unit: 'ops/s',
      ours: o,
      sdk: s,
      ratio: o / s,
    },
    { name: '  same, our v5 layout', unit: 'ops/s', ours: o5, sdk: null, ratio: null },
    {
      name: '  our RECV decode only (no crypto)',
      unit: 'ops/s',
      ours: oDecode,
      sdk: null,
      ratio: null,
    },
  ];
}

function sendBench(sdk: JsSdk, cipher: SessionCipher, minMs: number): CodecBenchRow[] {
  const plain = payload200();
  const draft: SendDraft = {
    flags: { dup: false, syncOnce: false, redDot: true, noPersist: false },
    setting: 0,
    clientSeq: 17,
    clientMsgNo: '4f6d0c2a9b8e4d7f8a1b2c3d4e5f6a7b3',
    channelId: 'group_20002',
    channelType: 2,
    payload: plain,
  };
  const proto = new sdk.Proto();
  const sdkPacket = new sdk.SendPacket();
  Object.assign(sdkPacket, {
    setting: new sdk.Setting(),
    reddot: true,
    clientSeq: draft.clientSeq,
    clientMsgNo: draft.clientMsgNo,
    channelID: draft.channelId,
    channelType: draft.channelType,
    payload: Uint8Array.from(plain),
  });
  // correctness first: both produce the same bytes (fixed key and IV, same fields)
  const ourBytes = encodePacket(sealSend(cipher, draft), VERSION);
  const sdkBytes = Buffer.from(proto.encode(sdkPacket));
  if (!ourBytes.equals(sdkBytes)) throw new Error('SEND: ours and the SDK encode differently');

  const o = opsPerSecond(
    () => consume(encodePacket(sealSend(cipher, draft), VERSION).length),
    minMs,
  );
  const s = quietly(() => opsPerSecond(() => consume(proto.encode(sdkPacket).length), minMs, 50));
  const sealed = sealSend(cipher, draft);
  const oEncode = opsPerSecond(() => consume(encodePacket(sealed, VERSION).length), minMs);
  return [
    {
      name: 'SEND encrypt + msgKey + encode (200 B payload, v2)',
      unit: 'ops/s',
      ours: o,
      sdk: s,
      ratio: o / s,
    },
    {
      name: '  our SEND encode only (no crypto)',
      unit: 'ops/s',
      ours: oEncode,
      sdk: null,
      ratio: null,
    },
  ];
}

function mixedStream(cipher: SessionCipher, bytes: number): Buffer[] {
  const plain = payload200();
  const frames: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    let p: Packet;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
      case 3:
        p = sealRecv(cipher, {
          setting: 0,
          fromUid: `u${i % 97}`,
          channelId: `g${i % 13}`,
          channelType: 2,
          clientMsgNo: `m${i}`,
          messageId: BigInt(i) + 1_000_000_000_000n,
          messageSeq: BigInt(i),
          timestamp: 1_700_000_000 + i,
          payload: plain.subarray(0, 40 + (i % 160)),
        });
        break;
      case 4:
      case 5:
        p = {
          type: PacketType.SENDACK,
          messageId: BigInt(i),
          clientSeq: i,
          messageSeq: BigInt(i),
          reasonCode: 1,
        };
        break;
      case 6:
        p = { type: PacketType.PONG };
        break;
      default:
        p = { type: PacketType.DISCONNECT, reasonCode: 12, reason: 'x'.repeat(i % 300) };
    }
    const f = encodePacket(p, VERSION);
    frames.push(f);
    size += f.length;
  }
  return frames;
}

function framerBench(sdk: JsSdk, cipher: SessionCipher, streamBytes: number): CodecBenchRow[] {
  const frames = mixedStream(cipher, streamBytes);
  const stream = Buffer.concat(frames);
  const mb = stream.length / 1e6;
  const CHUNK = 64 * 1024;
  const chunks: Buffer[] = [];
  for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));
  const perPacket = frames.map((f) => new Uint8Array(f));

  const runOurs = (input: Uint8Array[]): number => {
    const r = new FrameReader();
    let n = 0;
    for (const c of input) n += r.push(c).length;
    if (n !== frames.length || r.bufferedBytes !== 0)
      throw new Error(`ours framed ${n}/${frames.length}`);
    return n;
  };
  const runSdk = (): number => {
    const f = createSdkFramer(sdk);
    let n = 0;
    for (const c of perPacket) n += f.push(c).length;
    if (n !== frames.length) throw new Error(`SDK framed ${n}/${frames.length}`);
    return n;
  };
  // best of a few runs of the whole stream
  const best = (fn: () => void, runs: number): number => {
    fn(); // warm-up
    let t = Infinity;
    for (let i = 0; i < runs; i++) t = Math.min(t, timeOnce(fn));
    return t / 1000;
  };
  const tChunks = best(() => consume(runOurs(chunks)), 5);
  const tPackets = best(() => consume(runOurs(perPacket)), 5);
  const tSdk = quietly(() => best(() => consume(runSdk()), 2));
  const n = frames.length;
  const note = `${mb.toFixed(1)} MB, ${n} packets (RECV/SENDACK/PONG/DISCONNECT)`;
  return [
    {
      name: 'FrameReader, 10 MB stream in 64 KiB chunks',
      unit: 'packets/s',
      ours: n / tChunks,
      sdk: n / tSdk,
      ratio: tSdk / tChunks,
      note: `${note}; ours ${(mb / tChunks).toFixed(0)} MB/s. The SDK framer drops data when a chunk holds several packets, so it gets one packet per chunk`,
    },
    {
      name: 'FrameReader, same stream one packet per chunk',
      unit: 'packets/s',
      ours: n / tPackets,
      sdk: n / tSdk,
      ratio: tSdk / tPackets,
      note: `ours ${(mb / tPackets).toFixed(0)} MB/s, SDK ${(mb / tSdk).toFixed(1)} MB/s`,
    },
  ];
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

export function printTable(result: CodecBenchResult): void {
  const m = result.machine;
  console.log(
    `\ncodec benchmark — ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}\n`,
  );
  const head = ['scenario', 'ours', 'wukongimjssdk', 'ratio'];
  const lines = result.rows.map((r) => [
    r.name,
    `${fmt(r.ours)} ${r.unit}`,
    r.sdk === null ? '-' : `${fmt(r.sdk)} ${r.unit}`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(1)}x`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(row(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
  for (const r of result.rows.filter((x) => x.note)) console.log(`\n* ${r.name.trim()}: ${r.note}`);
}

export async function runCodecBench(opts: CodecBenchOptions = {}): Promise<CodecBenchResult> {
  const minMs = opts.minMs ?? 1500;
  const sdk = loadJsSdk();
  const cipher = setup(sdk);
  const rows = [
    ...recvBench(sdk, cipher, minMs),
    ...sendBench(sdk, cipher, minMs),
    ...framerBench(sdk, cipher, opts.streamBytes ?? 10_000_000),
  ];
  const cpus = os.cpus();
  const result: CodecBenchResult = {
    bench: 'codec',
    generatedAt: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    rows,
  };
  const outFile =
    opts.outFile === undefined ? path.resolve('bench/results/codec.json') : opts.outFile;
  if (outFile !== null) {
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (opts.print !== false) printTable(result);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCodecBench();
}
