#!/usr/bin/env node
// `npx tenure …`: runs the compiled CLI (dist/server/tenure.mjs), building it first when it is missing or older
// than src/ (about a second, once), so the command works right after `npm install` and starts fast after that.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, serverBuildIsStale } from '../scripts/build-server-if-stale.mjs';

if (serverBuildIsStale()) {
  // In a child process: the esbuild service it starts ends with it, and the server never holds the compiler.
  execFileSync(process.execPath, [new URL('../scripts/build-server-if-stale.mjs', import.meta.url).pathname], { stdio: ['ignore', 'ignore', 'inherit'] });
}
// Stack traces point at src/*.ts lines.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(SERVER_BUNDLE).href);
