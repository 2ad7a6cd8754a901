#!/usr/bin/env node
/**
 * Boundary check run by `npm run lint`: only identity reads or writes the `orgs` and `users` tables. Every other
 * area asks identity's service (`namesOf` for a page's display names, `orgTimeZoneOf`, …). dependency-cruiser sees
 * imports, not SQL, so this looks at the source text for the tables' names as a query would spell them: a quoted
 * table (`'orgs'`, `'users as consultant'`), a quoted column (`'orgs.name'`), or `from`/`join` in raw SQL.
 *
 * Allowed to touch the tables outside src/identity/: the migrations (they create them), the table types in
 * schema.ts, and the demo seed (which asks whether a database is empty before seeding it).
 *
 * Usage: node scripts/check-identity-tables.mjs [root]   (root defaults to the repository; exits 1 on a violation)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..');

const ALLOWED = [/^src\/identity\//, /^src\/platform\/db\/migrations\//, /^src\/platform\/db\/schema\.ts$/, /^src\/demo\/seed\.ts$/];

const PATTERNS = [
  // Kysely: selectFrom('orgs'), innerJoin('users as u', …), 'orgs.name', updateTable("users")
  /['"`](orgs|users)(\s+as\s+\w+)?['"`]/,
  /['"`](orgs|users)\.\w+/,
  // Raw SQL in a template: … from orgs …, … join users u …
  /\b(from|join|update|into)\s+(orgs|users)\b/i,
];

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const violations = [];
for (const file of tsFiles(join(root, 'src'))) {
  const name = relative(root, file).split(sep).join('/');
  if (ALLOWED.some((re) => re.test(name))) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '').trim();
      if (code.startsWith('*') || code.startsWith('/*')) return;
      if (PATTERNS.some((re) => re.test(code))) violations.push(`${name}:${i + 1}: ${code}`);
    });
}

if (violations.length > 0) {
  console.error(`identity-owns-orgs-and-users: ${violations.length} line(s) outside src/identity/ name the orgs or users table;`);
  console.error("ask identity's service instead (namesOf, orgTimeZoneOf, …):");
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log('✔ only identity reads the orgs and users tables');
