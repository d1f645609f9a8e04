import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ACCEPTED_FINDINGS,
  ALWAYS_BLOCKING,
  acceptanceFor,
  isBlocking,
  scan,
} from './check-security.mjs';

// The Electron security scan as part of `npm test`: a fresh release build must have no HIGH
// finding, and a deliberately insecure window must produce one (so the check can fail).
const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'test-results');
const made: string[] = [];

function tempDir(prefix: string): string {
  mkdirSync(WORK, { recursive: true });
  const dir = mkdtempSync(join(WORK, prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('electronegativity security check', () => {
  it('the release build has no blocking finding', async () => {
    const outDir = tempDir('security-build-');
    const env = { ...process.env };
    delete env.WUKONG_TEST_BUILD;
    const build = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);

    const { findings } = await scan(outDir);
    const blocking = findings.filter((f) => f.blocking);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    // No HIGH finding may hide behind an acceptance either.
    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
  }, 90_000);

  it('fails on an insecure window (no isolation, no navigation limits)', async () => {
    const dir = tempDir('security-bad-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bad', main: 'main.js' }));
    writeFileSync(
      join(dir, 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        "win.loadURL('https://example.com');",
      ].join('\n'),
    );
    const { findings } = await scan(dir);
    const blockingIds = findings.filter((f) => f.blocking).map((f) => f.id);
    expect(blockingIds).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
  }, 60_000);

  it('blocks a new openExternal anywhere in main: acceptance is by code, not by file', async () => {
    const dir = tempDir('security-open-');
    mkdirSync(join(dir, 'main'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', main: 'main/index.js' }));
    writeFileSync(
      join(dir, 'main/index.js'),
      [
        "const { shell, app } = require('electron');",
        "app.on('open-url', (_e, link) => shell.openExternal(link));",
      ].join('\n'),
    );
    const { findings } = await scan(dir);
    const open = findings.filter((f) => f.id === 'OPEN_EXTERNAL_JS_CHECK');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((f) => f.blocking && f.acceptedBecause === null)).toBe(true);
  }, 60_000);

  it('accepts only the reviewed line; isolation checks block at any severity', () => {
    const reviewed = ACCEPTED_FINDINGS[0]!;
    const finding = {
      id: reviewed.id,
      severity: 'MEDIUM',
      file: 'main/index.js',
      sample: reviewed.snippet,
    };
    expect(acceptanceFor(finding)).toBe(reviewed);
    expect(isBlocking(finding, reviewed)).toBe(false);
    const elsewhere = { ...finding, sample: 'shell.openExternal(untrusted)' };
    expect(acceptanceFor(elsewhere)).toBeNull();
    expect(isBlocking(elsewhere, null)).toBe(true);
    for (const id of ALWAYS_BLOCKING) {
      const low = { id, severity: 'LOW', file: 'main/index.js', sample: 'sandbox: false' };
      expect(isBlocking(low, null), id).toBe(true);
    }
    expect(isBlocking({ ...finding, id: 'CSP_GLOBAL_CHECK', severity: 'LOW' }, null)).toBe(false);
  });

  it('every accepted finding says why and names its code; none is an isolation check', () => {
    expect(ALWAYS_BLOCKING).toEqual(
      expect.arrayContaining([
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'NODE_INTEGRATION_JS_CHECK',
        'CONTEXT_ISOLATION_JS_CHECK',
      ]),
    );
    for (const accepted of ACCEPTED_FINDINGS) {
      expect(accepted.reason.length).toBeGreaterThan(20);
      expect(accepted.snippet.length).toBeGreaterThan(10);
      expect(ALWAYS_BLOCKING).not.toContain(accepted.id);
      expect([
        'NODE_INTEGRATION_JS_CHECK',
        'CONTEXT_ISOLATION_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'SANDBOX_JS_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]).not.toContain(accepted.id);
    }
  });
});
