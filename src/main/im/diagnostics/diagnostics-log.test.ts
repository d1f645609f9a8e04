import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS_CAPACITY, DiagnosticsLog, redact } from './diagnostics-log';
import type { DiagnosticsEntry } from '../../../shared/connection';

function entry(i: number, detail?: string): DiagnosticsEntry {
  return { at: i, event: `e${i}`, status: 'connecting', reason: 'none', attempt: i, detail };
}

describe('DiagnosticsLog', () => {
  it('keeps the last 500 entries, oldest first', () => {
    const log = new DiagnosticsLog();
    expect(log.capacity).toBe(500);
    for (let i = 0; i < 1234; i += 1) log.add(entry(i));
    const list = log.list();
    expect(list).toHaveLength(DIAGNOSTICS_CAPACITY);
    expect(list[0]?.at).toBe(1234 - 500);
    expect(list.at(-1)?.at).toBe(1233);
    expect(list.map((e) => e.at)).toEqual(Array.from({ length: 500 }, (_, k) => 734 + k));
  });

  it('returns copies that cannot change the log', () => {
    const log = new DiagnosticsLog(3);
    log.add(entry(1));
    const [first] = log.list();
    if (first) first.event = 'changed';
    expect(log.list()[0]?.event).toBe('e1');
  });

  it('never stores a token: registered secrets and token=... patterns are masked', () => {
    const log = new DiagnosticsLog(10);
    log.addSecret('s3cr3t-token-value');
    log.add(entry(1, 'connect failed with s3cr3t-token-value in message'));
    log.add(entry(2, 'url?token=abcdef123&uid=u1'));
    log.add(entry(3, '{"token":"zzz999"}'));
    const text = log.export();
    expect(text).not.toContain('s3cr3t-token-value');
    expect(text).not.toContain('abcdef123');
    expect(text).not.toContain('zzz999');
    expect(text).toContain('uid=u1');
    expect(text.split('\n')).toHaveLength(3);
  });

  it('redact leaves ordinary text alone', () => {
    expect(redact('connection reset by peer')).toBe('connection reset by peer');
  });

  it('rejects a bad capacity with a typed error', () => {
    expect(() => new DiagnosticsLog(0)).toThrow(RangeError);
  });

  it('clear empties it', () => {
    const log = new DiagnosticsLog(2);
    log.add(entry(1));
    log.clear();
    expect(log.length).toBe(0);
    expect(log.list()).toEqual([]);
  });
});
