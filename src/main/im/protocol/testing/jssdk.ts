/**
 * Test and benchmark support: loads the codec and security parts of the official JS SDK
 * (npm wukongimjssdk 1.0.4, protocol version 2) into Node, untouched.
 *
 * Its lib/ is ES-module syntax in a package without "type": "module", so Node cannot load it
 * as is. esbuild (already installed with tsx/vite) bundles lib/proto.js, lib/security.js and the
 * SDK's own dependencies (bignumber.js, crypto-js, md5-typescript, curve25519-js) into one
 * CommonJS file in a temp directory, which is then required and removed. Nothing in node_modules
 * changes.
 * Loading connect_manager pulls in the whole SDK, but none of it touches browser globals
 * (WebSocket, window) until a connection is opened, which never happens here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

/* The SDK is untyped JavaScript here; these interfaces describe what the tests use of it. */

export interface JsBigNumber {
  toString(): string;
}

export interface JsSetting {
  receiptEnabled: boolean;
  topic: boolean;
  streamNo: string;
  readonly streamOn: boolean;
  toUint8(): number;
}

export interface JsPacket {
  packetType: number;
  noPersist?: boolean;
  reddot?: boolean;
  syncOnce?: boolean;
  dup?: boolean;
  remainingLength?: number;
  [field: string]: unknown;
}

export interface JsProto {
  encode(packet: JsPacket): Uint8Array;
  decode(data: Uint8Array | number[]): JsPacket;
}

export interface JsSecurityManager {
  aesKey: string;
  aesIV: string;
  /** base64 AES of a UTF-8 string (used for msgKeys) */
  encryption(message: string): string;
  /** payload bytes -> base64 ciphertext text */
  encryption2(message: Uint8Array): string;
  /** base64 ciphertext bytes -> plaintext bytes */
  decryption(message: Uint8Array): Uint8Array;
}

export interface JsSdk {
  Proto: new () => JsProto;
  Setting: (new () => JsSetting) & { fromUint8(v: number): JsSetting };
  ConnectPacket: new () => JsPacket;
  SendPacket: new () => JsPacket;
  RecvackPacket: new () => JsPacket;
  RecvPacket: new () => JsPacket & { readonly veritifyString: string };
  SecurityManager: { shared(): JsSecurityManager };
  Md5: { init(s: string): string };
  /** curve25519-js as used by the SDK's connect_manager */
  generateKeyPair(seed: Uint8Array): { private: Uint8Array; public: Uint8Array };
  sharedKey(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** the SDK's BigNumber (its int64 fields are BigNumbers) */
  BigNumber: new (v: string | number) => JsBigNumber;
  /** only its framer is used, through createSdkFramer() */
  ConnectManager: { prototype: object };
}

interface JsFramerSelf {
  tempBufferData: number[];
  reConnect(): void;
  unpacket(data: Uint8Array, callback: (frames: number[][]) => void): void;
}

/**
 * The SDK's stream framer (ConnectManager.unpacket/unpackOne) on an object that has the
 * ConnectManager prototype but no connection. Note its 1.0.4 bugs (spec §4.4): it truncates
 * the remainder when one chunk holds several packets and re-delivers frames; feed it one packet
 * per chunk, as its WebSocket does. A decode failure (its reConnect) throws here.
 */
export function createSdkFramer(sdk: JsSdk): { push(chunk: Uint8Array): number[][] } {
  const self = Object.create(sdk.ConnectManager.prototype) as JsFramerSelf;
  self.tempBufferData = [];
  self.reConnect = () => {
    throw new Error('SDK framer failed (it would reconnect)');
  };
  return {
    push(chunk) {
      let frames: number[][] = [];
      self.unpacket(chunk, (list) => {
        frames = list;
      });
      return frames;
    },
  };
}

const ENTRY = `
export { default as Proto, Setting, ConnectPacket, SendPacket, RecvackPacket, RecvPacket } from './proto';
export { SecurityManager } from './security';
export { Md5 } from 'md5-typescript';
export { generateKeyPair, sharedKey } from 'curve25519-js';
export { default as BigNumber } from 'bignumber.js';
export { ConnectManager } from './connect_manager';
`;

let cached: JsSdk | undefined;

export function loadJsSdk(): JsSdk {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const sdkPackage = require.resolve('wukongimjssdk/package.json');
  const libDir = path.join(path.dirname(sdkPackage), 'lib');
  const result = buildSync({
    stdin: { contents: ENTRY, resolveDir: libDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wukongimjssdk-'));
  const file = path.join(dir, 'jssdk.cjs');
  try {
    writeFileSync(file, result.outputFiles[0]!.contents);
    cached = require(file) as JsSdk;
  } finally {
    // The bundle is self-contained and now in memory: the file is not read again.
    rmSync(dir, { recursive: true, force: true });
  }
  return cached;
}
