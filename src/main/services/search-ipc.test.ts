/**
 * The search verb end to end in the main process: the IPC handler validates the payload (query
 * length, limit bound, no stray fields), the services reach the real MessagingService on a temp
 * folder, and the answer matches the contract.
 */
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, InvalidPayloadError, searchHitSchema } from '../../shared/ipc-contract';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_QUERY_LENGTH } from '../../shared/search';
import { incoming } from '../im/messaging/testing/service-fixture';
import { fakeManagerFactory } from '../testing/fake-connection-manager';
import { tempDir } from '../testing/temp-dir';
import { createAppServices } from './app-services';
import { createIpcHandlers } from './ipc-handlers';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';

const server = { kind: 'static' as const, host: '127.0.0.1', port: 5100 };

async function signedIn() {
  const factory = fakeManagerFactory();
  const services = createAppServices({
    createManager: factory.create,
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir: tempDir('wukong-search-'),
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    appVersion: '0',
    platform: 'test',
  });
  const handlers = createIpcHandlers(services);
  await services.signIn({ server, uid: 'alice', token: 'alice-token-123' });
  const persist = factory.last.options.onMessage!;
  await persist(incoming({ text: '你好世界' }));
  await persist(incoming({ text: 'hi there' }));
  await persist(incoming({ channelId: 'team', channelType: 2, text: 'meeting at noon' }));
  const search = handlers.invoke[INVOKE_CHANNELS.searchMessages];
  return { services, search };
}

describe('the searchMessages verb', () => {
  it('finds stored messages in both languages, newest first, shaped as the contract says', async () => {
    const { services, search } = await signedIn();
    const chinese = await search({ query: '你好' });
    expect(chinese.map((h) => h.message.text)).toEqual(['你好世界']);
    const english = await search({ query: 'noon', limit: 10 });
    expect(english).toHaveLength(1);
    expect(english[0]!.message).toMatchObject({ channelId: 'team', channelType: 2 });
    for (const hit of [...chinese, ...english]) expect(searchHitSchema.parse(hit)).toEqual(hit);
    expect((await services.searchMessages('e')).map((h) => h.message.text)).toEqual([
      'meeting at noon',
      'hi there',
    ]);
    await services.shutdown();
  });

  it('refuses a bad payload by name before it reaches the store', async () => {
    const { services, search } = await signedIn();
    const bad: unknown[] = [
      undefined,
      {},
      { query: 42 },
      { query: 'x'.repeat(MAX_SEARCH_QUERY_LENGTH + 1) },
      { query: 'hi', limit: 0 },
      { query: 'hi', limit: MAX_SEARCH_LIMIT + 1 },
      { query: 'hi', limit: 2.5 },
      { query: 'hi', before: 'x' },
      { query: 'hi', sql: 'DROP TABLE messages' },
    ];
    for (const payload of bad) {
      await expect(search(payload as never), JSON.stringify(payload)).rejects.toBeInstanceOf(
        InvalidPayloadError,
      );
    }
    await expect(search({ query: 'x'.repeat(MAX_SEARCH_QUERY_LENGTH + 1) })).rejects.toThrow(
      `at most ${MAX_SEARCH_QUERY_LENGTH} characters`,
    );
    // Input that is valid text but FTS syntax: answered, never a raw SQLite error.
    await expect(search({ query: '"AND (NOT' })).resolves.toEqual([]);
    await services.shutdown();
  });

  it('asks to sign in first when nobody is signed in', async () => {
    const { services, search } = await signedIn();
    await services.signOut();
    await expect(search({ query: 'hi' })).rejects.toThrow('Sign in first');
  });
});
