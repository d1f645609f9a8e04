import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from './testing/temp-dir';

vi.mock('electron', () => ({ BrowserWindow: class {}, shell: {} }));
const { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl, registerAppScheme } =
  await import('./app-protocol');
const { CONTENT_SECURITY_POLICY } = await import('./window-factory');

function renderer() {
  const root = tempDir('wukong-app-protocol-');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  return root;
}

describe('app:// protocol', () => {
  it('serves the built renderer with the CSP as a header on every response', async () => {
    const handle = createAppProtocolHandler(renderer());
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<title>x</title>');
    const script = await handle(new Request('app://wukong/assets/index.js'));
    expect(script.headers.get('content-type')).toContain('javascript');
    const missing = await handle(new Request('app://wukong/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves anything outside the renderer folder, nor for another host', async () => {
    const handle = createAppProtocolHandler(join(renderer(), 'assets'));
    for (const url of [
      'app://wukong/../index.html',
      'app://wukong/%2e%2e/index.html',
      'app://wukong/..%2findex.html',
      'app://wukong/%00',
      'app://other/index.js',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect((await handle(new Request('app://wukong/index.js', { method: 'POST' }))).status).toBe(
      405,
    );
  });

  it('registers app:// as a standard, secure scheme and recognises only its own URLs', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(isAppUrl('app://wukong/index.html')).toBe(true);
    expect(isAppUrl('app://wukong/index.html#x')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('null')).toBe(false);
  });
});
