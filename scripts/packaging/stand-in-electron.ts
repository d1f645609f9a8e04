// A stand-in for Electron's linux-x64 distribution, for packaging tests on machines that cannot
// download the real one. It has the file layout electron-builder copies from `electronDist` (an
// `electron` executable, resources/, locales/, the .pak/.bin/.dat files, chrome-sandbox, the
// licences) and an `electron` that carries a real fuse wire, so @electron/fuses can flip it and
// a test can read back what the build applied. It cannot run an app.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The marker Electron puts before its fuse wire (@electron/fuses' SENTINEL, not exported). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse states as shipped by Electron 45 (ASCII '0'/'1'), in FuseV1Options order. */
export const STAND_IN_DEFAULT_WIRE = '101100011';

export const STAND_IN_FILES = [
  'chrome-sandbox',
  'chrome_crashpad_handler',
  'chrome_100_percent.pak',
  'chrome_200_percent.pak',
  'icudtl.dat',
  'libEGL.so',
  'libGLESv2.so',
  'libffmpeg.so',
  'libvk_swiftshader.so',
  'libvulkan.so.1',
  'resources.pak',
  'snapshot_blob.bin',
  'v8_context_snapshot.bin',
  'vk_swiftshader_icd.json',
  'LICENSE',
  'LICENSES.chromium.html',
  'version',
  'locales/en-US.pak',
  'locales/zh-CN.pak',
] as const;

export function writeStandInElectron(dir: string, version: string): string {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  // An empty resources/ (no default_app.asar: with a custom unpacked dist electron-builder keeps
  // whatever is there, and a real build's downloaded zip has it removed).
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, STAND_IN_DEFAULT_WIRE.length]), // wire version 1, length
    Buffer.from(STAND_IN_DEFAULT_WIRE, 'ascii'),
  ]);
  const executable = join(dir, 'electron');
  writeFileSync(
    executable,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in Electron: cannot run apps" >&2\nexit 1\n'),
      wire,
      Buffer.from('\n'),
    ]),
  );
  chmodSync(executable, 0o755);
  for (const file of STAND_IN_FILES) {
    writeFileSync(join(dir, file), file === 'version' ? version : `stand-in ${file}\n`);
  }
  chmodSync(join(dir, 'chrome-sandbox'), 0o755);
  return dir;
}
