import { describe, expect, it } from 'vitest';
import { formatKickTime } from '../dialogs/kicked-dialog';
import { formatMessageTime } from './format-time';

describe('message times', () => {
  const early = new Date(2026, 10, 30, 4, 41).getTime();

  it('has no zero-padded hour in English ("4:41 AM", not "04:41 AM")', () => {
    // ICU may put a narrow no-break space before AM.
    expect(formatMessageTime(early, 'en', early).replace(/\s/g, ' ')).toBe('4:41 AM');
    expect(formatKickTime(early, 'en').replace(/\s/g, ' ')).toBe('4:41 AM');
  });

  it('reads the 24-hour way in Chinese, unpadded like the English', () => {
    expect(formatMessageTime(early, 'zh-CN', early)).toBe('4:41');
  });
});
