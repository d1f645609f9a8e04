/**
 * The `sent` event is the UI's signal that a message is done: by then its outbox record must be
 * gone, or a retry issued in reaction to the event still finds the message "waiting to be sent".
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openFixture, TempDirs, type Fixture } from './testing/service-fixture';

const BOB = { channelId: 'bob', channelType: 1 };
const tmp = new TempDirs();
let f: Fixture | null = null;

beforeEach(async () => {
  f = await openFixture(await tmp.make());
});
afterEach(async () => {
  await f?.service.close();
  f = null;
  await tmp.cleanup();
});

it('emits sent only after the outbox record is removed', async () => {
  const { service, link } = f!;
  const retried: Promise<unknown>[] = [];
  service.on('message', (e) => {
    // A retry issued from the listener, the way a UI reacting to the event would: the service
    // looks the record up before its first await.
    if (e.state === 'sent') retried.push(service.retry(e.clientMsgNo).catch((err: unknown) => err));
  });
  link.connect();
  await service.send(BOB, 'hello');
  await vi.waitFor(() => expect(link.pendingSends()).toHaveLength(1), { interval: 2 });
  link.ack(link.sends[0]!);
  await vi.waitFor(() => expect(retried).toHaveLength(1), { interval: 2 });
  // notFound (no longer waiting), not notFailed (still in the outbox as 'sending')
  expect(await retried[0]).toMatchObject({ name: 'MessagingError', code: 'notFound' });
});
