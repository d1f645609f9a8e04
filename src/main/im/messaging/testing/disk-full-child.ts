/**
 * Run by disk-full.test.ts in a child process whose files may not grow beyond `ulimit -f`: sends
 * and receives until the store refuses, then a few more, printing one line per outcome
 * ("sent <clientMsgNo>", "received <text>", "refused <code> <message>"). Test code only.
 */
import { MessagingError } from '../errors';
import { MessagingService } from '../messaging-service';
import { FakeLink } from './fake-link';
import { incoming } from './service-fixture';

const BOB = { channelId: 'bob', channelType: 1 };
const dir = process.argv[2];
if (!dir) throw new Error('usage: disk-full-child <dir>');

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const service = await MessagingService.open({ link: new FakeLink(), uid: 'alice', dir });
service.on('storageIssue', (issue) => out(`issue ${issue.kind} ${issue.detail ?? ''}`));
let refusals = 0;
for (let i = 0; refusals < 6 && i < 100_000; i++) {
  const padding = 'x'.repeat(500);
  try {
    if (i % 2 === 0) out(`sent ${(await service.send(BOB, `s${i} ${padding}`)).clientMsgNo}`);
    else {
      await service.onReceived(incoming({ text: `r${i} ${padding}` }));
      out(`received r${i}`);
    }
  } catch (err) {
    refusals += 1;
    out(`refused ${err instanceof MessagingError ? err.code : 'other'} ${String(err)}`);
  }
}
await service.close();
out('closed');
