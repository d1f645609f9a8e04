/**
 * The repository stands on its own: a stranger who clones only this repository can build, test and
 * read every document it points to. Checked over the files a reader or the toolchain sees:
 * - Markdown links and backticked relative paths resolve to files inside the repository;
 * - nothing names the team's reference folder that sits beside the clone in development;
 * - code comments and docs state rules instead of citing an issue tracker the reader lacks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where project text lives (generated and installed folders are not the project's text). */
const SCANNED = ['README.md', 'docs', 'src', 'e2e', 'scripts', 'bench', 'eslint', 'build'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results', 'results']);
const TEXT_FILE = /\.(?:md|ts|tsx|mjs|js|json|html|css)$/;

function walk(rel: string, out: string[]): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return out;
  if (!statSync(abs).isDirectory()) {
    if (TEXT_FILE.test(rel)) out.push(rel);
    return out;
  }
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    walk(path.posix.join(rel, entry.name), out);
  }
  return out;
}

const files = SCANNED.flatMap((rel) => walk(rel, []));
const markdown = files.filter((f) => f.endsWith('.md'));
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

/** Problems as "file:line: text" so a failure says exactly where to look. */
function findLines(rel: string, pattern: RegExp): string[] {
  return read(rel)
    .split('\n')
    .flatMap((line, i) => (pattern.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : []));
}

/** Relative targets a Markdown file points to: [text](target) links and `../x/y.ext` code spans. */
function relativeTargets(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  const spans = [...text.matchAll(/`(\.\.?\/[^`\s]+)`/g)].map((m) => m[1] ?? '');
  return [...links, ...spans]
    .map((t) => t.split('#')[0] ?? '')
    .filter((t) => t !== '' && !/^[a-z]+:/i.test(t));
}

describe('the repository stands on its own', () => {
  it('scans the project text', () => {
    expect(markdown).toContain('docs/protocol.md');
    expect(files).toContain('src/main/im/protocol/testing/vectors.ts');
  });

  it('every relative link or path in the docs resolves to a file inside the repository', () => {
    const broken = markdown.flatMap((rel) =>
      relativeTargets(read(rel)).flatMap((target) => {
        const abs = path.resolve(ROOT, path.dirname(rel), target);
        const inside = !path.relative(ROOT, abs).startsWith('..');
        return inside && existsSync(abs) ? [] : [`${rel}: ${target}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('nothing names the reference folder beside the clone', () => {
    const sibling = /shared\/(?:protocol|design|hooks)\//;
    expect(files.flatMap((rel) => findLines(rel, sibling))).toEqual([]);
  });

  it('no text cites an issue number', () => {
    const citation = /\b[Ii]ssues? #?\d+/;
    expect(files.flatMap((rel) => findLines(rel, citation))).toEqual([]);
  });
});
