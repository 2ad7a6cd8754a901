import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenure } from '../support/processes.ts';

// `npx tenure benchmarks import FILE` as ops run it: the compiled CLI on a SQLite database of its own.

describe('tenure benchmarks import', () => {
  let dir: string;
  let env: Record<string, string>;
  const count = (table: string) => {
    const db = new Database(join(dir, 'data', 'tenure.sqlite'), { readonly: true });
    try {
      return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-benchmarks-'));
    env = { TENURE_DATA_DIR: join(dir, 'data'), TENURE_SEED_DEMO: 'never' };
    expect((await tenure(['migrate'], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every bad row by line, imports nothing, and exits 1', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, ['city,function,level,currency,p25,p50,p75,p90', '上海,software_engineering,senior,CNY,300000,400000,500000,650000', '上海,backend,senior,CNY,1,2,3,4', '北京,sales,mid,CNY,5,4,3,2'].join('\n'));
    const run = await tenure(['benchmarks', 'import', file], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3, function: must be one of');
    expect(run.stderr).toContain('line 4, p50: must be at least p25 (5.00 CNY)');
    expect(run.stderr).toMatch(/FAILED: 4 problem\(s\) in bad\.csv; nothing was imported/);
    expect(count('salary_benchmarks')).toBe(0);
    expect(count('benchmark_imports')).toBe(0);
  });

  it('imports a good file in minor units with progress, and says what it did', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, ['city,function,level,currency,p25_minor,p50_minor,p75_minor,p90_minor', '上海,software_engineering,senior,CNY,30000000,40000000,50000000,65000000', '东京,software_engineering,senior,JPY,6000000,7000000,8000000,9500000'].join('\n'));
    const run = await tenure(['benchmarks', 'import', file], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/imported 2 benchmark rows from good\.csv: 2 new, 0 replaced/);
    expect(run.stderr).toMatch(/benchmarks import: 2\/2 write/);
    expect(count('salary_benchmarks')).toBe(2);
  });

  it('a file that cannot be read exits 1 naming it', async () => {
    const run = await tenure(['benchmarks', 'import', join(dir, 'missing.csv')], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read');
  });
});
