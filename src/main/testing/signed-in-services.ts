import { createAppServices, type AppServices } from '../services/app-services';
import { createInMemorySecretStore } from '../services/secret-store';
import { createInMemorySettingsRepository } from '../services/settings-repository';
import { fakeManagerFactory, type FakeConnectionManager } from './fake-connection-manager';
import { tempDir } from './temp-dir';

/**
 * App services over in-memory storage and the fake manager, signed in as `uid` (tests only; call
 * it inside a test, since its message folder is removed when the test finishes).
 */
export async function signedInServices(
  token = 'token-1234',
  uid = 'alice',
): Promise<{ services: AppServices; manager: FakeConnectionManager }> {
  const factory = fakeManagerFactory();
  const services = createAppServices({
    createManager: factory.create,
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir: tempDir(),
    appVersion: '0',
    platform: 'test',
  });
  await services.signIn({
    server: { kind: 'static', host: '127.0.0.1', port: 5100 },
    uid,
    token,
  });
  return { services, manager: factory.last };
}
