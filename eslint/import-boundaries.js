// @ts-check
/**
 * ESLint rule `boundaries/imports`: checks every import against the layer table (./layers.js) by
 * resolving relative specifiers to repository paths, so a rule holds whatever the depth of the
 * importing file (a pattern on the written specifier, like '../../main/*', does not).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} Forbid
 * @property {string} message why the import is refused (shown by ESLint)
 * @property {string[]} [paths] repository globs of files that may not be imported
 * @property {string[]} [except] repository globs carved out of `paths`
 * @property {string[]} [modules] globs of package specifiers that may not be imported
 * @property {boolean} [builtins] refuse Node built-ins, bare (`fs`) and prefixed (`node:fs`)
 *
 * @typedef {object} Boundary
 * @property {string} name
 * @property {string[]} files repository globs of the importing files this boundary governs
 * @property {string[]} [exceptFiles] repository globs carved out of `files`
 * @property {Forbid[]} forbid
 */

/** The repository root: this file lives in <root>/eslint/. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const BUILTINS = new Set(builtinModules);

/** @type {Map<string, RegExp>} */
const globCache = new Map();

/**
 * Glob to RegExp: `**` any depth (also none; a trailing `/**` also matches the folder itself, as
 * `import '../core'` names a folder), `*` within one path segment, `{a,b}` alternatives.
 * @param {string} glob
 * @returns {RegExp}
 */
function globToRegExp(glob) {
  let cached = globCache.get(glob);
  if (cached) return cached;
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.slice(i) === '/**') {
      re += '(?:/.*)?';
      break;
    } else if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  cached = new RegExp(`^${re}$`);
  globCache.set(glob, cached);
  return cached;
}

/**
 * @param {string} value
 * @param {string[] | undefined} globs
 */
function matchesAny(value, globs) {
  return (globs ?? []).some((g) => globToRegExp(g).test(value));
}

/** @param {string} p */
function toPosix(p) {
  return p.split(path.sep).join('/');
}

/**
 * Repository path of a relative import, without a source extension, or null outside the repo.
 * @param {string} fromFile absolute path of the importing file
 * @param {string} specifier
 */
function resolveRelative(fromFile, specifier) {
  const abs = path.resolve(path.dirname(fromFile), specifier);
  const rel = toPosix(path.relative(ROOT, abs));
  if (rel.startsWith('../') || path.isAbsolute(rel)) return null;
  return rel.replace(/\.(?:d\.ts|tsx?|mjs|cjs|js|json)$/, '');
}

/**
 * @param {Forbid} rule
 * @param {string} specifier
 * @param {string | null} target repository path for relative specifiers
 */
function violates(rule, specifier, target) {
  if (target !== null) {
    return matchesAny(target, rule.paths) && !matchesAny(target, rule.except);
  }
  if (rule.builtins && (specifier.startsWith('node:') || BUILTINS.has(specifier))) return true;
  return matchesAny(specifier, rule.modules);
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports only point down the layers (eslint/layers.js).' },
    schema: [{ type: 'array' }],
    messages: { forbidden: "'{{specifier}}' is not allowed here ({{boundary}}): {{message}}" },
  },
  create(context) {
    const boundaries = /** @type {Boundary[]} */ (context.options[0] ?? []);
    const file = toPosix(path.relative(ROOT, context.filename));
    const active = boundaries.filter(
      (b) => matchesAny(file, b.files) && !matchesAny(file, b.exceptFiles),
    );
    if (active.length === 0) return {};

    /** @param {import('estree').Node | null | undefined} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      const target = specifier.startsWith('.')
        ? resolveRelative(context.filename, specifier)
        : null;
      for (const b of active) {
        const hit = b.forbid.find((rule) => violates(rule, specifier, target));
        if (hit) {
          context.report({
            node: source,
            messageId: 'forbidden',
            data: { specifier, boundary: b.name, message: hit.message },
          });
          return;
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
