/**
 * Bridge events wait for the next frame and are applied together, in one update; every read of
 * the chat state applies what is waiting first, so answers and events keep their arrival order.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { createAppStore } from './app-store';
import { beforeNextFrame, HIDDEN_FLUSH_MS, type ScheduleFlush } from './next-frame';

const BOB = { channelId: 'bob', channelType: 1 };
const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

/** A store whose waiting events are applied only when the test says so. */
async function storeWithManualFrames() {
  const fake = new FakeApi();
  fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: 'first' }));
  const frames: Array<() => void> = [];
  const schedule: ScheduleFlush = (flush) => frames.push(flush);
  const store = createAppStore(fake.api, { scheduleFlush: schedule });
  await store.getState().start();
  await store.getState().loadChannels();
  store.getState().openConversation(BOB);
  await tick();
  const nextFrame = (): void => {
    for (const flush of frames.splice(0)) flush();
  };
  return { fake, store, frames, nextFrame };
}

const texts = (store: Awaited<ReturnType<typeof storeWithManualFrames>>['store']): string[] =>
  store.getState().conversations['1:bob']!.entries.map((e) => e.text);

describe('bridge events in one update per frame', () => {
  it('applies a burst of messages and channel changes together, at the next frame', async () => {
    const { fake, store, frames, nextFrame } = await storeWithManualFrames();
    const updates = vi.fn();
    store.subscribe(updates);
    for (let i = 0; i < 50; i += 1) fake.receive('bob', `burst ${i}`);
    // Waiting: nothing changed yet, and one flush is scheduled for all 100 events.
    expect(texts(store)).toEqual(['first']);
    expect(updates).not.toHaveBeenCalled();
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(updates).toHaveBeenCalledTimes(1);
    expect(texts(store)).toEqual(['first', ...Array.from({ length: 50 }, (_, i) => `burst ${i}`)]);
    expect(store.getState().channels.find((c) => c.channelId === 'bob')?.unread).toBe(50);
  });

  it('keeps arrival order: a message deleted after its waiting event stays deleted', async () => {
    const { fake, store, nextFrame } = await storeWithManualFrames();
    const sent = await store.getState().sendMessage('oops');
    expect(sent).toBe(true);
    const own = fake.history.get('1:bob')!.at(-1)!;
    // The main process says it failed; before that event is applied, the person deletes it.
    fake.updateMessage(own.clientMsgNo, { state: 'failed', failReason: 'error' });
    await store.getState().deleteMessage(own.clientMsgNo);
    nextFrame();
    expect(texts(store)).toEqual(['first']);
  });

  it('drops events of the previous account when the chat state is reset', async () => {
    const { fake, store, nextFrame } = await storeWithManualFrames();
    fake.receive('bob', 'for the old account');
    store.getState().resetChat();
    nextFrame();
    expect(store.getState().channels).toEqual([]);
    expect(store.getState().conversations).toEqual({});
  });
});

describe('beforeNextFrame', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs once, at the next frame when there is one, else by the timer (a hidden window)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);

    const visible = vi.fn();
    beforeNextFrame(visible);
    frames.shift()!(0);
    vi.advanceTimersByTime(HIDDEN_FLUSH_MS * 2);
    expect(visible).toHaveBeenCalledTimes(1);

    const hidden = vi.fn();
    beforeNextFrame(hidden);
    expect(hidden).not.toHaveBeenCalled();
    vi.advanceTimersByTime(HIDDEN_FLUSH_MS);
    expect(hidden).toHaveBeenCalledTimes(1);
    // A frame coming late changes nothing.
    for (const frame of frames.splice(0)) frame(0);
    expect(hidden).toHaveBeenCalledTimes(1);
  });
});
