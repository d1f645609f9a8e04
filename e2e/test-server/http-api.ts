/**
 * The HTTP API of the test server: the business-server endpoints of spec §11 (token, route,
 * device quit, kick), message send and channel members as WuKongIM names them, and
 * `/control/*` for fault injection from outside the process. Every handler validates its input:
 * bad JSON or a missing field is a 400 with a message, never an exception.
 */
import type http from 'node:http';
import { refuseForeignRequest } from './http-guard';
import { KICK_REASON_SERVER, KICK_REASON_TOKEN, validUid, type Hub } from './hub';
import { createSyncApi } from './sync-api';
import type { TestServerFaults } from './types';

export interface HttpApiDeps {
  hub: Hub;
  faults: TestServerFaults;
  route(): { tcp_addr: string; ws_addr: string; wss_addr: string };
  restart(downMs: number): Promise<void>;
  stopListening(): Promise<void>;
  startListening(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Map ? Object.fromEntries(v) : v,
  );
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new BadRequest(`body larger than ${MAX_BODY} bytes`, 413);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: http.IncomingMessage, optional = false): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === '') {
    if (optional) return {};
    throw new BadRequest('request body must be JSON');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequest(`invalid JSON: ${(err as Error).message}`);
  }
}

function asObject(v: unknown): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new BadRequest('request body must be a JSON object');
  }
  return v as Json;
}

function str(
  o: Json,
  key: string,
  opts: { optional?: boolean; allowEmpty?: boolean } = {},
): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.optional) return '';
    throw new BadRequest(`missing field "${key}"`);
  }
  if (typeof v !== 'string') throw new BadRequest(`field "${key}" must be a string`);
  if (v === '' && !opts.allowEmpty) throw new BadRequest(`field "${key}" must not be empty`);
  return v;
}

function int(o: Json, key: string, min: number, max: number, fallback?: number): number {
  const v = o[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new BadRequest(`missing field "${key}"`);
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BadRequest(`field "${key}" must be an integer in ${min}..${max}`);
  }
  return v;
}

function bool(o: Json, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new BadRequest(`field "${key}" must be true or false`);
  return v;
}

function uidField(o: Json, key = 'uid'): string {
  const uid = str(o, key);
  if (!validUid(uid)) throw new BadRequest(`field "${key}" must not contain @, # or &`);
  return uid;
}

function stringArray(o: Json, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
    throw new BadRequest(`field "${key}" must be an array of non-empty strings`);
  }
  return v as string[];
}

function base64Field(o: Json, key: string): Buffer {
  const text = str(o, key, { allowEmpty: true });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new BadRequest(`field "${key}" must be standard base64`);
  }
  return Buffer.from(text, 'base64');
}

/** 'ignore_pings', 'ignore-pings' and 'ignorePings' all name the same control. */
const normalize = (name: string): string => name.replace(/[-_]/g, '').toLowerCase();

export function createHttpHandler(
  deps: HttpApiDeps,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { hub, faults } = deps;

  const routes: Record<string, (req: http.IncomingMessage, url: URL) => Promise<unknown>> = {
    'GET /route': async (_req, url) => {
      const r = deps.route();
      return url.searchParams.get('intranet') === '1' ? { ...r, ws_addr: '', wss_addr: '' } : r;
    },
    'POST /route/batch': async (req) => {
      const body = await readJson(req);
      if (!Array.isArray(body) || body.some((x) => typeof x !== 'string')) {
        throw new BadRequest('request body must be a JSON array of uid strings');
      }
      return [{ uids: body, ...deps.route() }];
    },
    'POST /user/token': async (req) => {
      const o = asObject(await readJson(req));
      const uid = uidField(o);
      const token = str(o, 'token');
      const deviceFlag = int(o, 'device_flag', 0, 255, 0);
      const level = int(o, 'device_level', 0, 1, 0) as 0 | 1;
      if (hub.isBanned(uid)) return { status: 19 };
      hub.registerToken(uid, token, deviceFlag, level);
      if (level === 1) {
        hub.kick(
          hub.connectionsOf(uid, deviceFlag),
          KICK_REASON_TOKEN,
          hub.opts.tokenKickCloseDelayMs,
        );
      }
      return { status: 200 };
    },
    'POST /user/device_quit': async (req) => {
      const o = asObject(await readJson(req));
      const uid = uidField(o);
      const deviceFlag = int(o, 'device_flag', -1, 255);
      const flags = deviceFlag === -1 ? [0, 1, 2] : [deviceFlag];
      for (const f of flags) {
        hub.clearToken(uid, f);
        hub.kickDevice(uid, f, '');
      }
      return { status: 200 };
    },
    'POST /conn/kick': async (req) => {
      const o = asObject(await readJson(req));
      const uid = uidField(o);
      const connId = int(o, 'conn_id', 0, Number.MAX_SAFE_INTEGER);
      const conn = hub.conns.get(connId);
      if (!conn || conn.uid !== uid) throw new BadRequest(`no connection ${connId} of ${uid}`, 404);
      hub.kick([conn], KICK_REASON_SERVER, hub.opts.kickCloseDelayMs);
      return { status: 200 };
    },
    'POST /message/send': async (req) => {
      const o = asObject(await readJson(req));
      const r = hub.sendMessage({
        fromUid: str(o, 'from_uid', { optional: true, allowEmpty: true }),
        channelId: str(o, 'channel_id'),
        channelType: int(o, 'channel_type', 1, 255),
        payload: base64Field(o, 'payload'),
        ...(typeof o.client_msg_no === 'string' && o.client_msg_no !== ''
          ? { clientMsgNo: o.client_msg_no }
          : {}),
      });
      // message_id as a string: it does not fit a JavaScript number
      return {
        message_id: r.messageId.toString(),
        message_seq: Number(r.messageSeq),
        client_msg_no: r.clientMsgNo,
      };
    },
    'POST /channel': async (req) => {
      const o = asObject(await readJson(req));
      hub.setMembers(
        str(o, 'channel_id'),
        int(o, 'channel_type', 2, 255, 2),
        stringArray(o, 'subscribers'),
      );
      return { status: 200 };
    },
    'POST /channel/subscriber_add': async (req) => {
      const o = asObject(await readJson(req));
      hub.addMembers(
        str(o, 'channel_id'),
        int(o, 'channel_type', 2, 255, 2),
        stringArray(o, 'subscribers'),
        int(o, 'reset', 0, 1, 0) === 1,
      );
      return { status: 200 };
    },
    'POST /channel/subscriber_remove': async (req) => {
      const o = asObject(await readJson(req));
      hub.removeMembers(
        str(o, 'channel_id'),
        int(o, 'channel_type', 2, 255, 2),
        stringArray(o, 'subscribers'),
      );
      return { status: 200 };
    },
    'GET /control/stats': async () => ({ ...hub.stats, online: hub.online() }),
    'GET /control/online': async () => hub.online(),
    'GET /health': async () => ({ status: 200 }),
  };

  // conversation and message sync (sync-api.ts)
  for (const [name, handler] of Object.entries(createSyncApi(hub.store))) {
    routes[name] = async (req) => {
      const r = await handler(await readJson(req));
      if (!r.ok) throw new BadRequest(r.msg, r.status);
      return r.body;
    };
  }

  const controls: Record<string, (o: Json) => void | Promise<void>> = {
    ignorepings: (o) => faults.ignorePings(bool(o, 'on')),
    ignoreconnect: (o) => faults.ignoreConnect(bool(o, 'on')),
    delayconnack: (o) => faults.delayConnack(int(o, 'ms', 0, 3_600_000)),
    sendgarbage: () => faults.sendGarbage(),
    splitwrites: (o) => faults.splitWrites(bool(o, 'on'), int(o, 'gap_ms', 0, 60_000, 2)),
    mergewrites: (o) => faults.mergeWrites(bool(o, 'on')),
    closeall: () => faults.closeAll(),
    resetall: () => faults.resetAll(),
    refuseconnections: (o) => faults.refuseConnections(bool(o, 'on')),
    restart: (o) => deps.restart(int(o, 'down_ms', 0, 3_600_000, 0)),
    stoplistening: () => deps.stopListening(),
    startlistening: () => deps.startListening(),
    ban: (o) => hub.banUser(uidField(o), bool(o, 'banned')),
    kick: (o) => {
      hub.kickDevice(
        uidField(o),
        int(o, 'device_flag', -1, 255),
        str(o, 'reason', { optional: true, allowEmpty: true }),
      );
    },
    setgroupmembers: (o) => hub.setMembers(str(o, 'group_id'), 2, stringArray(o, 'uids')),
    resetstats: () => hub.resetStats(),
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const refused = refuseForeignRequest(req);
    if (refused) throw new BadRequest(refused.msg, refused.status);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const route = routes[`${method} ${url.pathname}`];
    if (route) {
      send(res, 200, await route(req, url));
      return;
    }
    const m = /^\/control\/([A-Za-z_-]+)$/.exec(url.pathname);
    const control = m ? controls[normalize(m[1]!)] : undefined;
    if (control && method === 'POST') {
      await control(asObject(await readJson(req, true)));
      send(res, 200, { status: 200 });
      return;
    }
    throw new BadRequest(`no such endpoint: ${method} ${url.pathname}`, 404);
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof BadRequest ? err.status : 500;
      const msg = err instanceof Error ? err.message : String(err);
      send(res, status, { msg, status });
    });
  };
}
