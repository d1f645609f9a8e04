import { describe, expect, it } from 'vitest';
import { macSigning, publishOptions, signingEnabled, windowsSigning } from './release-options';

describe('optional release steps', () => {
  it('are all off with an empty environment', () => {
    expect(signingEnabled({})).toBe(false);
    expect(macSigning({})).toEqual({ identity: null, notarize: false });
    expect(windowsSigning({})).toEqual({});
    expect(publishOptions({})).toBeNull();
  });

  it('certificates alone do not switch signing on; WUKONG_SIGN=1 does', () => {
    expect(signingEnabled({ CSC_LINK: 'cert.p12' })).toBe(false);
    expect(macSigning({ CSC_LINK: 'cert.p12' }).identity).toBeNull();
    expect(macSigning({ WUKONG_SIGN: '1' })).toEqual({ notarize: false });
    expect(windowsSigning({ WUKONG_SIGN: '1' })).toEqual({
      signtoolOptions: { signingHashAlgorithms: ['sha256'] },
    });
  });

  it('notarizes only with a complete set of Apple credentials', () => {
    const appleId = { APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' };
    expect(macSigning({ WUKONG_SIGN: '1', ...appleId }).notarize).toBe(true);
    expect(macSigning({ WUKONG_SIGN: '1', ...appleId, APPLE_TEAM_ID: '' }).notarize).toBe(false);
    const apiKey = { APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss' };
    expect(macSigning({ WUKONG_SIGN: '1', ...apiKey }).notarize).toBe(true);
  });

  it('uses Azure Trusted Signing when its variables are set, without copying secrets', () => {
    const result = windowsSigning({
      WUKONG_SIGN: '1',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 'do-not-copy',
      WUKONG_AZURE_ENDPOINT: 'https://eus.codesigning.azure.net',
      WUKONG_AZURE_CERT_PROFILE: 'profile',
      WUKONG_AZURE_ACCOUNT: 'account',
    });
    expect(result.azureSignOptions).toMatchObject({ certificateProfileName: 'profile' });
    expect(JSON.stringify(result)).not.toContain('do-not-copy');
  });

  it('publishes to a generic https server or GitHub releases when asked', () => {
    expect(publishOptions({ WUKONG_PUBLISH_URL: 'https://updates.example.com/wk' })).toEqual([
      { provider: 'generic', url: 'https://updates.example.com/wk' },
    ]);
    expect(publishOptions({ WUKONG_PUBLISH_GITHUB: 'me/wk' })).toEqual([
      { provider: 'github', owner: 'me', repo: 'wk', releaseType: 'draft' },
    ]);
  });

  it('rejects unsafe or malformed publish settings with a clear error', () => {
    expect(() => publishOptions({ WUKONG_PUBLISH_URL: 'http://insecure.example.com' })).toThrow(
      /https/,
    );
    expect(() => publishOptions({ WUKONG_PUBLISH_GITHUB: 'not a repo' })).toThrow(/owner\/repo/);
  });
});
