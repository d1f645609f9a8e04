#!/usr/bin/env node
// The one test command (README, .ci/run): type checks, lint, format, build, every test suite.
// Runs every step even after a failure so one run shows everything, then prints one closing line
// summing the suites: "N passed, N failed, N skipped". Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// Scripts and tests run on the Node that Electron's main process embeds (the pinned `node` dev
// dependency, first on PATH inside npm scripts), so built-ins such as node:sqlite behave as in the app.
const REQUIRED_NODE_MAJOR = 24;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor !== REQUIRED_NODE_MAJOR) {
  console.error(
    `npm test needs Node ${REQUIRED_NODE_MAJOR} (found ${process.version}); run it through npm so the pinned node dev dependency is used, after npm ci.`,
  );
  process.exit(1);
}
console.log(`Node ${process.version}`);

const steps = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'format', cmd: 'npm', args: ['run', '--silent', 'format:check'] },
  { name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'vitest', cmd: 'npx', args: ['vitest', 'run'], report: 'test-results/vitest.json' },
];
if (existsSync('playwright.config.ts')) {
  steps.push({
    name: 'playwright',
    cmd: 'npx',
    args: ['playwright', 'test'],
    report: 'test-results/playwright.json',
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function countVitest(report) {
  // vitest's json reporter follows jest's shape
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(report) {
  const s = report.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  if (step.report) rmSync(step.report, { force: true });
  const result = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  if (step.report) {
    if (existsSync(step.report)) {
      const report = JSON.parse(readFileSync(step.report, 'utf8'));
      if (step.name === 'vitest') countVitest(report);
      else countPlaywright(report);
    } else if (!ok) {
      totals.failed += 1; // the runner died before writing a report
    }
  } else {
    if (ok) totals.passed += 1;
    else totals.failed += 1;
  }
  if (!ok) failedSteps.push(step.name);
}

console.log('');
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
