// Draws the original WuKong Desktop source icon: a blue-to-teal rounded square (macOS icon grid
// proportions) holding a white chat bubble with a "W" cut into it. Shapes are signed distance
// fields, so edges are anti-aliased at any size; run once by `npm run icons -- --draw-source`
// and the PNG it writes is the single source for every other icon file.
import { createImage, type RgbaImage } from './png';

type Rgb = readonly [number, number, number];

const TOP_LEFT: Rgb = [0x3d, 0x5a, 0xfe];
const BOTTOM_RIGHT: Rgb = [0x12, 0xb8, 0xa6];

function roundedBox(px: number, py: number, halfW: number, halfH: number, r: number): number {
  const qx = Math.abs(px) - halfW + r;
  const qy = Math.abs(py) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.max(0, Math.min(1, (pax * bax + pay * bay) / (bax * bax + bay * bay)));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

/** Signed distance to a triangle (negative inside), after Inigo Quilez. */
function triangle(px: number, py: number, v: readonly (readonly [number, number])[]): number {
  const [p0, p1, p2] = v as [[number, number], [number, number], [number, number]];
  const edges: [number, number][] = [
    [p1[0] - p0[0], p1[1] - p0[1]],
    [p2[0] - p1[0], p2[1] - p1[1]],
    [p0[0] - p2[0], p0[1] - p2[1]],
  ];
  const starts = [p0, p1, p2];
  const s = Math.sign(edges[0]![0] * edges[2]![1] - edges[0]![1] * edges[2]![0]);
  let dist = Infinity;
  let sign = Infinity;
  for (let i = 0; i < 3; i++) {
    const [ex, ey] = edges[i]!;
    const wx = px - starts[i]![0];
    const wy = py - starts[i]![1];
    const h = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    dist = Math.min(dist, Math.hypot(wx - ex * h, wy - ey * h));
    sign = Math.min(sign, s * (wx * ey - wy * ex));
  }
  return -dist * Math.sign(sign);
}

const coverage = (distance: number): number => Math.max(0, Math.min(1, 0.5 - distance));

function over(data: Uint8Array, i: number, rgb: Rgb, alpha: number): void {
  if (alpha <= 0) return;
  const dstA = (data[i + 3] as number) / 255;
  const outA = alpha + dstA * (1 - alpha);
  for (let c = 0; c < 3; c++) {
    const blended = (rgb[c]! * alpha + (data[i + c] as number) * dstA * (1 - alpha)) / outA;
    data[i + c] = Math.round(blended);
  }
  data[i + 3] = Math.round(outA * 255);
}

export function drawSourceIcon(size = 1024): RgbaImage {
  const image = createImage(size, size);
  const k = size / 1024; // the design is laid out on a 1024 grid
  const W_POINTS: [number, number][] = [
    [-150, -60],
    [-78, 70],
    [0, -22],
    [78, 70],
    [150, -60],
  ];
  const tail: [number, number][] = [
    [-150, 120],
    [-205, 250],
    [-30, 150],
  ];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x + 0.5) / k;
      const gy = (y + 0.5) / k;
      const i = (y * size + x) * 4;
      const t = Math.max(0, Math.min(1, (gx + gy - 2 * 100) / (2 * 824)));
      const gradient: Rgb = [
        TOP_LEFT[0] + (BOTTOM_RIGHT[0] - TOP_LEFT[0]) * t,
        TOP_LEFT[1] + (BOTTOM_RIGHT[1] - TOP_LEFT[1]) * t,
        TOP_LEFT[2] + (BOTTOM_RIGHT[2] - TOP_LEFT[2]) * t,
      ];
      // background tile: 824 px square, radius 185, centred
      over(image.data, i, gradient, coverage(roundedBox(gx - 512, gy - 512, 412, 412, 185) * k));
      // bubble: body plus a tail down-left, centred slightly above the middle
      const bx = gx - 512;
      const by = gy - 480;
      const bubble = Math.min(roundedBox(bx, by, 270, 200, 120), triangle(bx, by, tail));
      over(image.data, i, [255, 255, 255], coverage(bubble * k));
      // the W, in the tile's colour so it reads as cut out of the bubble
      let w = Infinity;
      for (let s = 0; s + 1 < W_POINTS.length; s++) {
        const [ax, ay] = W_POINTS[s]!;
        const [cx, cy] = W_POINTS[s + 1]!;
        w = Math.min(w, segment(bx, by, ax, ay, cx, cy));
      }
      over(image.data, i, gradient, coverage((w - 32) * k));
    }
  }
  return image;
}
