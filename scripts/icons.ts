// npm run icons — regenerates every installer icon from resources/icon.png (1024x1024 RGBA):
//   resources/icons/<n>x<n>.png (Linux), resources/icon.ico (Windows), resources/icon.icns (macOS).
// npm run icons -- --draw-source  first redraws resources/icon.png from scripts/packaging/icon-art.ts.
// To change the artwork, replace resources/icon.png with any 1024x1024 8-bit RGBA PNG and rerun.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { drawSourceIcon } from './packaging/icon-art';
import { buildIconFiles, ICON_SOURCE } from './packaging/icon-set';
import { decodePng, encodePng } from './packaging/png';

const root = resolve(import.meta.dirname, '..');

function main(): void {
  const sourcePath = resolve(root, ICON_SOURCE);
  if (process.argv.includes('--draw-source')) {
    mkdirSync(dirname(sourcePath), { recursive: true });
    writeFileSync(sourcePath, encodePng(drawSourceIcon()));
    console.log(`drew ${ICON_SOURCE}`);
  }
  const { files } = buildIconFiles(decodePng(readFileSync(sourcePath)));
  for (const [path, bytes] of files) {
    mkdirSync(dirname(resolve(root, path)), { recursive: true });
    writeFileSync(resolve(root, path), bytes);
    console.log(`wrote ${path} (${bytes.length} bytes)`);
  }
}

try {
  main();
} catch (error) {
  console.error(`icons: ${(error as Error).message}`);
  process.exit(1);
}
