import { describe, expect, it } from 'vitest';
import { decodePayload, encodeText } from './text-payload';

describe('text payload', () => {
  it('writes the SDKs\u2019 text format and reads it back, unicode included', () => {
    const text = 'hi \u4f60\u597d "quoted" \n line \ud83d\ude00';
    expect(JSON.parse(encodeText(text).toString('utf8'))).toEqual({ type: 1, content: text });
    expect(decodePayload(encodeText(text))).toEqual({ contentType: 1, text });
  });

  it('keeps other content types as their number with empty text', () => {
    expect(decodePayload(Buffer.from('{"type":3,"content":"x"}'))).toEqual({
      contentType: 3,
      text: '',
    });
    expect(decodePayload(Buffer.from('{"type":1,"content":7}'))).toEqual({
      contentType: 1,
      text: '',
    });
  });

  it('never throws on junk', () => {
    const junk = ['', 'null', '[]', '"s"', '{"type":"1"}', '{"type":1.5}', '{"type":1e300}'];
    for (const j of [...junk, '\u0000\u00ff']) {
      expect(decodePayload(Buffer.from(j))).toEqual({ contentType: 0, text: '' });
    }
  });
});
