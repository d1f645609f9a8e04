import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcns, ICNS_TYPES, IcnsError, encodeIcns } from './icns';
import { encodeIco, IcoError, readIco } from './ico';
import {
  buildIconFiles,
  ICNS_FILE,
  ICO_FILE,
  ICO_SIZES,
  ICON_SOURCE,
  LINUX_ICON_DIR,
  LINUX_SIZES,
  SOURCE_SIZE,
} from './icon-set';
import { createImage, decodePng, encodePng, PngError, readPngSize, type RgbaImage } from './png';
import { resizeImage } from './resize';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string): Buffer => readFileSync(resolve(root, path));

function solid(size: number, rgba: [number, number, number, number]): RgbaImage {
  const image = createImage(size, size);
  for (let i = 0; i < size * size; i++) image.data.set(rgba, i * 4);
  return image;
}

describe('PNG codec', () => {
  it('round-trips pixels exactly', () => {
    const image = createImage(7, 5);
    for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 37) % 256;
    const decoded = decodePng(encodePng(image));
    expect(decoded.width).toBe(7);
    expect(decoded.height).toBe(5);
    expect(Buffer.from(decoded.data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('rejects what it does not support with a PngError', () => {
    expect(() => decodePng(Buffer.from('not a png at all, clearly not'))).toThrow(PngError);
    const png = encodePng(solid(4, [1, 2, 3, 255]));
    const sixteenBit = Buffer.from(png);
    sixteenBit[24] = 16; // IHDR bit depth
    expect(() => decodePng(sixteenBit)).toThrow(/unsupported PNG/);
    expect(() => decodePng(png.subarray(0, 40))).toThrow(PngError);
  });
});

describe('resize', () => {
  it('keeps a solid colour solid and averages a checkerboard to grey', () => {
    const red = resizeImage(solid(64, [200, 10, 30, 255]), 24, 24);
    expect([...red.data.subarray(0, 4)]).toEqual([200, 10, 30, 255]);
    const checker = createImage(4, 4);
    for (let i = 0; i < 16; i++) {
      const v = ((i % 4) + Math.floor(i / 4)) % 2 ? 255 : 0;
      checker.data.set([v, v, v, 255], i * 4);
    }
    expect([...resizeImage(checker, 1, 1).data]).toEqual([128, 128, 128, 255]);
  });

  it('does not darken colours next to transparency (premultiplied)', () => {
    const half = createImage(2, 1);
    half.data.set([255, 255, 255, 255, 0, 0, 0, 0]);
    expect([...resizeImage(half, 1, 1).data]).toEqual([255, 255, 255, 128]);
  });

  it('refuses to upscale', () => {
    expect(() => resizeImage(solid(16, [0, 0, 0, 255]), 32, 32)).toThrow(RangeError);
  });
});

describe('ICO and ICNS containers', () => {
  it('ICO: BMP entries below 256 px, a PNG entry at 256, readable back', () => {
    const ico = encodeIco([solid(16, [0, 0, 255, 255]), solid(256, [0, 255, 0, 255])]);
    const entries = readIco(ico);
    expect(entries.map((e) => [e.width, e.format, e.bitsPerPixel])).toEqual([
      [16, 'bmp', 32],
      [256, 'png', 32],
    ]);
    // BMP pixels are BGRA, bottom-up, after a 40-byte header
    expect([...entries[0]!.bytes.subarray(40, 44)]).toEqual([255, 0, 0, 255]);
    expect(() => encodeIco([createImage(300, 300)])).toThrow(IcoError);
    expect(() => readIco(Buffer.from('nope'))).toThrow(IcoError);
  });

  it('ICNS: one PNG per type at the right size', () => {
    const icns = encodeIcns((n) => solid(n, [9, 9, 9, 255]));
    const entries = readIcns(icns);
    expect(entries.map((e) => e.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const entry of entries) {
      const expected = ICNS_TYPES.find((t) => t.type === entry.type)!.pixels;
      expect(readPngSize(entry.data)).toEqual({ width: expected, height: expected });
    }
    expect(() => readIcns(Buffer.from('icnsXXXX'))).toThrow(IcnsError);
  });
});

describe('committed icons', () => {
  it('the source is a 1024x1024 RGBA PNG', () => {
    const source = decodePng(read(ICON_SOURCE));
    expect([source.width, source.height]).toEqual([SOURCE_SIZE, SOURCE_SIZE]);
  });

  it('Linux: a PNG in every hicolor size the AppImage and deb install', () => {
    const names = readdirSync(resolve(root, LINUX_ICON_DIR)).sort();
    expect(names).toEqual(LINUX_SIZES.map((n) => `${n}x${n}.png`).sort());
    for (const n of LINUX_SIZES) {
      expect(readPngSize(read(`${LINUX_ICON_DIR}/${n}x${n}.png`))).toEqual({ width: n, height: n });
    }
  });

  it('Windows: icon.ico holds 16 to 256 px (electron-builder needs 256)', () => {
    const entries = readIco(read(ICO_FILE));
    expect(entries.map((e) => e.width)).toEqual([...ICO_SIZES]);
    expect(entries.every((e) => e.width === e.height)).toBe(true);
  });

  it('macOS: icon.icns holds every size from 16 to 1024 px', () => {
    const entries = readIcns(read(ICNS_FILE));
    const sizes = new Set(entries.map((e) => readPngSize(e.data).width));
    expect([...sizes].sort((a, b) => a - b)).toEqual([16, 32, 64, 128, 256, 512, 1024]);
  });

  it('are up to date with the source (rerun `npm run icons` after changing it)', () => {
    const { files } = buildIconFiles(decodePng(read(ICON_SOURCE)));
    for (const [path, bytes] of files) {
      if (path.endsWith('.png')) {
        // compare pixels, not bytes: zlib output may differ between Node versions
        const committed = decodePng(read(path));
        expect(Buffer.from(committed.data).equals(Buffer.from(decodePng(bytes).data)), path).toBe(
          true,
        );
      } else {
        expect(read(path).length, path).toBeGreaterThan(0);
      }
    }
    const committedIco = readIco(read(ICO_FILE));
    const freshIco = readIco(files.get(ICO_FILE)!);
    committedIco.forEach((entry, i) => {
      if (entry.format === 'bmp') expect(entry.bytes.equals(freshIco[i]!.bytes)).toBe(true);
    });
  });
});
