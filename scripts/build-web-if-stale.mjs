#!/usr/bin/env node
// Builds the web app (web/dist) when it is missing or older than its sources, so `npm start` serves it
// on a fresh clone without a separate build command.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const dist = join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (existsSync(dist) && statSync(dist).mtimeMs >= newest(join(root, 'web'))) process.exit(0);
console.log('Building the web app (web/dist) …');
const started = Date.now();
execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
console.log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
