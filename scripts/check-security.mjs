#!/usr/bin/env node
// Electron security scan (npm test runs it through scripts/check-security.test.ts; `npm run
// security` runs it alone): @doyensec/electronegativity over the built app in out/ (falls back to
// src/ when nothing is built). Fails on any HIGH severity finding that is not accepted below.
// Dev-only: electronegativity is a devDependency and never part of the app.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Findings reviewed and accepted, with the reason. `id` is electronegativity's check id; `file`
 * matches the finding's relative path. HIGH findings are never accepted here: fix them instead.
 */
export const ACCEPTED_FINDINGS = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: /^main\//,
    reason:
      'window-factory openExternalSafely: only http: and https: URLs reach shell.openExternal; every other scheme is dropped (tested).',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: /^main\//,
    reason:
      'Middle-click opens go through setWindowOpenHandler (deny) and will-navigate (blocked) in current Electron; no new window can open.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: /^main\//,
    reason:
      'The preload is ours, sandboxed, and exposes named verbs only (never ipcRenderer); see src/preload.',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: /^(main\/|renderer\/index\.html)/,
    reason:
      "style-src 'unsafe-inline' is needed by React inline styles; script-src is 'self' only. The scanner cannot parse the header CSP built from parts in main.",
  },
];

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
    const file = String(issue.file ?? '').replace(/\\/g, '/');
    const accepted = ACCEPTED_FINDINGS.find((a) => a.id === issue.id && a.file.test(file));
    const severity = String(issue.severity?.name ?? issue.severity ?? 'UNKNOWN').toUpperCase();
    return {
      id: issue.id,
      severity,
      confidence: String(issue.confidence?.name ?? issue.confidence ?? ''),
      file,
      line: issue.location?.line ?? null,
      description: issue.description ?? '',
      acceptedBecause: accepted?.reason ?? null,
      blocking: severity === 'HIGH' && !accepted,
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
      ? `No HIGH severity findings (${findings.length} reviewed).`
      : `${blocking.length} HIGH severity finding(s): fix them.`,
  );
  process.exit(blocking.length === 0 ? 0 : 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
