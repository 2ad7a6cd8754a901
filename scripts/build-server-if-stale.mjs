#!/usr/bin/env node
// Builds the server and CLI (src/ → dist/server/tenure.mjs, an ESM bundle with source maps, split where a command
// loads its code lazily) when the bundle is missing or older than its sources, so `npx tenure …` and `npm start` run plain JavaScript, with no
// transpiler at run time, on a fresh clone without a separate build command.
// Imported by bin/tenure.mjs for the staleness check only (node:fs, no esbuild); run directly, it builds.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = join(ROOT, 'dist', 'server', 'tenure.mjs');
const INPUTS = [join(ROOT, 'src'), join(ROOT, 'package.json'), join(ROOT, 'tsconfig.json'), fileURLToPath(import.meta.url)];

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
    // Dependencies stay in node_modules (native better-sqlite3, pino's workers): only our own code is bundled.
    packages: 'external',
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
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  removeOldChunks(join(outdir, 'chunks'), new Set(files.map((f) => f.path)));
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
