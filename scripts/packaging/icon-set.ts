// Which icon files the installers need, and how they are derived from resources/icon.png.
import { resizeImage } from './resize';
import { encodeIco } from './ico';
import { encodeIcns } from './icns';
import { encodePng, type RgbaImage } from './png';

export const ICON_SOURCE = 'resources/icon.png';
export const SOURCE_SIZE = 1024;
/** Linux (AppImage, deb): freedesktop hicolor sizes, as resources/icons/<n>x<n>.png. */
export const LINUX_ICON_DIR = 'resources/icons';
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Windows (NSIS, exe resources): resources/icon.ico. 256 is required by electron-builder. */
export const ICO_FILE = 'resources/icon.ico';
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** macOS (dmg, app bundle): resources/icon.icns. */
export const ICNS_FILE = 'resources/icon.icns';

export interface IconFiles {
  /** relative path -> file contents */
  files: Map<string, Buffer>;
}

export function buildIconFiles(source: RgbaImage): IconFiles {
  if (source.width !== SOURCE_SIZE || source.height !== SOURCE_SIZE) {
    throw new RangeError(
      `${ICON_SOURCE} must be ${SOURCE_SIZE}x${SOURCE_SIZE}, got ${source.width}x${source.height}`,
    );
  }
  const cache = new Map<number, RgbaImage>();
  const sized = (n: number): RgbaImage => {
    let image = cache.get(n);
    if (!image) {
      image = n === SOURCE_SIZE ? source : resizeImage(source, n, n);
      cache.set(n, image);
    }
    return image;
  };
  const files = new Map<string, Buffer>();
  for (const n of LINUX_SIZES) files.set(`${LINUX_ICON_DIR}/${n}x${n}.png`, encodePng(sized(n)));
  files.set(ICO_FILE, encodeIco(ICO_SIZES.map(sized)));
  files.set(ICNS_FILE, encodeIcns(sized));
  return { files };
}
