/**
 * Bundles browser-bridge.ts (and the preload's bridge factory it imports) into one classic script,
 * at host start, with the project's own Vite. Done in memory: nothing is written to disk.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Rollup } from 'vite';

const ENTRY = fileURLToPath(new URL('./browser-bridge.ts', import.meta.url));

let cached: Promise<string> | null = null;

/** The bundle is the same for every host in a process, so it is built once. */
export function bundleBrowserBridge(): Promise<string> {
  cached ??= buildBundle().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

async function buildBundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      target: 'chrome120',
      lib: { entry: ENTRY, formats: ['iife'], name: 'wukongBridge', fileName: () => 'bridge.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs
    .flatMap((output) => output.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('Bundling the browser bridge produced no script');
  return chunk.code;
}
