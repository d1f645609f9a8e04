// macOS .icns writer and reader: a list of PNG-encoded entries under their OSType codes.
import { encodePng, type RgbaImage } from './png';

export class IcnsError extends Error {
  override name = 'IcnsError';
}

/** PNG-capable ICNS entry types and the pixel size each holds (@2x types hold double). */
export const ICNS_TYPES: readonly { type: string; pixels: number }[] = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic10', pixels: 1024 }, // 512@2x
  { type: 'ic11', pixels: 32 }, // 16@2x
  { type: 'ic12', pixels: 64 }, // 32@2x
  { type: 'ic13', pixels: 256 }, // 128@2x
  { type: 'ic14', pixels: 512 }, // 256@2x
];

/** `imageFor(pixels)` returns the square image for a size; each size is encoded once. */
export function encodeIcns(imageFor: (pixels: number) => RgbaImage): Buffer {
  const encoded = new Map<number, Buffer>();
  const parts: Buffer[] = [];
  for (const { type, pixels } of ICNS_TYPES) {
    let png = encoded.get(pixels);
    if (!png) {
      const image = imageFor(pixels);
      if (image.width !== pixels || image.height !== pixels) {
        throw new IcnsError(
          `${type} needs ${pixels}x${pixels}, got ${image.width}x${image.height}`,
        );
      }
      png = encodePng(image);
      encoded.set(pixels, png);
    }
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    parts.push(head, png);
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}

export function readIcns(bytes: Buffer): { type: string; data: Buffer }[] {
  if (bytes.length < 8 || bytes.toString('ascii', 0, 4) !== 'icns') {
    throw new IcnsError('not an .icns file');
  }
  if (bytes.readUInt32BE(4) !== bytes.length) throw new IcnsError('icns length does not match');
  const entries: { type: string; data: Buffer }[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new IcnsError('truncated icns entry header');
    const length = bytes.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > bytes.length) throw new IcnsError('bad icns entry length');
    entries.push({
      type: bytes.toString('ascii', offset, offset + 4),
      data: bytes.subarray(offset + 8, offset + length),
    });
    offset += length;
  }
  return entries;
}
