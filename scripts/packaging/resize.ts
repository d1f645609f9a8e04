// Area-averaging downscale (a box filter with fractional edge weights) in premultiplied alpha,
// so transparent pixels do not darken the edges. Good enough for shrinking a flat icon.
import { createImage, type RgbaImage } from './png';

interface Tap {
  index: number;
  weight: number;
}

/** For every output pixel along one axis: the source pixels it covers and by how much. */
function taps(sourceLength: number, targetLength: number): Tap[][] {
  const scale = sourceLength / targetLength;
  const result: Tap[][] = [];
  for (let t = 0; t < targetLength; t++) {
    const start = t * scale;
    const end = start + scale;
    const list: Tap[] = [];
    for (let s = Math.floor(start); s < Math.min(Math.ceil(end), sourceLength); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) list.push({ index: s, weight: overlap / scale });
    }
    result.push(list);
  }
  return result;
}

export function resizeImage(source: RgbaImage, width: number, height: number): RgbaImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad target size ${width}x${height}`);
  }
  if (width > source.width || height > source.height) {
    throw new RangeError(
      `only downscaling is supported (${source.width}x${source.height} -> ${width}x${height})`,
    );
  }
  const xs = taps(source.width, width);
  const ys = taps(source.height, height);
  // Pass 1: horizontal, into premultiplied floats.
  const mid = new Float64Array(width * source.height * 4);
  for (let y = 0; y < source.height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const tap of xs[x] as Tap[]) {
        const i = (y * source.width + tap.index) * 4;
        const alpha = ((source.data[i + 3] as number) / 255) * tap.weight;
        r += (source.data[i] as number) * alpha;
        g += (source.data[i + 1] as number) * alpha;
        b += (source.data[i + 2] as number) * alpha;
        a += alpha;
      }
      const o = (y * width + x) * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }
  // Pass 2: vertical, then un-premultiply.
  const out = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const tap of ys[y] as Tap[]) {
        const i = (tap.index * width + x) * 4;
        r += (mid[i] as number) * tap.weight;
        g += (mid[i + 1] as number) * tap.weight;
        b += (mid[i + 2] as number) * tap.weight;
        a += (mid[i + 3] as number) * tap.weight;
      }
      const o = (y * width + x) * 4;
      if (a > 0) {
        out.data[o] = Math.round(Math.min(255, r / a));
        out.data[o + 1] = Math.round(Math.min(255, g / a));
        out.data[o + 2] = Math.round(Math.min(255, b / a));
      }
      out.data[o + 3] = Math.round(Math.min(1, a) * 255);
    }
  }
  return out;
}
