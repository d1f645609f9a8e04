#!/usr/bin/env node
// Electron security scan (npm test runs it through scripts/check-security.test.ts; `npm run
// security` runs it alone): @doyensec/electronegativity over the built app in out/ (falls back to
// src/ when nothing is built). Fails on any HIGH or MEDIUM finding that is not accepted below
// (accepted by check id, file and code snippet), and on any finding of the isolation checks.
// Dev-only: electronegativity is a devDependency and never part of the app.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Findings reviewed and accepted, with the reason. A finding is accepted only when its check id,
 * its file and its code all match: `snippet` must occur in the flagged line, so a new
 * `shell.openExternal` (or any other flagged call) elsewhere in main is a new finding to review.
 * Checks in ALWAYS_BLOCKING can never be accepted.
 */
export const ACCEPTED_FINDINGS = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\//,
    snippet: 'shell.openExternal(url).catch((error) => {',
    reason:
      'window-factory openExternalSafely: only http: and https: URLs reach shell.openExternal; every other scheme is dropped (tested).',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\//,
    snippet: '[C.openExternal]: handle(C.openExternal, ({ url }) => services.openExternal(url)),',
    reason:
      'The shell:open-external IPC verb: its payload schema admits http(s) URLs without credentials only, and it ends in openExternalSafely (tested).',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\//,
    snippet: 'await deps.openExternal(url);',
    reason:
      'AppServices.openExternal, behind the validated IPC verb; deps.openExternal is openExternalSafely in the app (tested).',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^renderer\/assets\//,
    // Minified: the store action keeps its property name, its variables do not.
    snippet: 'openLinkInBrowser(',
    reason:
      'The renderer has no shell: its openLinkInBrowser action calls the bridge verb openExternal, which main validates (http(s) only) before openExternalSafely.',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: /^main\//,
    snippet: 'const window = new BrowserWindow({',
    reason:
      'Middle-click opens go through setWindowOpenHandler (deny) and will-navigate (blocked) in current Electron; no new window can open.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: /^main\//,
    snippet: 'preload: options.preloadPath',
    reason:
      'The preload is ours, sandboxed, and exposes named verbs only (never ipcRenderer); see src/preload.',
  },
];

/**
 * The renderer's isolation: a finding of these checks blocks at any severity and cannot be
 * accepted (the window must keep sandbox, webSecurity, no Node integration, context isolation).
 */
export const ALWAYS_BLOCKING = [
  'SANDBOX_JS_CHECK',
  'WEB_SECURITY_JS_CHECK',
  'WEB_SECURITY_HTML_CHECK',
  'NODE_INTEGRATION_JS_CHECK',
  'NODE_INTEGRATION_HTML_CHECK',
  'NODE_INTEGRATION_ATTACH_EVENT_JS_CHECK',
  'CONTEXT_ISOLATION_JS_CHECK',
];

/** Whether a scanner finding is one of the reviewed ones above (id, file and code all match). */
export function acceptanceFor(finding) {
  if (ALWAYS_BLOCKING.includes(finding.id)) return null;
  return (
    ACCEPTED_FINDINGS.find(
      (a) =>
        a.id === finding.id &&
        a.file.test(finding.file) &&
        a.snippet !== '' &&
        finding.sample.includes(a.snippet),
    ) ?? null
  );
}

/** Blocks: any HIGH finding, any finding of an always-blocking check, anything not accepted
 * at MEDIUM; LOW and INFORMATIONAL findings of other checks are printed as notes. */
export function isBlocking(finding, accepted) {
  if (ALWAYS_BLOCKING.includes(finding.id)) return true;
  if (accepted) return false;
  return finding.severity === 'HIGH' || finding.severity === 'MEDIUM';
}

/** Network-bound checks, skipped so the scan is offline and repeatable. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * electronegativity fetches fresh translations from the internet at start (and retries for
 * seconds when offline). Pre-seed its HTTP client with one that fails at once: the bundled
 * English texts are used.
 */
function keepOffline() {
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
  const gotPath = scannerRequire.resolve('got');
  const offline = () => Promise.reject(new Error('offline: translations not fetched'));
  require.cache[gotPath] = {
    id: gotPath,
    filename: gotPath,
    loaded: true,
    exports: Object.assign(offline, { default: offline }),
  };
}

function electronVersion() {
  try {
    return require(resolve(ROOT, 'node_modules/electron/package.json')).version;
  } catch {
    return '45.5.0';
  }
}

/** Runs the scan; returns every finding with whether it blocks. */
export async function scan(input) {
  keepOffline();
  const scanner = require('@doyensec/electronegativity');
  const run = scanner.default ?? scanner;
  const quietLog = console.log;
  console.log = () => {}; // the scanner prints progress and the offline notice
  let result;
  try {
    result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion(),
      excludeFromScan: EXCLUDED_CHECKS,
    });
  } finally {
    console.log = quietLog;
  }
  const findings = result.issues.map((issue) => {
    const finding = {
      id: issue.id,
      severity: String(issue.severity?.name ?? issue.severity ?? 'UNKNOWN').toUpperCase(),
      confidence: String(issue.confidence?.name ?? issue.confidence ?? ''),
      file: String(issue.file ?? '').replace(/\\/g, '/'),
      line: issue.location?.line ?? null,
      sample: String(issue.sample ?? '').trim(),
      description: issue.description ?? '',
    };
    const accepted = acceptanceFor(finding);
    return {
      ...finding,
      acceptedBecause: accepted?.reason ?? null,
      blocking: isBlocking(finding, accepted),
    };
  });
  return { findings, errors: result.errors ?? [] };
}

async function main() {
  const argInput = process.argv[2];
  const input = argInput
    ? resolve(argInput)
    : existsSync(resolve(ROOT, 'out/main'))
      ? resolve(ROOT, 'out')
      : resolve(ROOT, 'src');
  console.log(`Electron security scan (electronegativity) of ${input}`);
  const { findings, errors } = await scan(input);
  for (const f of findings) {
    const mark = f.blocking ? 'FAIL' : f.acceptedBecause ? 'accepted' : 'note';
    console.log(`  [${mark}] ${f.severity} ${f.id} ${f.file}:${f.line ?? '?'} ${f.description}`);
    if (f.acceptedBecause) console.log(`           why: ${f.acceptedBecause}`);
  }
  for (const e of errors) console.log(`  [parse error] ${e.file ?? ''} ${e.message ?? e}`);
  const blocking = findings.filter((f) => f.blocking);
  console.log(
    blocking.length === 0
      ? `No blocking findings (${findings.length} reviewed).`
      : `${blocking.length} blocking finding(s): fix them.`,
  );
  process.exit(blocking.length === 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
