// Command-line options of scripts/dist.ts, parsed without side effects so they can be tested.
export interface DistOptions {
  /** Only the unpacked app (electron-builder's `dir` target), no installers. */
  dir: boolean;
  /** The e2e variant: WUKONG_TEST_BUILD=1 for electron-vite and the fuses. */
  testBuild: boolean;
  /** Upload to the configured publish provider (needs WUKONG_PUBLISH_* and its token). */
  publish: boolean;
  /** Skip `electron-vite build` (out/ is already built for this variant). */
  skipBuild: boolean;
}

export class DistUsageError extends Error {
  override name = 'DistUsageError';
}

export const DIST_USAGE =
  'usage: tsx scripts/dist.ts [--dir] [--test-build] [--publish] [--skip-build]';

export function parseDistArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DistOptions {
  const options: DistOptions = {
    dir: false,
    testBuild: env.WUKONG_TEST_BUILD === '1',
    publish: false,
    skipBuild: false,
  };
  for (const arg of argv) {
    if (arg === '--dir') options.dir = true;
    else if (arg === '--test-build') options.testBuild = true;
    else if (arg === '--publish') options.publish = true;
    else if (arg === '--skip-build') options.skipBuild = true;
    else throw new DistUsageError(`unknown option ${JSON.stringify(arg)}\n${DIST_USAGE}`);
  }
  if (options.publish && options.testBuild) {
    throw new DistUsageError('a test build is never published');
  }
  return options;
}
