import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { banner, parseCliArgs, startWithFallback } from './cli';
import type { TestServer } from './index';
import { TestClient } from './test-client';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('test server CLI', () => {
  let server: TestServer | null = null;
  let blocker: net.Server | null = null;
  afterEach(async () => {
    await server?.stop();
    server = null;
    if (blocker) await new Promise((r) => blocker!.close(r));
    blocker = null;
  });

  it('parses flags with the documented defaults', () => {
    const o = parseCliArgs([]);
    expect(o).toMatchObject({
      host: '127.0.0.1',
      tcpPort: 5100,
      wsPort: 5200,
      httpPort: 5001,
      newestVersion: 5,
      tokenAuth: true,
      authFailureStyle: 'close',
      encryption: true,
    });
    expect(o === 'help' ? [] : o.users).toContainEqual({
      uid: 'alice',
      token: 'alice-token',
      deviceFlag: 1,
    });
    expect(
      parseCliArgs(['--no-ws', '--tcp-port', '0', '--auth-failure-style', 'connack']),
    ).toMatchObject({
      wsPort: null,
      tcpPort: 0,
      authFailureStyle: 'connack',
    });
    expect(parseCliArgs(['--help'])).toBe('help');
    expect(() => parseCliArgs(['--tcp-port', 'x'])).toThrow(/port number/);
    expect(() => parseCliArgs(['--auth-failure-style', 'x'])).toThrow(/close or connack/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });

  it('falls back to a free port when the preferred one is taken', async () => {
    blocker = net.createServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const opts = parseCliArgs(['--tcp-port', String(taken), '--ws-port', '0', '--http-port', '0']);
    if (opts === 'help') throw new Error('unexpected');
    const log: string[] = [];
    server = await startWithFallback(opts, (line) => log.push(line));
    expect(log).toEqual([`port ${taken} is in use, using a free port instead`]);
    expect(server.tcpPort).not.toBe(taken);
    expect(server.tcpPort).toBeGreaterThan(0);
    expect(banner(server)).toContain(`TCP   ${server.tcpAddress}`);
  });

  it('runs standalone: prints addresses, accepts a demo login, stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliPath, '--tcp-port', '0', '--ws-port', '0', '--http-port', '0'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      const info = await new Promise<{ tcp: string; http: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15_000);
        child.stdout.on('data', () => {
          const m = /WUKONG_TEST_SERVER (\{.*\})/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(JSON.parse(m[1]!) as { tcp: string; http: string });
          }
        });
      });
      expect(out).toContain('alice  / alice-token');
      const c = await TestClient.tcpAddress(info.tcp);
      expect((await c.login({ uid: 'alice', token: 'alice-token' })).reasonCode).toBe(1);
      const route = (await (await fetch(`${info.http}/route`)).json()) as { tcp_addr: string };
      expect(route.tcp_addr).toBe(info.tcp);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await c.waitClosed();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
