// Minimal PNG codec for the icon pipeline: 8-bit RGBA/RGB, non-interlaced — what our source
// image and every generated size use. Anything else gets a typed PngError, never a crash.
import { deflateSync, inflateSync } from 'node:zlib';

/** Straight (not premultiplied) RGBA, 4 bytes per pixel, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export class PngError extends Error {
  override name = 'PngError';
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(payload.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), payload])), 0);
  return Buffer.concat([head, payload, crc]);
}

export function createImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new PngError('pixel data does not match size');
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    // Pick the filter with the smallest sum of absolute values (the usual heuristic).
    let best = -1;
    let bestScore = Infinity;
    for (let filter = 0; filter <= 4; filter++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = data[row + i] as number;
        const a = i >= 4 ? (data[row + i - 4] as number) : 0;
        const b = y > 0 ? (data[row - stride + i] as number) : 0;
        const c = y > 0 && i >= 4 ? (data[row - stride + i - 4] as number) : 0;
        const predicted =
          filter === 0
            ? 0
            : filter === 1
              ? a
              : filter === 2
                ? b
                : filter === 3
                  ? (a + b) >> 1
                  : paeth(a, b, c);
        const v = (x - predicted) & 0xff;
        candidate[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = filter;
        raw[y * (stride + 1)] = filter;
        candidate.copy(raw, y * (stride + 1) + 1);
      }
    }
    if (best < 0) throw new PngError('no filter chosen'); // unreachable; keeps types honest
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from the IHDR chunk, without decoding. */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG');
  if (buf.toString('ascii', 12, 16) !== 'IHDR') throw new PngError('PNG without IHDR first');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export function decodePng(bytes: Uint8Array): RgbaImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height } = readPngSize(buf);
  let offset = 8;
  let bitDepth = 0;
  let colorType = 0;
  let interlace = 0;
  const idat: Buffer[] = [];
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const payload = buf.subarray(offset + 8, offset + 8 + length);
    if (payload.length !== length) throw new PngError(`truncated ${type} chunk`);
    if (type === 'IHDR') {
      bitDepth = payload[8] as number;
      colorType = payload[9] as number;
      interlace = payload[12] as number;
    } else if (type === 'IDAT') {
      idat.push(payload);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) {
    throw new PngError(
      `unsupported PNG (bit depth ${bitDepth}, color type ${colorType}, interlace ${interlace}): use 8-bit RGB(A), non-interlaced`,
    );
  }
  if (width < 1 || height < 1 || width > 8192 || height > 8192) {
    throw new PngError(`unsupported PNG size ${width}x${height}`);
  }
  const channels = colorType === 6 ? 4 : 3;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (error) {
    throw new PngError(`corrupt PNG data: ${(error as Error).message}`);
  }
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new PngError('PNG data shorter than its size');
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i] as number;
      const a = i >= channels ? (pixels[row + i - channels] as number) : 0;
      const b = y > 0 ? (pixels[row - stride + i] as number) : 0;
      const c = y > 0 && i >= channels ? (pixels[row - stride + i - channels] as number) : 0;
      let value: number;
      if (filter === 0) value = x;
      else if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) value = x + paeth(a, b, c);
      else throw new PngError(`bad PNG filter ${filter} on row ${y}`);
      pixels[row + i] = value & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: new Uint8Array(pixels) };
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = pixels[p * 3] as number;
    data[p * 4 + 1] = pixels[p * 3 + 1] as number;
    data[p * 4 + 2] = pixels[p * 3 + 2] as number;
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}
