/** Version- and setting-dependent layout rules shared by the encoder and the decoder. */
import { MAX_PROTOCOL_VERSION, SettingBit, type HeaderFlags } from './packets';
import { ProtocolError } from './protocol-error';

const STREAM_BITS = SettingBit.STREAM | SettingBit.STREAM_LEGACY;

export function flagsNibble(f: HeaderFlags | undefined): number {
  if (!f) return 0;
  return (f.dup ? 8 : 0) | (f.syncOnce ? 4 : 0) | (f.redDot ? 2 : 0) | (f.noPersist ? 1 : 0);
}

/** Versions whose SEND/RECV/SENDACK/RECVACK layout this codec knows (1..6). */
export function checkLayoutVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > MAX_PROTOCOL_VERSION) {
    throw new ProtocolError(
      'unsupportedVersion',
      `protocol version ${version} is not in 1..${MAX_PROTOCOL_VERSION}`,
    );
  }
}

/** True when SEND/RECV carry a stream block: versions 2-4 with a stream bit set (§8.3, §8.5). */
export function hasStreamBlock(version: number, setting: number): boolean {
  return version >= 2 && version <= 4 && (setting & STREAM_BITS) !== 0;
}

export function decodeFlags(byte0: number): HeaderFlags {
  return {
    dup: (byte0 & 8) !== 0,
    syncOnce: (byte0 & 4) !== 0,
    redDot: (byte0 & 2) !== 0,
    noPersist: (byte0 & 1) !== 0,
  };
}
