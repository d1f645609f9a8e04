/** Temp folders and a MessagingService over a FakeLink and a ManualClock. Test code only. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReceivedMessage } from '../../core';
import { MessagingService, type MessagingServiceOptions } from '../messaging-service';
import { encodeText } from '../text-payload';
import type { HistoryEntry } from '../types';
import { FakeLink } from './fake-link';
import { ManualClock } from './manual-clock';

export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix = 'messaging-'): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  }
}

export interface Fixture {
  service: MessagingService;
  link: FakeLink;
  clock: ManualClock;
  events: HistoryEntry[];
}

export async function openFixture(
  dir: string,
  options: Partial<MessagingServiceOptions> & { link?: FakeLink; clock?: ManualClock } = {},
): Promise<Fixture> {
  const link = options.link ?? new FakeLink();
  const clock = options.clock ?? new ManualClock();
  const service = await MessagingService.open({ uid: 'alice', dir, ...options, link, clock });
  const events: HistoryEntry[] = [];
  service.on('message', (e) => events.push(e));
  return { service, link, clock, events };
}

let nextId = 5_000n;

export function incoming(
  overrides: Partial<ReceivedMessage> & { text?: string } = {},
): ReceivedMessage {
  nextId += 1n;
  const { text, ...rest } = overrides;
  return {
    messageId: nextId,
    messageSeq: nextId - 5_000n,
    clientMsgNo: `c${nextId}`,
    fromUid: 'bob',
    channelId: 'bob',
    channelType: 1,
    timestamp: 1_700_000_000,
    payload: encodeText(text ?? `hello ${nextId}`),
    redDot: true,
    syncOnce: false,
    noPersist: false,
    ...rest,
  };
}
