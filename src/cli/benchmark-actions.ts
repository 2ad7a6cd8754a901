import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importBenchmarks } from '../integrations/benchmark.service.ts';
import type { Config } from '../platform/config.ts';
import { DomainError } from '../platform/errors.ts';
import { openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

type RowProblem = { line: number; column: string; message: string };

/** Imports a benchmark CSV as the system (audited); prints every bad row by line. True when it was imported. */
export async function importBenchmarksCommand(cfg: Config, file: string): Promise<boolean> {
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`benchmarks import: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  const tenure = await openTenure(cfg);
  const progress = progressReporter('benchmarks import');
  try {
    const r = await importBenchmarks(tenure.deps, null, { fileName: basename(file), csv }, progress.update);
    progress.stop();
    console.log(`imported ${r.rows} benchmark rows from ${basename(file)}: ${r.created} new, ${r.updated} replaced (import ${r.importId}, sha256 ${r.fileSha256})`);
    return true;
  } catch (err) {
    progress.stop();
    if (!(err instanceof DomainError) || err.code !== 'invalid_input') throw err;
    const details = err.details as { errors?: RowProblem[]; total?: number } | undefined;
    for (const e of details?.errors ?? []) console.error(`line ${e.line}, ${e.column}: ${e.message}`);
    const total = details?.total ?? 0;
    const listed = details?.errors?.length ?? 0;
    if (total > listed) console.error(`… and ${total - listed} more`);
    console.error(`benchmarks import FAILED: ${total} problem(s) in ${basename(file)}; nothing was imported`);
    return false;
  } finally {
    await tenure.close();
  }
}
