/**
 * Full-text search on a real database: Chinese and English, trigram (3+ characters) and the short
 * LIKE path (1-2), FTS syntax and LIKE wildcards taken literally, hostile input refused cleanly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_QUERY_LENGTH } from '../../../shared/search';
import { MessagingError } from './errors';
import { MessageStore, type IncomingRecord } from './message-store';
import { makeSnippet } from './storage/message-search';
import { TempDirs } from './testing/service-fixture';

const tmp = new TempDirs();
let store: MessageStore;
beforeEach(async () => {
  const { store: s } = MessageStore.open({ dir: await tmp.make(), uid: 'alice', now: () => 0 });
  store = s;
});
afterEach(async () => {
  store.close();
  await tmp.cleanup();
});

let seq = 0;
function rec(text: string, channelId = 'bob'): IncomingRecord {
  seq += 1;
  return {
    channelId,
    channelType: 1,
    messageId: String(50_000 + seq),
    messageSeq: String(seq),
    clientMsgNo: `s${seq}`,
    fromUid: channelId,
    contentType: 1,
    text,
    timestamp: seq * 1000,
  };
}
const texts = (q: string, o?: { limit?: number; before?: number }) =>
  store.search(q, o).map((h) => h.message.text);

describe('MessageStore.search', () => {
  beforeEach(() => {
    store.storeIncoming([
      rec('你好世界'),
      rec('hi there'),
      rec('Hello World, how are you?', 'carol'),
      rec('我们明天去北京吧'),
      rec('price is 100% off_now'),
      rec('say "quoted" AND NOT this*'),
      rec('nothing to see'),
    ]);
  });

  it('finds Chinese text inside longer text, with 2 and 3+ characters', () => {
    expect(texts('你好')).toEqual(['你好世界']);
    expect(texts('北京')).toEqual(['我们明天去北京吧']);
    expect(texts('明天去')).toEqual(['我们明天去北京吧']);
    expect(texts('好')).toEqual(['你好世界']);
  });

  it('finds English with short and long queries, ignoring case, newest first', () => {
    expect(texts('hi')).toEqual(['nothing to see', 'say "quoted" AND NOT this*', 'hi there']);
    expect(texts('hi t')).toEqual(['hi there']);
    expect(texts('WORLD')).toEqual(['Hello World, how are you?']);
    expect(texts('o')).toEqual([
      'nothing to see',
      'say "quoted" AND NOT this*',
      'price is 100% off_now',
      'Hello World, how are you?',
    ]);
    expect(texts('  how are  ')).toEqual(['Hello World, how are you?']);
  });

  it('answers the channel, the message and a snippet that marks the match', () => {
    const [hit] = store.search('world');
    expect(hit!.message).toMatchObject({ channelId: 'carol', channelType: 1 });
    expect(hit!.snippet.slice(hit!.match[0], hit!.match[1])).toBe('World');
  });

  it('takes FTS syntax and LIKE wildcards literally', () => {
    expect(texts('"quoted"')).toEqual(['say "quoted" AND NOT this*']);
    expect(texts('AND NOT')).toEqual(['say "quoted" AND NOT this*']);
    expect(texts('this*')).toEqual(['say "quoted" AND NOT this*']);
    expect(texts('%')).toEqual(['price is 100% off_now']);
    expect(texts('_')).toEqual(['price is 100% off_now']);
    expect(texts('0% off')).toEqual(['price is 100% off_now']);
    expect(texts('%%')).toEqual([]);
    // Wildcards next to letters (the LIKE path): literal too.
    expect(texts('y%')).toEqual([]);
    expect(texts('e_')).toEqual([]);
    expect(texts('f_')).toEqual(['price is 100% off_now']);
    expect(texts('\\')).toEqual([]);
    expect(texts('NEAR(a b)')).toEqual([]);
  });

  it('answers nothing for hostile or empty input without a raw SQLite error', () => {
    for (const q of [
      '',
      '   ',
      '"',
      '""',
      "'",
      '*',
      '^',
      ':',
      '(',
      ')',
      '-',
      'a\0b',
      '\uD800',
      '"\uDFFF"',
      'col:val',
      '\\%_',
    ]) {
      expect(() => store.search(q), JSON.stringify(q)).not.toThrow();
    }
    expect(texts('')).toEqual([]);
  });

  it('refuses a query too long, a bad limit or a bad before with a clear error', () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (err) {
        expect(err).toBeInstanceOf(MessagingError);
        return (err as MessagingError).message;
      }
      throw new Error('not refused');
    };
    expect(refused(() => store.search('x'.repeat(MAX_SEARCH_QUERY_LENGTH + 1)))).toMatch(
      /at most 200/,
    );
    expect(refused(() => store.search('hi', { limit: 0 }))).toMatch(/limit/);
    expect(refused(() => store.search('hi', { limit: MAX_SEARCH_LIMIT + 1 }))).toMatch(/limit/);
    expect(refused(() => store.search('hi', { limit: 1.5 }))).toMatch(/limit/);
    expect(refused(() => store.search('hi', { before: Number.NaN }))).toMatch(/before/);
    expect(refused(() => store.search(42 as unknown as string))).toMatch(/text/);
  });

  it('pages back with limit and before, on both paths', () => {
    store.storeIncoming(Array.from({ length: 5 }, (_, i) => rec(`page ${i} 页面`)));
    const first = store.search('page', { limit: 2 });
    expect(first.map((h) => h.message.text)).toEqual(['page 4 页面', 'page 3 页面']);
    const next = store.search('page', { limit: 2, before: first[1]!.message.order });
    expect(next.map((h) => h.message.text)).toEqual(['page 2 页面', 'page 1 页面']);
    const short = store.search('页面', { limit: 3, before: next[0]!.message.order });
    expect(short.map((h) => h.message.text)).toEqual(['page 1 页面', 'page 0 页面']);
  });

  it('sees own messages and keeps the index current when a message is deleted', () => {
    store.storeIncoming([rec('temporary words')]);
    expect(texts('temporary')).toEqual(['temporary words']);
    store.db.prepare("DELETE FROM messages WHERE text = 'temporary words'").run();
    expect(texts('temporary')).toEqual([]);
  });
});

describe('makeSnippet', () => {
  it('cuts long text around the match and marks the cuts', () => {
    const text = `${'a'.repeat(100)}needle${'b'.repeat(100)}`;
    const { snippet, match } = makeSnippet(text, 'needle');
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    expect(snippet.slice(...match)).toBe('needle');
    expect(snippet.length).toBeLessThan(60);
  });
});
