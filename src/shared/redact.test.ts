import { describe, expect, it } from 'vitest';
import { REDACTED, createRedactor, maskSecrets, redactText } from './redact';

describe('the one redactor', () => {
  it('masks token assignments and registered secrets in free text with one marker', () => {
    expect(redactText('url?token=abc123&uid=u1')).toBe(`url?token=${REDACTED}&uid=u1`);
    expect(redactText('{"password":"pw-9"}')).toBe(`{"password":"${REDACTED}"}`);
    expect(redactText('sent tok-12345', ['tok-12345'])).toBe(`sent ${REDACTED}`);
    expect(redactText('connection reset by peer')).toBe('connection reset by peer');
  });

  it('leaves the names of form fields in the app’s own messages alone', () => {
    expect(maskSecrets('token: Enter a token', ['tok-12345'])).toBe('token: Enter a token');
    expect(createRedactor().redactText('token: Enter a token')).toBe('token: Enter a token');
  });
});
