#!/usr/bin/env node
// Builds the server and CLI (src/ and the dependencies it imports → dist/server/tenure.mjs, an ESM bundle with source
// maps, split where a command loads its code lazily) when the bundle is missing or older than its sources or the
// installed packages, so `npx tenure …` and `npm start` run plain JavaScript, with no transpiler at run time, on a
// fresh clone without a separate build command.
// Imported by bin/tenure.mjs for the staleness check only (node:fs, no esbuild); run directly, it builds.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = join(ROOT, 'dist', 'server', 'tenure.mjs');
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'package.json'), join(ROOT, 'package-lock.json'), join(ROOT, 'tsconfig.json'), fileURLToPath(import.meta.url)];

/**
 * Left in node_modules, loaded from there when used: better-sqlite3 (native), pg (only with DATABASE_URL), exceljs
 * (only for a spreadsheet export; 20 MB of code), esbuild (this script), zxcvbn-ts (on the first password set).
 */
const EXTERNAL = ['better-sqlite3', 'pg', 'exceljs', 'esbuild', '@zxcvbn-ts/*'];

/**
 * CommonJS in ESM output: each output file gets a `require` (for Node's built-ins and the external packages) and a
 * way to find a bundled package's own files (Swagger UI serves its static files from its folder): the project root
 * is found from the file's own location, so the build keeps working if the checkout moves.
 */
const BANNER = [
  "import { createRequire as __tenureCreateRequire } from 'node:module';",
  "import { fileURLToPath as __tenureFileURLToPath } from 'node:url';",
  'const require = __tenureCreateRequire(import.meta.url);',
  "const __tenureRoot = __tenureFileURLToPath(new URL('.', import.meta.url)).replace(/^(.*)[\\\\/]dist[\\\\/]server[\\\\/].*$/, '$1');",
].join('\n');

/** A bundled CommonJS file that uses __dirname or __filename gets them, pointing at its place in node_modules. */
const dirnamePlugin = {
  name: 'node-modules-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(contents)) return undefined;
      // From the project's node_modules (which may be a link: esbuild gives real paths).
      const path = args.path.split('\\').join('/');
      const file = path.slice(path.indexOf('/node_modules/') + 1);
      const prelude = `var __filename = __tenureRoot + ${JSON.stringify(`/${file}`)}, __dirname = __tenureRoot + ${JSON.stringify(`/${posix.dirname(file)}`)};`;
      return { contents: `${prelude}\n${contents}`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name.endsWith('.test.ts')) continue;
    t = Math.max(t, newest(join(path, entry.name)));
  }
  return t;
}

export function serverBuildIsStale() {
  if (!existsSync(SERVER_BUNDLE)) return true;
  const built = statSync(SERVER_BUNDLE).mtimeMs;
  return INPUTS.some((p) => existsSync(p) && newest(p) > built);
}

export async function buildServer() {
  const { build } = await import('esbuild');
  const outdir = dirname(SERVER_BUNDLE);
  const result = await build({
    entryPoints: { tenure: join(ROOT, 'src', 'cli', 'main.ts') },
    bundle: true,
    // Each command's code in its own chunk: `--help` or `claims evaluate` never load the HTTP server.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // The dependencies are bundled too: resolving and loading Node's way some 600 files of them (Fastify and its
    // plugins, Kysely, zod) was most of a server's start-up time, and their source text, minified, takes less memory.
    external: EXTERNAL,
    banner: { js: BANNER },
    plugins: [dirnamePlugin],
    // Whitespace and syntax only: names stay (Fastify names plugins by their functions; stack traces read well).
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    outdir,
    write: false,
    logLevel: 'warning',
    legalComments: 'none',
  });
  // Each file is written under a temporary name and renamed, so a process reading the bundle (or a second build
  // racing this one, as parallel test files may) never sees half a file. Chunks are named by their content hash;
  // the entry goes last, its mtime marking the build complete.
  const files = [...result.outputFiles].sort((a, b) => rank(a.path) - rank(b.path));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.path.endsWith('.map') ? ownSourcesOnly(file.text) : file.contents);
    renameSync(tmp, file.path);
  }
  removeOldChunks(join(outdir, 'chunks'), new Set(files.map((f) => f.path)));
}

/**
 * The source map keeps what maps to our own sources (src/*.ts, for stack traces) and marks the bundled
 * dependencies' code unmapped: Node reads and keeps every map of a module it loads when source maps are on, and
 * the dependencies' mappings were three quarters of it (2 MB of memory held for good, and their parsing at start).
 */
function ownSourcesOnly(text) {
  const map = JSON.parse(text);
  const keep = map.sources.map((s) => !s.includes('node_modules/'));
  let kept = 0;
  const newIndex = keep.map((k) => (k ? kept++ : -1));
  map.sources = map.sources.filter((_, i) => keep[i]);
  const prev = { source: 0, line: 0, column: 0, name: 0 };
  const out = { source: 0, line: 0, column: 0, name: 0 };
  map.mappings = map.mappings
    .split(';')
    .map((line) => {
      let genColumn = 0;
      let outColumn = 0;
      let unmapped = false; // the last segment written on this line marks the code after it as unmapped
      const segments = [];
      for (const seg of line ? line.split(',') : []) {
        const f = decodeVlq(seg);
        genColumn += f[0];
        if (f.length > 1) {
          prev.source += f[1];
          prev.line += f[2];
          prev.column += f[3];
          if (f.length > 4) prev.name += f[4];
        }
        if (f.length === 1 || !keep[prev.source]) {
          if (!unmapped) {
            segments.push(encodeVlq([genColumn - outColumn]));
            outColumn = genColumn;
            unmapped = true;
          }
          continue;
        }
        const fields = [genColumn - outColumn, newIndex[prev.source] - out.source, prev.line - out.line, prev.column - out.column];
        if (f.length > 4) fields.push(prev.name - out.name);
        segments.push(encodeVlq(fields));
        outColumn = genColumn;
        out.source = newIndex[prev.source];
        out.line = prev.line;
        out.column = prev.column;
        if (f.length > 4) out.name = prev.name;
        unmapped = false;
      }
      return segments.join(',');
    })
    .join(';');
  return JSON.stringify(map);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

function encodeVlq(fields) {
  let text = '';
  for (const field of fields) {
    let value = field < 0 ? (-field << 1) | 1 : field << 1;
    do {
      let digit = value & 31;
      value >>>= 5;
      if (value > 0) digit |= 32;
      text += BASE64[digit];
    } while (value > 0);
  }
  return text;
}

const rank = (path) => (path === SERVER_BUNDLE ? 2 : path === `${SERVER_BUNDLE}.map` ? 1 : 0);

/** Chunks of earlier builds, once no running process can still be about to load them. */
function removeOldChunks(dir, keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const path = join(dir, name);
    if (!keep.has(path) && statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && serverBuildIsStale()) {
  const started = Date.now();
  await buildServer();
  process.stderr.write(`server built (dist/server) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
