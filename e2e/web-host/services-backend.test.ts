import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServicesBackend } from './services-backend';
import type { ServicesBackend } from './services-backend';
import { createTestKeychain } from './test-keychain';

describe('web host services backend', () => {
  let dir: string;
  let backend: ServicesBackend | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wukong-backend-'));
  });
  afterEach(async () => {
    await backend?.shutdown();
    backend = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects unknown channels and invalid payloads with a clear, typed error', async () => {
    backend = createServicesBackend({ dataDir: dir });
    await expect(backend.invoke('fs:read', '/etc/passwd')).rejects.toMatchObject({
      name: 'UnknownChannelError',
    });
    await expect(
      backend.invoke('account:sign-in', { server: { kind: 'static', host: 'x', port: 0 } }),
    ).rejects.toMatchObject({ name: 'InvalidPayloadError', message: /server\.port/ });
    expect(() => backend?.send('network:report', 'yes')).toThrow(/network:report/);
    expect(() => backend?.send('shell:exec', 'rm')).toThrow(/Unknown channel/);
  });

  it('serves the real handlers and pushes snapshots on the contract event channel', async () => {
    backend = createServicesBackend({ dataDir: dir });
    const settings = (await backend.invoke('settings:get', null)) as {
      connection: { heartbeatIntervalMs: number };
    };
    expect(settings.connection.heartbeatIntervalMs).toBe(25_000);
    const events: [string, unknown][] = [];
    backend.onEvent((channel, value) => events.push([channel, value]));
    backend.send('network:report', false);
    expect(events).toContainEqual([
      'connection:snapshot',
      expect.objectContaining({ networkOnline: false }),
    ]);
  });

  it('keeps settings in the data folder and the token only encrypted', async () => {
    backend = createServicesBackend({ dataDir: dir });
    await backend.invoke('settings:update', { connection: { heartbeatIntervalMs: 7_000 } });
    await backend.invoke('account:sign-in', {
      server: { kind: 'static', host: '127.0.0.1', port: 9 },
      uid: 'alice',
      token: 'secret-token-123',
    });
    await backend.shutdown();
    const secrets = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(secrets).toContain('enc:');
    expect(secrets).not.toContain('secret-token-123');

    // "Restart": a new backend on the same folder sees both.
    backend = createServicesBackend({ dataDir: dir });
    await backend.shutdown();
    const account = (await backend.invoke('account:get', undefined)) as { hasToken: boolean };
    expect(account.hasToken).toBe(true);
    const settings = (await backend.invoke('settings:get', undefined)) as {
      connection: { heartbeatIntervalMs: number };
    };
    expect(settings.connection.heartbeatIntervalMs).toBe(7_000);
  });
});

describe('web host services backend: messaging', () => {
  let dir: string;
  let backend: ServicesBackend | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wukong-backend-msg-'));
  });
  afterEach(async () => {
    await backend?.shutdown();
    backend = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the messaging channels and keeps the outbox in the data folder across a restart', async () => {
    backend = createServicesBackend({ dataDir: dir });
    await expect(backend.invoke('messages:list-channels', null)).rejects.toMatchObject({
      name: 'NotSignedInError',
    });
    const events: [string, unknown][] = [];
    backend.onEvent((channel, value) => events.push([channel, value]));
    // Port 9 (discard) refuses: the message stays queued in the outbox.
    await backend.invoke('account:sign-in', {
      server: { kind: 'static', host: '127.0.0.1', port: 9 },
      uid: 'alice',
      token: 'secret-token-123',
    });
    const bob = { channelId: 'bob', channelType: 1 };
    await expect(
      backend.invoke('messages:send', { channel: bob, text: '   ' }),
    ).rejects.toMatchObject({ name: 'InvalidPayloadError', message: /text: Enter a message/ });
    const entry = await backend.invoke('messages:send', { channel: bob, text: 'queued here' });
    expect(entry).toMatchObject({ state: 'queued', text: 'queued here' });
    expect(events).toContainEqual(['messages:message', entry]);
    expect(events).toContainEqual([
      'messages:channel',
      expect.objectContaining({ ...bob, lastMessage: entry }),
    ]);
    expect(readdirSync(join(dir, 'messages'))).toHaveLength(1);

    await backend.shutdown();
    backend = createServicesBackend({ dataDir: dir });
    // The restarted host opens alice's store (start() with the stored account) before answering.
    await expect(backend.invoke('messages:list', { channel: bob })).resolves.toEqual([
      expect.objectContaining({ clientMsgNo: (entry as { clientMsgNo: string }).clientMsgNo }),
    ]);
  });
});

describe('test keychain', () => {
  it('round-trips and refuses tampered data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wukong-keychain-'));
    try {
      const keychain = createTestKeychain(join(dir, 'k.key'));
      const sealed = keychain.encryptString('héllo');
      expect(keychain.decryptString(sealed)).toBe('héllo');
      // Same key file, new instance: still decrypts (survives a restart).
      expect(createTestKeychain(join(dir, 'k.key')).decryptString(sealed)).toBe('héllo');
      const tampered = Buffer.from(sealed);
      tampered[tampered.length - 1]! ^= 1;
      expect(() => keychain.decryptString(tampered)).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
