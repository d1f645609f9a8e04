import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  InvalidPayloadError,
  SEND_CHANNELS,
  MAX_MESSAGE_TEXT_LENGTH,
  eventContract,
  invokeContract,
} from '../../shared/ipc-contract';
import { MAX_TEXT_LENGTH } from '../im/messaging';
import { fakeManagerFactory } from '../testing/fake-connection-manager';
import { createAppServices } from './app-services';
import { createIpcHandlers, forwardEvents } from './ipc-handlers';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';
import { tempDir } from '../testing/temp-dir';

function setup(openExternal?: (url: string) => Promise<void>) {
  const factory = fakeManagerFactory();
  const services = createAppServices({
    ...(openExternal ? { openExternal } : {}),
    createManager: factory.create,
    settings: createInMemorySettingsRepository(),
    secrets: createInMemorySecretStore(),
    messagesDir: tempDir(),
    appVersion: '0.0.0',
    platform: 'test',
  });
  return { services, factory, handlers: createIpcHandlers(services) };
}

const signIn = {
  server: { kind: 'static', host: '127.0.0.1', port: 5100 },
  uid: 'alice',
  token: 'tok-abcdef',
};

describe('createIpcHandlers', () => {
  it('has a handler for every invoke and send channel of the contract', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers.invoke).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(Object.keys(handlers.send)).toEqual(Object.values(SEND_CHANNELS));
  });

  it('opens only an http(s) link the renderer names explicitly, through the OS browser', async () => {
    const opened: string[] = [];
    const { handlers } = setup(async (url) => void opened.push(url));
    const open = handlers.invoke[INVOKE_CHANNELS.openExternal];
    await open({ url: 'https://wukong.example/help' });
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/evil',
      'https://user:pass@wukong.example/',
      `https://wukong.example/${'a'.repeat(3000)}`,
      'not a url',
    ]) {
      await expect(open({ url }), url).rejects.toBeInstanceOf(InvalidPayloadError);
    }
    await expect(open({ url: 'https://x.example/', extra: 1 })).rejects.toBeInstanceOf(
      InvalidPayloadError,
    );
    expect(opened).toEqual(['https://wukong.example/help']);
  });

  it('validates payloads before anything runs, naming the field', async () => {
    const { handlers, factory } = setup();
    const bad = { ...signIn, server: { kind: 'static', host: '127.0.0.1', port: 70000 } };
    await expect(handlers.invoke[INVOKE_CHANNELS.signIn](bad)).rejects.toThrow(
      /account:sign-in: server\.port: Port must be 1-65535/,
    );
    await expect(handlers.invoke[INVOKE_CHANNELS.signIn]({ ...signIn, uid: '' })).rejects.toThrow(
      /uid: Enter a user id/,
    );
    await expect(
      handlers.invoke[INVOKE_CHANNELS.signIn]({ ...signIn, extra: true }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(handlers.invoke[INVOKE_CHANNELS.connect]('surprise')).rejects.toBeInstanceOf(
      InvalidPayloadError,
    );
    await expect(
      handlers.invoke[INVOKE_CHANNELS.updateSettings]({ deviceId: 'x' }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(factory.made).toHaveLength(0);
  });

  it('an undefined settings field gets the clean invalid-payload error, not a raw ZodError', async () => {
    const { handlers } = setup();
    const call = handlers.invoke[INVOKE_CHANNELS.updateSettings]({
      connection: { heartbeatIntervalMs: undefined },
    });
    await expect(call).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(call).rejects.toThrow(
      /^Invalid request for settings:update: connection\.heartbeatIntervalMs/,
    );
  });

  it('keeps errors short whatever size of key the renderer sends', async () => {
    const { handlers } = setup();
    const huge = 'k'.repeat(100_000);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${huge}${i}`, 1]));
    const error = await handlers.invoke[INVOKE_CHANNELS.updateSettings]({
      [huge]: 1,
      ...many,
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as Error).message.length).toBeLessThan(1_000);
  });

  it('forwards good calls and returns results that match the contract', async () => {
    const { handlers, factory } = setup();
    await expect(handlers.invoke[INVOKE_CHANNELS.signIn](signIn)).resolves.toBeUndefined();
    expect(factory.last.calls).toEqual(['connect']);

    for (const channel of [
      INVOKE_CHANNELS.getSnapshot,
      INVOKE_CHANNELS.getAccount,
      INVOKE_CHANNELS.getSignInDefaults,
      INVOKE_CHANNELS.getSettings,
      INVOKE_CHANNELS.getDiagnostics,
    ] as const) {
      const result = await handlers.invoke[channel](undefined);
      expect(invokeContract[channel].result.safeParse(result).success, channel).toBe(true);
    }
    // JSON transports send null for "no payload"
    await expect(handlers.invoke[INVOKE_CHANNELS.retryNow](null)).resolves.toBeUndefined();
    expect(factory.last.calls).toContain('retryNow');

    const updated = await handlers.invoke[INVOKE_CHANNELS.updateSettings]({ locale: 'zh-CN' });
    expect(updated.locale).toBe('zh-CN');
  });

  it('service errors reach the caller with their message', async () => {
    const { handlers } = setup();
    await expect(handlers.invoke[INVOKE_CHANNELS.connect](undefined)).rejects.toThrow(
      'Sign in first',
    );
  });

  it('network reports are validated and forwarded', async () => {
    const { handlers, factory } = setup();
    await handlers.invoke[INVOKE_CHANNELS.signIn](signIn);
    expect(() => handlers.send[SEND_CHANNELS.reportNetwork]('offline')).toThrow(
      InvalidPayloadError,
    );
    handlers.send[SEND_CHANNELS.reportNetwork](false);
    expect(factory.last.calls).toContain('setNetworkOnline(false)');
  });

  it('forwardEvents emits snapshots and kicks on the contract channels until stopped', async () => {
    const { services, handlers, factory } = setup();
    const emitted: [string, unknown][] = [];
    const stop = forwardEvents(services, (channel, value) => emitted.push([channel, value]));
    await handlers.invoke[INVOKE_CHANNELS.signIn](signIn);
    factory.last.emitKick({ reasonCode: 12, reasonText: '', at: 5 });
    expect(emitted.map(([c]) => c)).toContain(EVENT_CHANNELS.snapshot);
    expect(emitted.at(-1)).toEqual([
      EVENT_CHANNELS.kick,
      { reasonCode: 12, reasonText: '', at: 5 },
    ]);
    stop();
    const count = emitted.length;
    factory.last.emitSnapshot({ status: 'connecting' });
    expect(emitted.length).toBe(count);
  });

  it('forwardEvents sends settings:changed after every successful update, never after a refused one', async () => {
    const { services, handlers } = setup();
    const emitted: [string, unknown][] = [];
    const stop = forwardEvents(services, (channel, value) => emitted.push([channel, value]));
    const settingsEvents = () => emitted.filter(([c]) => c === EVENT_CHANNELS.settings);

    const updated = await handlers.invoke[INVOKE_CHANNELS.updateSettings]({ theme: 'dark' });
    expect(settingsEvents()).toEqual([[EVENT_CHANNELS.settings, updated]]);
    expect(eventContract[EVENT_CHANNELS.settings].value.parse(updated)).toEqual(updated);

    await expect(
      handlers.invoke[INVOKE_CHANNELS.updateSettings]({ connection: { reconnectIntervalMs: 1 } }),
    ).rejects.toThrow();
    expect(settingsEvents()).toHaveLength(1);

    // A sign-in stores server and uid: the new settings go out too.
    await handlers.invoke[INVOKE_CHANNELS.signIn](signIn);
    expect(settingsEvents().at(-1)?.[1]).toMatchObject({ lastUid: 'alice', theme: 'dark' });
    const count = settingsEvents().length;
    stop();
    services.updateSettings({ locale: 'en' });
    expect(settingsEvents()).toHaveLength(count);
  });

  it('messaging payloads are validated before the service runs, naming the field', async () => {
    const { handlers } = setup();
    // Signed out: a valid payload gets "Sign in first", an invalid one is refused before that.
    await expect(
      handlers.invoke[INVOKE_CHANNELS.sendMessage]({ channel: { channelId: 'bob' }, text: 'hi' }),
    ).rejects.toThrow(/messages:send: channel\.channelType/);
    await expect(
      handlers.invoke[INVOKE_CHANNELS.listMessages]({
        channel: { channelId: 'bob', channelType: 1 },
        limit: 10_000,
      }),
    ).rejects.toThrow(/messages:list: limit/);
    await expect(handlers.invoke[INVOKE_CHANNELS.retryMessage]({})).rejects.toThrow(
      /messages:retry: clientMsgNo/,
    );
    await expect(
      handlers.invoke[INVOKE_CHANNELS.listMessages]({
        channel: { channelId: 'bob', channelType: 1 },
      }),
    ).rejects.toThrow('Sign in first');
  });

  it('the contract text limit is the messaging core limit', () => {
    expect(MAX_MESSAGE_TEXT_LENGTH).toBe(MAX_TEXT_LENGTH);
  });
});
