/**
 * Which unit tests can kill the mutants of an area: every `test/unit` file whose imports reach a
 * mutated file. A test reaches a file when it, or a module it imports by relative path (a helper,
 * a source file, followed transitively), imports that file by path, or imports by name, from
 * `@gradata/<package>`, something that file exports. Not followed: the rest of a package behind
 * its index (that would make every test "related" to every file).
 *
 * Why computed: a hand-written glob (lease*, queue-*) missed the tests of `capFutureTimes`, so its
 * mutants counted as uncovered; a new test file that imports a mutated function joins by itself.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const IMPORT = /(?:import|export)\s+(type\s+)?(?:([\w*\s{},]*?)\s+from\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXPORT = /export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+(\w+)|export\s*\{([^}]*)\}/g;

function read(file) {
  return fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Relative specifier → the .ts file it names (or null for anything else). */
function resolveRelative(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** Names a file exports (declarations and `export { a, b as c }`). */
function exportedNames(file) {
  const names = new Set();
  for (const m of read(file).matchAll(EXPORT)) {
    if (m[1]) names.add(m[1]);
    if (m[2]) for (const part of m[2].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name) names.add(name.replace(/^type\s+/, ''));
    }
  }
  return names;
}

/** The imports of one file: relative files, and names taken from each `@gradata/<package>`. */
function importsOf(file) {
  const relative = [];
  const named = [];
  for (const m of read(file).matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4];
    if (m[1]) continue; // `import type`: no code runs
    if (specifier.startsWith('.')) {
      const target = resolveRelative(file, specifier);
      if (target) relative.push(target);
    } else if (specifier.startsWith('@gradata/')) {
      const pkg = specifier.slice('@gradata/'.length);
      const braces = /\{([^}]*)\}/.exec(m[2] ?? '');
      const names = braces ? braces[1].split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter(Boolean) : [];
      named.push({ pkg, names });
    }
  }
  return { relative, named };
}

/** True when `testFile` reaches one of `targets` ({ file, pkg, names }). */
function reaches(testFile, targets) {
  const seen = new Set();
  const queue = [testFile];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (targets.some((t) => t.file === file)) return true;
    const { relative, named } = importsOf(file);
    for (const { pkg, names } of named) {
      if (targets.some((t) => t.pkg === pkg && names.some((n) => t.names.has(n)))) return true;
    }
    queue.push(...relative);
  }
  return false;
}

function unitTestFiles() {
  const files = [];
  for (const pkg of fs.readdirSync(path.join(root, 'packages'))) {
    const dir = path.join(root, 'packages', pkg, 'test', 'unit');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) if (name.endsWith('.test.ts')) files.push(path.join(dir, name));
  }
  return files.sort();
}

/**
 * The unit tests (paths from the repository root) related to `mutate` (Stryker's patterns, a
 * `:lines` suffix allowed), except those matching one of `exclude` (substrings).
 */
function relatedUnitTests(mutate, exclude = []) {
  const targets = mutate.map((pattern) => {
    const file = path.join(root, pattern.replace(/:\d+-\d+$/, ''));
    const pkg = path.relative(path.join(root, 'packages'), file).split(path.sep)[0];
    return { file, pkg, names: exportedNames(file) };
  });
  return unitTestFiles()
    .filter((file) => !exclude.some((part) => file.includes(part)))
    .filter((file) => reaches(file, targets))
    .map((file) => path.relative(root, file).split(path.sep).join('/'));
}

module.exports = { relatedUnitTests };
