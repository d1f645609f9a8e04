// Windows .ico writer and reader. Sizes up to 128 px are stored as 32-bit BMPs (every Windows
// API and NSIS's makensis read those), 256 px as PNG (the Vista+ convention that keeps the file
// small).
import { encodePng, type RgbaImage } from './png';

export class IcoError extends Error {
  override name = 'IcoError';
}

function bmpEntry(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const maskStride = Math.ceil(width / 32) * 4; // 1 bit per pixel, rows padded to 4 bytes
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // BITMAPINFOHEADER
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + AND-mask rows
  header.writeUInt16LE(1, 12); // planes
  header.writeUInt16LE(32, 14); // bits per pixel
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y; // bottom-up
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const o = (row * width + x) * 4;
      pixels[o] = data[i + 2] as number; // B
      pixels[o + 1] = data[i + 1] as number; // G
      pixels[o + 2] = data[i] as number; // R
      pixels[o + 3] = data[i + 3] as number; // A
      if (data[i + 3] === 0) {
        const m = row * maskStride + (x >> 3);
        mask[m] = (mask[m] as number) | (0x80 >> (x & 7));
      }
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/** Builds an .ico from square images (1..256 px), one directory entry per image. */
export function encodeIco(images: readonly RgbaImage[]): Buffer {
  if (images.length === 0) throw new IcoError('an .ico needs at least one image');
  const payloads = images.map((image) => {
    if (image.width !== image.height || image.width < 1 || image.width > 256) {
      throw new IcoError(
        `ico images must be square, 1-256 px (got ${image.width}x${image.height})`,
      );
    }
    return image.width >= 256 ? encodePng(image) : bmpEntry(image);
  });
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = 6 + directory.length;
  images.forEach((image, i) => {
    const payload = payloads[i] as Buffer;
    const e = i * 16;
    directory[e] = image.width >= 256 ? 0 : image.width; // 0 means 256
    directory[e + 1] = image.height >= 256 ? 0 : image.height;
    directory[e + 2] = 0; // palette size
    directory[e + 3] = 0;
    directory.writeUInt16LE(1, e + 4); // planes
    directory.writeUInt16LE(32, e + 6); // bits per pixel
    directory.writeUInt32LE(payload.length, e + 8);
    directory.writeUInt32LE(offset, e + 12);
    offset += payload.length;
  });
  return Buffer.concat([header, directory, ...payloads]);
}

export interface IcoEntry {
  width: number;
  height: number;
  bitsPerPixel: number;
  format: 'png' | 'bmp';
  bytes: Buffer;
}

export function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.length < 6 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) {
    throw new IcoError('not an .ico file');
  }
  const count = bytes.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = 6 + i * 16;
    if (e + 16 > bytes.length) throw new IcoError('truncated .ico directory');
    const size = bytes.readUInt32LE(e + 8);
    const offset = bytes.readUInt32LE(e + 12);
    if (offset + size > bytes.length) throw new IcoError(`entry ${i} points past the end`);
    const body = bytes.subarray(offset, offset + size);
    entries.push({
      width: (bytes[e] as number) || 256,
      height: (bytes[e + 1] as number) || 256,
      bitsPerPixel: bytes.readUInt16LE(e + 6),
      format: body.subarray(1, 4).toString('ascii') === 'PNG' ? 'png' : 'bmp',
      bytes: body,
    });
  }
  return entries;
}
