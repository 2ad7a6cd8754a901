import type { Config } from '../platform/config.ts';
import { recomputeRatings } from '../ratings/recompute.service.ts';
import { openTenure } from '../tenure.ts';
import { progressReporter } from './progress.ts';

/** Recomputes every rating from its outcomes with a progress bar; prints what it checked and corrected. */
export async function recomputeRatingsCommand(cfg: Config): Promise<void> {
  const tenure = await openTenure(cfg);
  const bar = progressReporter('recomputing ratings');
  try {
    const started = Date.now();
    const r = await recomputeRatings(tenure.deps, (done, total) => {
      // Every subject on a terminal; when piped, a line per hundred and the last.
      if (process.stderr.isTTY || done % 100 === 0 || done === total) bar.update(done === total ? 'platform' : 'subjects', done, total);
    });
    bar.stop();
    console.log(`ratings recomputed from their outcomes: ${r.consultants} consultants, ${r.agencies} agencies and the platform checked; ${r.corrected} corrected${r.platformCorrected > 0 ? ', the platform’s sums corrected' : ''} (${Date.now() - started} ms)`);
  } finally {
    bar.stop();
    await tenure.close();
  }
}
