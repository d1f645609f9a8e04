import { describe, expect, it } from 'vitest';
import { readConfiguredFeed } from './update-feed-config';

describe('configured update feed', () => {
  it('reads the generic feed electron-builder writes into app-update.yml', () => {
    const yml =
      "provider: generic\nurl: 'https://updates.example.com/wukong'\nupdaterCacheDirName: wukong-desktop-updater\n";
    expect(readConfiguredFeed(yml)).toBe('https://updates.example.com/wukong');
  });
  it('is off without the file or for another provider', () => {
    expect(readConfiguredFeed(undefined)).toBeNull();
    expect(readConfiguredFeed('provider: github\nowner: x\nrepo: y\n')).toBeNull();
    expect(readConfiguredFeed('provider: generic\n')).toBeNull();
  });
});
