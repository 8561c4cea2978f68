import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GOT_BUNDLE, loadGot } from '../../src/sender/load-got';

// Issue 21: what the delivery thread loads is part of every agent's RSS. Two cuts are checked here:
// got comes from the build's one-file bundle with ICU's list formatter left unbuilt, and the thread
// loads core's storage and queue without its analysis, lessons and redaction.

const PACKAGES = path.resolve(__dirname, '../../..');
const THREAD_ENTRY = path.join(PACKAGES, 'sync-worker/dist/worker/entry.js');

/**
 * Packages the thread's modules name besides Node's own and ours: the SQLite driver, the proxy and
 * HTTP/2 agents, and pino, which core's default logger requires lazily and the thread never builds
 * (its log lines go to the main thread's logger).
 */
const THIRD_PARTY = new Set(['better-sqlite3', 'hpagent', 'http2-wrapper', 'pino']);

/** The code of a compiled module without its comment lines (tsc keeps doc comments, which quote requires). */
function codeLines(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');
}

/** Where tsc's CommonJS output of a thread module points `require(…)` or `import(…)`; null for a package or a Node module. */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (specifier === '@gradata/core') return path.join(PACKAGES, 'core/dist/index.js');
  if (specifier === '@gradata/core/delivery-thread') return path.join(PACKAGES, 'core/dist/delivery-thread.js');
  if (specifier.startsWith('@gradata/')) throw new Error(`${from}: ${specifier} is not a known entry of ours`);
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const file = [base, `${base}.js`, path.join(base, 'index.js')].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  if (file === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return file;
}

/** Every repo module the thread's entry reaches through literal requires and imports, and the packages it names. */
function threadModuleGraph(): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [THREAD_ENTRY];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, , specifier] of codeLines(file).matchAll(/\b(?:require|import)\(\s*(["'`])([^"'`]+)\1\s*\)/g)) {
      const target = resolveSpecifier(file, specifier as string);
      if (target !== null) pending.push(target);
      else packages.add(specifier as string);
    }
  }
  return { files: [...files].map((file) => path.relative(PACKAGES, file)), packages: [...packages] };
}

describe('the delivery thread loads', () => {
  const graph = threadModuleGraph();

  test("core's storage and queue, never its analysis, lessons, redaction or facade", () => {
    expect(graph.files).toContain('core/dist/queue/outbox.js');
    expect(graph.files).toContain('core/dist/storage/database.js');
    const heavy = graph.files.filter((file) => /^core\/dist\/(index|analysis|lessons|redaction|brain|legacy|sync)\b/.test(file));
    expect(heavy).toEqual([]);
  });

  test('got only through the bundle, never the ESM package; no other package than known ones', () => {
    expect(graph.files).toContain('sync-worker/dist/sender/load-got.js');
    expect(graph.packages).not.toContain('got');
    expect(graph.packages.filter((name) => !name.startsWith('node:') && !THIRD_PARTY.has(name))).toEqual([]);
    expect(fs.existsSync(GOT_BUNDLE)).toBe(true);
    expect(fs.existsSync(`${GOT_BUNDLE}.LICENSES.txt`)).toBe(true);
  });
});

describe('loadGot', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end(JSON.stringify({ method: request.method, length: Number(request.headers['content-length']) })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('gives the bundled got, which posts, and leaves the real Intl.ListFormat in place', async () => {
    const RealListFormat = Intl.ListFormat;
    const got = loadGot();
    expect(Intl.ListFormat).toBe(RealListFormat);
    expect(Object.keys(require.cache)).toContain(GOT_BUNDLE);
    expect(Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]got[\\/]/.test(file))).toEqual([]);
    const reply = await got.post(url, { body: 'x'.repeat(300), retry: { limit: 0 } }).json();
    expect(reply).toEqual({ method: 'POST', length: 300 });
  });

  test("a failed option check still words its list (the deferred formatter builds the real one)", () => {
    const got = loadGot();
    expect(() => got.extend({ timeout: { request: 'soon' as unknown as number } })).toThrow(
      "Option 'timeout.request': Expected values which are `number` or `undefined`. Received values of type `string`.",
    );
  });
});
