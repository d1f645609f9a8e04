import { describe, expect, it } from 'vitest';
import {
  MAX_FIELD_CHARS,
  MAX_PAYLOAD_BYTES,
  MESSAGE_CONTENT_STRINGS,
  contentOfType,
  decodeContent,
  describeContent,
  formatFileSize,
  type MessageContent,
} from './message-content';

const bytes = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));
const en = (o: unknown): string => describeContent(decodeContent(bytes(o)), 'en');
const zh = (o: unknown): string => describeContent(decodeContent(bytes(o)), 'zh-CN');

describe('decodeContent: the known types', () => {
  it('text is text', () => {
    expect(decodeContent(bytes({ type: 1, content: '你好 world' }))).toEqual({
      kind: 'text',
      text: '你好 world',
    });
    expect(en({ type: 1, content: 'line 1\nline 2' })).toBe('line 1\nline 2');
  });

  it('image and GIF: placeholder in both languages, dimensions kept', () => {
    expect(
      decodeContent(bytes({ type: 2, url: 'http://x/a.png', width: 640, height: 480 })),
    ).toEqual({ kind: 'image', url: 'http://x/a.png', width: 640, height: 480 });
    expect(en({ type: 2, url: 'u' })).toBe('[Image]');
    expect(zh({ type: 2, url: 'u' })).toBe('[图片]');
    expect(en({ type: 3, url: 'u', width: 1, height: 1 })).toBe('[GIF]');
    expect(zh({ type: 3 })).toBe('[动图]');
  });

  it('voice with its length (timeTrad seconds)', () => {
    expect(en({ type: 4, url: 'v', timeTrad: 7 })).toBe('[Voice message] 7″');
    expect(zh({ type: 4, url: 'v', timeTrad: 7 })).toBe('[语音] 7″');
    expect(en({ type: 4, url: 'v' })).toBe('[Voice message]');
  });

  it('video', () => {
    expect(decodeContent(bytes({ type: 5, url: 'v', cover: 'c', second: 12, size: 2048 }))).toEqual(
      {
        kind: 'video',
        url: 'v',
        cover: 'c',
        seconds: 12,
        size: 2048,
      },
    );
    expect(en({ type: 5 })).toBe('[Video]');
    expect(zh({ type: 5 })).toBe('[视频]');
  });

  it('location shows its title (else its address)', () => {
    expect(en({ type: 6, title: 'Tiananmen', address: 'Beijing', lat: 39.9, lng: 116.39 })).toBe(
      '[Location] Tiananmen',
    );
    expect(zh({ type: 6, address: '北京市' })).toBe('[位置] 北京市');
    expect(en({ type: 6 })).toBe('[Location]');
  });

  it('card shows the name (else the uid)', () => {
    expect(en({ type: 7, uid: 'u1', name: 'Carol' })).toBe('[Contact card] Carol');
    expect(zh({ type: 7, uid: 'u1' })).toBe('[名片] u1');
  });

  it('file shows name and size', () => {
    expect(en({ type: 8, name: 'report.pdf', size: 1_572_864, url: 'f' })).toBe(
      '[File] report.pdf (1.5 MB)',
    );
    expect(zh({ type: 8, name: '报告.pdf', size: 300 })).toBe('[文件] 报告.pdf (300 B)');
    expect(en({ type: 8, name: 'a.txt' })).toBe('[File] a.txt');
    expect(en({ type: 8 })).toBe('[File]');
  });

  it('commands decode as commands (not for display) and still have wording', () => {
    expect(decodeContent(bytes({ type: 99, cmd: 'clearUnread', param: {} }))).toEqual({
      kind: 'command',
      cmd: 'clearUnread',
    });
    expect(zh({ type: 99, cmd: 'x' })).toBe('[系统消息]');
  });

  it('system notices fill their {n} template from extra', () => {
    expect(
      en({
        type: 1002,
        content: '{0} invited {1} to the group',
        extra: [{ uid: 'a', name: 'Alice' }, { uid: 'b' }],
      }),
    ).toBe('Alice invited b to the group');
    // no usable text: unsupported
    expect(en({ type: 1002 })).toBe('[Unsupported message]');
  });
});

describe('decodeContent: unknown and hostile payloads', () => {
  const unsupported = (payload: Uint8Array | string): void => {
    const c = decodeContent(payload);
    expect(c.kind).toBe('unsupported');
    expect(describeContent(c, 'en')).toBe('[Unsupported message]');
    expect(describeContent(c, 'zh-CN')).toBe('[不支持的消息]');
  };

  it('unknown types keep their number', () => {
    expect(decodeContent(bytes({ type: 56, orderNo: '1' }))).toEqual({
      kind: 'unsupported',
      contentType: 56,
    });
    unsupported(bytes({ type: -3 }));
  });

  it('not JSON, not an object, no numeric type, not UTF-8, empty', () => {
    unsupported(new Uint8Array());
    unsupported('not json');
    unsupported(bytes([1, 2]));
    unsupported(bytes('string'));
    unsupported(bytes(null));
    unsupported(bytes({ type: '1', content: 'x' }));
    unsupported(bytes({ type: 1.5 }));
    unsupported(bytes({ content: 'no type' }));
    unsupported(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
  });

  it('text that is missing, not a string or blank is unsupported (never an empty bubble)', () => {
    unsupported(bytes({ type: 1 }));
    unsupported(bytes({ type: 1, content: 42 }));
    unsupported(bytes({ type: 1, content: '  \n ' }));
  });

  it('oversized payloads are not parsed', () => {
    const big = new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(0x20);
    unsupported(big);
  });

  it('fields of the wrong type fall back; numbers must be finite and not negative', () => {
    expect(decodeContent(bytes({ type: 2, url: 5, width: -1, height: 'x' }))).toEqual({
      kind: 'image',
      url: '',
      width: null,
      height: null,
    });
    expect(en({ type: 8, name: ['a'], size: -5 })).toBe('[File]');
    expect(en({ type: 8, name: 'a', size: '2048' })).toBe('[File] a (2.0 KB)');
    expect(describeContent(decodeContent('{"type":4,"timeTrad":1e400}'), 'en')).toBe(
      '[Voice message]',
    );
  });

  it('__proto__ and inherited keys are not read', () => {
    const c = decodeContent('{"type":8,"__proto__":{"name":"evil"}}');
    expect(c).toEqual({ kind: 'file', name: '', size: null, url: '' });
  });

  it('names lose control and bidi characters and are cut to a sane length', () => {
    const c = decodeContent(bytes({ type: 8, name: 'inv\u202eoice\u0000.exe\n' })) as Extract<
      MessageContent,
      { kind: 'file' }
    >;
    expect(c.name).toBe('invoice.exe');
    const long = decodeContent(bytes({ type: 7, name: 'x'.repeat(10_000) })) as Extract<
      MessageContent,
      { kind: 'card' }
    >;
    expect(long.name.length).toBe(MAX_FIELD_CHARS);
  });

  it('a template value cannot inject another placeholder', () => {
    expect(en({ type: 6, title: '{{title}} {{size}}' })).toBe('[Location] {{title}} {{size}}');
  });

  it('never returns an empty line, for any type number', () => {
    for (let type = -2; type <= 2100; type++) {
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(describeContent(decodeContent(bytes({ type })), lang)).not.toBe('');
        expect(describeContent(contentOfType(type), lang)).not.toBe('');
      }
    }
  });
});

describe('helpers', () => {
  it('contentOfType gives the placeholder when only the type is known', () => {
    expect(describeContent(contentOfType(2), 'en')).toBe('[Image]');
    expect(describeContent(contentOfType(1, 'hi'), 'en')).toBe('hi');
    expect(describeContent(contentOfType(1, ''), 'zh-CN')).toBe('[不支持的消息]');
    expect(describeContent(contentOfType(777), 'en')).toBe('[Unsupported message]');
  });

  it('formatFileSize', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(1023)).toBe('1023 B');
    expect(formatFileSize(1024)).toBe('1.0 KB');
    expect(formatFileSize(15 * 1024 * 1024)).toBe('15 MB');
    expect(formatFileSize(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatFileSize(-1)).toBe('');
    expect(formatFileSize(Number.NaN)).toBe('');
  });

  it('both languages have the same keys and no empty string', () => {
    expect(Object.keys(MESSAGE_CONTENT_STRINGS['zh-CN']).sort()).toEqual(
      Object.keys(MESSAGE_CONTENT_STRINGS.en).sort(),
    );
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const v of Object.values(MESSAGE_CONTENT_STRINGS[lang])) expect(v).not.toBe('');
    }
  });
});
