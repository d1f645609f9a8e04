import { powerMonitor } from 'electron';
import { startApp } from './main-app';
import type { ManagerFactory } from './services';
import { installTestHooks, readTestModeConfig } from './test-mode';

/**
 * Entry of the main bundle (out/main/index.js). The ConnectionManager is loaded lazily from the
 * main/im barrel. Test hooks exist only in test builds: `__WUKONG_TEST_BUILD__` is a build-time
 * constant, so a release build drops the branch and, with it, everything from ./test-mode.
 */
const loadManagerFactory = async (): Promise<ManagerFactory> => {
  const { ConnectionManager } = await import('./im');
  return (options) => new ConnectionManager(options);
};

function testModeOptions() {
  if (!__WUKONG_TEST_BUILD__) return null;
  const config = readTestModeConfig(process.env);
  let signalReady = (): void => {};
  let servicesReady = false;
  let windowReady = false;
  const maybeReady = (): void => {
    if (servicesReady && windowReady) signalReady();
  };
  return {
    ...config,
    onServicesReady(services: Parameters<typeof installTestHooks>[0]['services']) {
      signalReady = installTestHooks({ services, powerMonitor }).signalReady;
      servicesReady = true;
      maybeReady();
    },
    onWindowReady() {
      windowReady = true;
      maybeReady();
    },
  };
}

void startApp({
  loadManagerFactory,
  mainDir: import.meta.dirname,
  testMode: testModeOptions(),
}).catch((error: unknown) => {
  console.error('WuKong Desktop failed to start', error);
  process.exit(1);
});
