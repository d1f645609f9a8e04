/**
 * Renderer production bundle size: a fresh production build (`electron-vite build`, no test
 * hooks) into a temporary directory, then the raw and gzipped size of every JS and CSS asset of
 * the renderer. out/ (possibly a test build in use by the e2e suite) is never touched.
 *
 *   npx tsx bench/run-all.ts bundle
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { kib, printTable, writeResult, type BenchOutcome } from './lib/report';

export interface BundleBenchOptions {
  /** measure this existing renderer output (a dir with assets/) instead of building */
  rendererDir?: string;
}

interface Asset {
  file: string;
  bytes: number;
  gzipBytes: number;
}

function build(): { dir: string; cleanup: () => void } {
  const out = mkdtempSync(path.join(os.tmpdir(), 'wukong-bench-build-'));
  const env = { ...process.env };
  delete env.WUKONG_TEST_BUILD; // a release build, whatever the shell says
  const r = spawnSync('npx', ['electron-vite', 'build', '--outDir', out, '--logLevel', 'error'], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`electron-vite build failed (${r.status}):\n${r.stderr || r.stdout}`);
  }
  return {
    dir: path.join(out, 'renderer'),
    cleanup: () => rmSync(out, { recursive: true, force: true }),
  };
}

export function measureAssets(rendererDir: string): Asset[] {
  const assets = path.join(rendererDir, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .sort()
    .map((file) => {
      const bytes = readFileSync(path.join(assets, file));
      return {
        file,
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length,
      };
    });
}

/** Async like the other benches so run-all treats them alike; the build itself is synchronous. */
export async function runBundleBench(opts: BundleBenchOptions = {}): Promise<BenchOutcome> {
  const built = opts.rendererDir ? null : build();
  const dir = opts.rendererDir ?? (built as { dir: string }).dir;
  let assets: Asset[];
  try {
    assets = measureAssets(dir);
  } finally {
    built?.cleanup();
  }
  const sum = (pick: (a: Asset) => number, ext?: string): number =>
    assets.filter((a) => !ext || a.file.endsWith(ext)).reduce((n, a) => n + pick(a), 0);
  const total = { bytes: sum((a) => a.bytes), gzipBytes: sum((a) => a.gzipBytes) };
  const js = { bytes: sum((a) => a.bytes, '.js'), gzipBytes: sum((a) => a.gzipBytes, '.js') };
  const css = { bytes: sum((a) => a.bytes, '.css'), gzipBytes: sum((a) => a.gzipBytes, '.css') };
  printTable(
    'bundle: renderer production build (gzip -9)',
    ['asset', 'raw', 'gzip'],
    [
      ...assets.map((a) => [a.file, kib(a.bytes), kib(a.gzipBytes)]),
      ['total JS', kib(js.bytes), kib(js.gzipBytes)],
      ['total CSS', kib(css.bytes), kib(css.gzipBytes)],
      ['total', kib(total.bytes), kib(total.gzipBytes)],
    ],
  );
  const data = { source: opts.rendererDir ?? 'fresh production build', assets, js, css, total };
  writeResult('bundle', data);
  return {
    name: 'bundle',
    data,
    goals: [
      {
        item: 'bundle',
        metric: 'renderer JS + CSS, gzipped (raw)',
        measured: `${kib(total.gzipBytes)} (${kib(total.bytes)})`,
        goal: '-',
        met: null,
      },
    ],
  };
}
