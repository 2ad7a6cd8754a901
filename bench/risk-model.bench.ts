/**
 * Retention-risk model: training time and scoring throughput (DESIGN §4.7).
 *
 *   - train:    `trainRiskModel` on the committed attrition sample (5-fold cross-validation over the penalty grid,
 *               then the final fit), as `npx tenure model train` runs it, without the file I/O;
 *   - score:    `scoreProfile(model, profile)` per profile: features from the raw profile (categories, logs, missing
 *               answers), standardization, dot product, sigmoid — what scoring a placement costs;
 *   - baseline: a plain dot product of the same width over vectors already standardized, in the same run.
 * Scoring and baseline alternate over several rounds; medians and their ratio are reported.
 *
 *   node bin/run-ts.mjs bench/risk-model.bench.ts [scoreRounds]
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { atHire } from '../src/risk/features.rules.ts';
import { TRAINING_DATA, PROJECT_ROOT, committedModel, readLabelledCsv } from '../src/risk/model-file.ts';
import { scoreProfile, standardizedFeatures, trainRiskModel } from '../src/risk/model.ts';

const ROUNDS = Number(process.argv[2] ?? 7);
const PER_ROUND = 200_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const data = readLabelledCsv(`${PROJECT_ROOT}${TRAINING_DATA}`);
const trainTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  trainRiskModel(data.rows, { file: TRAINING_DATA, sha256: data.sha256 });
  trainTimes.push(performance.now() - t);
}

const model = committedModel();
// Half the profiles as after a check-in, half as at hire, so both paths are costed.
const profiles = data.rows.map((r, i) => (i % 2 === 0 ? r.profile : atHire(r.profile)));
const vectors = profiles.map((p) => Float64Array.from(standardizedFeatures(model, p)));
const coefficients = Float64Array.from(model.features.map((f) => f.coefficient));

function scoreRound(): number {
  let sink = 0;
  const t = performance.now();
  for (let i = 0; i < PER_ROUND; i++) sink += scoreProfile(model, profiles[i % profiles.length] as (typeof profiles)[number]);
  const ms = performance.now() - t;
  if (sink < 0) console.log(sink);
  return ms;
}
function baselineRound(): number {
  let sink = 0;
  const t = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const v = vectors[i % vectors.length] as Float64Array;
    let s = model.intercept;
    for (let j = 0; j < coefficients.length; j++) s += (coefficients[j] as number) * (v[j] as number);
    sink += s;
  }
  const ms = performance.now() - t;
  if (sink === Number.POSITIVE_INFINITY) console.log(sink);
  return ms;
}
scoreRound();
baselineRound();
const scoreMs: number[] = [];
const baseMs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  scoreMs.push(scoreRound());
  baseMs.push(baselineRound());
}
const perSec = (ms: number) => Math.round((PER_ROUND / ms) * 1000);
console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`);
console.log(`train (${data.rows.length} rows, ${model.features.length} features, CV over ${model.training.lambdaGrid.length} penalties): median ${(median(trainTimes) / 1000).toFixed(2)} s, fastest ${(Math.min(...trainTimes) / 1000).toFixed(2)} s`);
console.log(`score: ${perSec(median(scoreMs)).toLocaleString('en-US')} profiles/s (median of ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en-US')})`);
console.log(`baseline dot product: ${perSec(median(baseMs)).toLocaleString('en-US')} vectors/s`);
console.log(`ratio score / baseline time: ${(median(scoreMs) / median(baseMs)).toFixed(1)}`);
