/** The HTTP API of the test server (spec §11) and its /control endpoints. */
import { afterEach, describe, expect, it } from 'vitest';
import { PacketType } from '../../src/main/im/protocol/index';
import { KICK_REASON_SERVER, KICK_REASON_TOKEN } from './index';
import { harness, type Harness } from './test-helpers';

let h: Harness | null = null;
const start = async (opts: Parameters<typeof harness>[0] = {}): Promise<Harness> => {
  h = await harness(opts);
  return h;
};
afterEach(async () => {
  await h?.teardown();
  h = null;
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> & unknown[] }> {
  const init: RequestInit = { method };
  if (method !== 'GET') init.headers = { 'content-type': 'application/json' };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${h!.server.httpUrl}${path}`, init);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & unknown[] };
}

describe('business API', () => {
  it('GET /route returns tcp_addr and ws_addr; intranet=1 and /route/batch', async () => {
    const { server } = await start();
    const r = await call('GET', '/route?uid=alice');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ tcp_addr: server.tcpAddress, ws_addr: server.wsUrl, wss_addr: '' });
    expect((await call('GET', '/route?intranet=1')).json).toMatchObject({ ws_addr: '' });
    const batch = await call('POST', '/route/batch', ['a', 'b']);
    expect(batch.json).toEqual([
      { uids: ['a', 'b'], tcp_addr: server.tcpAddress, ws_addr: server.wsUrl, wss_addr: '' },
    ]);
  });

  it('POST /user/token registers a token a client can log in with', async () => {
    const { connect } = await start();
    const r = await call('POST', '/user/token', {
      uid: 'dave',
      token: 'd1',
      device_flag: 2,
      device_level: 1,
    });
    expect(r).toEqual({ status: 200, json: { status: 200 } });
    const c = await connect();
    expect((await c.login({ uid: 'dave', token: 'd1' })).reasonCode).toBe(1);
  });

  it('POST /user/token with device_level 1 kicks live connections of that device flag', async () => {
    const { login } = await start();
    const c = await login('alice');
    await call('POST', '/user/token', {
      uid: 'alice',
      token: 'new',
      device_flag: 2,
      device_level: 1,
    });
    expect(await c.next(PacketType.DISCONNECT)).toMatchObject({
      reasonCode: 12,
      reason: KICK_REASON_TOKEN,
    });
    await c.waitClosed();
  });

  it('POST /user/token answers status 19 for a banned user', async () => {
    const { server } = await start();
    server.banUser('eve', true);
    expect((await call('POST', '/user/token', { uid: 'eve', token: 't' })).json).toEqual({
      status: 19,
    });
  });

  it('POST /user/device_quit kicks with an empty reason and clears the token', async () => {
    const { login, connect } = await start({ authFailureStyle: 'connack' });
    const c = await login('alice');
    const other = await login('alice', { deviceFlag: 1 });
    expect((await call('POST', '/user/device_quit', { uid: 'alice', device_flag: 2 })).status).toBe(
      200,
    );
    expect(await c.next(PacketType.DISCONNECT)).toMatchObject({ reasonCode: 12, reason: '' });
    await c.waitClosed();
    await other.roundTrip();
    const again = await connect();
    expect((await again.login({ uid: 'alice', token: 'alice-token' })).reasonCode).toBe(2);
  });

  it('POST /conn/kick kicks one connection with "server kick"', async () => {
    const { login, server } = await start();
    const c = await login('alice');
    const id = server.online('alice')[0]!.id;
    expect(
      (await call('POST', '/conn/kick', { uid: 'alice', conn_id: id, node_id: 0 })).status,
    ).toBe(200);
    expect(await c.next(PacketType.DISCONNECT)).toMatchObject({
      reasonCode: 12,
      reason: KICK_REASON_SERVER,
    });
    expect((await call('POST', '/conn/kick', { uid: 'alice', conn_id: 99999 })).status).toBe(404);
  });

  it('POST /message/send pushes a message into a person channel', async () => {
    const { login } = await start();
    const bob = await login('bob');
    const r = await call('POST', '/message/send', {
      from_uid: 'alice',
      channel_id: 'bob',
      channel_type: 1,
      payload: Buffer.from('{"type":1,"content":"hi"}').toString('base64'),
    });
    expect(r.status).toBe(200);
    const recv = await bob.next(PacketType.RECV);
    expect(bob.open(recv)).toBe('{"type":1,"content":"hi"}');
    expect(recv.messageId.toString()).toBe(r.json.message_id);
    expect(recv).toMatchObject({
      fromUid: 'alice',
      channelId: 'alice',
      messageSeq: BigInt(r.json.message_seq as number),
    });
  });

  it('POST /channel/subscriber_add sets group members for delivery', async () => {
    const { login } = await start();
    const alice = await login('alice');
    const carol = await login('carol');
    await call('POST', '/channel/subscriber_add', {
      channel_id: 'team',
      channel_type: 2,
      subscribers: ['alice', 'carol'],
    });
    alice.sendMessage({ channelId: 'team', channelType: 2, payload: 'team msg' });
    expect((await alice.next(PacketType.SENDACK)).reasonCode).toBe(1);
    expect(carol.open(await carol.next(PacketType.RECV))).toBe('team msg');
    await call('POST', '/channel/subscriber_remove', {
      channel_id: 'team',
      channel_type: 2,
      subscribers: ['carol'],
    });
    carol.sendMessage({ channelId: 'team', channelType: 2, payload: 'x' });
    expect((await carol.next(PacketType.SENDACK)).reasonCode).toBe(3);
  });
});

describe('input validation', () => {
  it.each([
    ['POST', '/user/token', '{bad json', /invalid JSON/],
    ['POST', '/user/token', '', /must be JSON/],
    ['POST', '/user/token', '[]', /JSON object/],
    ['POST', '/user/token', { token: 't' }, /missing field "uid"/],
    ['POST', '/user/token', { uid: 'a', token: '' }, /"token" must not be empty/],
    ['POST', '/user/token', { uid: 'a#b', token: 't' }, /@, # or &/],
    [
      'POST',
      '/user/token',
      { uid: 'a', token: 't', device_flag: 'pc' },
      /"device_flag" must be an integer/,
    ],
    ['POST', '/user/token', { uid: 'a', token: 't', device_level: 2 }, /"device_level"/],
    ['POST', '/user/device_quit', { uid: 'a' }, /missing field "device_flag"/],
    ['POST', '/message/send', { channel_id: 'b', channel_type: 1, payload: '%%' }, /base64/],
    ['POST', '/message/send', { channel_id: 'b', payload: '' }, /channel_type/],
    ['POST', '/channel/subscriber_add', { channel_id: 'g', subscribers: 'alice' }, /array/],
    ['POST', '/route/batch', { uids: [] }, /JSON array/],
    ['POST', '/control/ignore_pings', {}, /"on" must be true or false/],
    ['POST', '/control/delay_connack', { ms: -1 }, /"ms"/],
  ])('%s %s %j -> 400', async (method, path, body, msg) => {
    await start();
    const r = await call(method, path, body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ status: 400 });
    expect(String(r.json.msg)).toMatch(msg);
    // and the server is still fine
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it('unknown endpoints are 404', async () => {
    await start();
    expect((await call('GET', '/nope')).status).toBe(404);
    expect((await call('GET', '/control/ignore_pings')).status).toBe(404);
    expect((await call('POST', '/control/explode', {})).status).toBe(404);
  });
});

describe('/control endpoints', () => {
  it('switch faults and report stats', async () => {
    const { login, server } = await start();
    const c = await login('alice');
    expect((await call('POST', '/control/ignore_pings', { on: true })).status).toBe(200);
    c.send({ type: PacketType.PING });
    c.sendMessage({ channelId: 'bob', channelType: 1, payload: 'x' });
    await c.next(PacketType.SENDACK);
    expect(c.all(PacketType.PONG)).toHaveLength(0);
    await call('POST', '/control/ignorePings', { on: false });
    await c.roundTrip();
    const stats = await call('GET', '/control/stats');
    expect(stats.json).toMatchObject({
      tcpAccepted: 1,
      connectPackets: 1,
      connectsByUid: { alice: 1 },
      pings: 2,
      pongs: 1,
      sends: 1,
      online: [expect.objectContaining({ uid: 'alice', deviceFlag: 2 })],
    });
    await call('POST', '/control/reset_stats');
    expect(server.stats.pings).toBe(0);
    expect(server.stats.connectsByUid.size).toBe(0);
  });

  it('kick, ban, group members, garbage, close_all and restart', async () => {
    const { login, server, connect } = await start({ authFailureStyle: 'connack' });
    const a = await login('alice');
    await call('POST', '/control/kick', { uid: 'alice', device_flag: -1, reason: 'go' });
    expect(await a.next(PacketType.DISCONNECT)).toMatchObject({ reason: 'go' });
    await call('POST', '/control/ban', { uid: 'bob', banned: true });
    const b = await connect();
    expect((await b.login({ uid: 'bob', token: 'bob-token' })).reasonCode).toBe(19);
    await call('POST', '/control/set_group_members', { group_id: 'g', uids: ['carol', 'alice'] });
    const carol = await login('carol');
    carol.sendMessage({ channelId: 'g', channelType: 2, payload: 'x' });
    expect((await carol.next(PacketType.SENDACK)).reasonCode).toBe(1);
    await call('POST', '/control/send_garbage');
    await carol.waitClosed();
    const d = await login('alice', { deviceId: 'late' });
    await call('POST', '/control/close_all');
    await d.waitClosed();
    const port = server.tcpPort;
    expect((await call('POST', '/control/restart', { down_ms: 10 })).status).toBe(200);
    expect(server.tcpPort).toBe(port);
    await login('alice');
  });
});

describe('requests a web page could make', () => {
  const post = (path: string, headers: Record<string, string>, body?: string) =>
    fetch(`${h!.server.httpUrl}${path}`, { method: 'POST', headers, ...(body ? { body } : {}) });

  it('refuses a body that is not declared JSON (a form or text/plain needs no preflight)', async () => {
    const { server } = await start();
    const kick = JSON.stringify({ uid: 'alice', device_flag: -1 });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const r = await post('/control/kick', { 'content-type': type }, kick);
      expect(r.status).toBe(415);
      expect(((await r.json()) as { msg: string }).msg).toMatch(/application\/json/);
    }
    expect((await post('/control/close_all', {})).status).toBe(415);
    expect(server.stats.connectPackets).toBe(0);
    const json = await post('/control/reset_stats', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(json.status).toBe(200);
  });

  it('refuses foreign Origins, and own-looking Origins on a rebound DNS name', async () => {
    const { server } = await start();
    const json = { 'content-type': 'application/json' };
    const own = new URL(server.httpUrl).host;
    expect(
      (await post('/control/reset_stats', { ...json, origin: 'http://evil.example' })).status,
    ).toBe(403);
    const read = await fetch(`${server.httpUrl}/control/stats`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(read.status).toBe(403);
    expect((await post('/control/reset_stats', { ...json, origin: `http://${own}` })).status).toBe(
      200,
    );
    const { request } = await import('node:http');
    const rebound = await new Promise<number>((resolve, reject) => {
      request(`${server.httpUrl}/control/reset_stats`, {
        method: 'POST',
        headers: {
          ...json,
          host: `evil.example:${server.httpPort}`,
          origin: `http://evil.example:${server.httpPort}`,
        },
      })
        .on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject)
        .end('{}');
    });
    expect(rebound).toBe(403);
  });
});
