import type { LabelledProfile, Profile } from './attrition-data.ts';
import {
  CHECK_IN_ITEMS,
  type CheckInItem,
  type FeatureSpec,
  type ModelInput,
  type ProtectedInput,
  atHire,
  designFeatures,
  featureName,
  modelInputs,
  rawFeatures,
  standardization,
  standardize,
  withoutItems,
} from './features.rules.ts';
import { fitLogistic, sigmoid } from './logistic.rules.ts';
import { brierScore, rocAuc, seededRandom, stratifiedFolds } from './metrics.rules.ts';

/**
 * The retention-risk model (DESIGN §4.7): training with cross-validated regularization, scoring, and the
 * committed JSON form. Pure computation on rows already read; the CLI reads and writes files.
 */

export const MODEL_NAME = 'tenure-retention-risk';
export const MODEL_VERSION = 1;
export const DEFAULT_SEED = 20261129;
export const DEFAULT_FOLDS = 5;
/** Penalty strengths tried by cross-validation (mean log-loss + lambda/2 · ‖β‖² on standardized features). */
export const LAMBDA_GRID = [0.3, 0.1, 0.03, 0.01, 0.003, 0.001] as const;

export type ModelFeature = FeatureSpec & { name: string; mean: number; sd: number; coefficient: number };

export interface CrossValidation {
  readonly folds: number;
  /** Out-of-fold AUC with every check-in answer present (how `model evaluate` scores a labelled file). */
  readonly aucWithCheckIns: number;
  /** Out-of-fold AUC of the same rows with no check-in answer (the score at hire). */
  readonly aucAtHire: number;
  readonly brierWithCheckIns: number;
  readonly brierAtHire: number;
}

export interface RiskModel {
  readonly name: typeof MODEL_NAME;
  readonly version: number;
  readonly trainedOn: { file: string; sha256: string; rows: number; leavers: number };
  readonly training: { seed: number; folds: number; lambdaGrid: number[]; lambda: number; copiesPerRow: string[] };
  readonly protectedInputs: ProtectedInput[];
  readonly inputs: ModelInput[];
  readonly intercept: number;
  readonly features: ModelFeature[];
  readonly crossValidation: CrossValidation;
}

export interface TrainOptions {
  readonly lambda: number;
  readonly seed: number;
  readonly enabledProtected?: readonly ProtectedInput[];
  readonly dropped?: readonly ModelInput[];
}

/** Ten significant digits: enough for any score, and stable text for the committed file. */
const tidy = (x: number): number => Number(x.toPrecision(10));

/**
 * Each training row three times: with every check-in answer, as at hire (no answer), and with a seeded random
 * subset of answers missing. One model then scores a placement at hire and after each check-in; the missing
 * indicators learn what an unknown answer is worth.
 */
export function augmentRows(rows: readonly LabelledProfile[], seed: number): { profile: Profile; left: boolean }[] {
  const random = seededRandom(seed ^ 0x5eed);
  const out: { profile: Profile; left: boolean }[] = [];
  for (const r of rows) {
    const masked: CheckInItem[] = CHECK_IN_ITEMS.filter(() => random() < 0.5);
    out.push(
      { profile: r.profile, left: r.left },
      { profile: atHire(r.profile), left: r.left },
      { profile: withoutItems(r.profile, masked), left: r.left },
    );
  }
  return out;
}
export const COPIES_PER_ROW = ['all answers', 'at hire (no answers)', 'random answers missing'];

export interface FittedModel {
  readonly inputs: ModelInput[];
  readonly intercept: number;
  readonly features: ModelFeature[];
}

export function fitModel(rows: readonly LabelledProfile[], opts: TrainOptions): FittedModel {
  const inputs = modelInputs(opts.enabledProtected ?? [], opts.dropped ?? []);
  const specs = designFeatures(
    inputs,
    rows.map((r) => r.profile),
  );
  const augmented = augmentRows(rows, opts.seed);
  const raw = augmented.map((r) => rawFeatures(specs, r.profile));
  const std = standardization(raw, specs.length);
  const x = raw.map((r) => Float64Array.from(standardize(r, std)));
  const fit = fitLogistic(
    x,
    augmented.map((r) => (r.left ? 1 : 0)),
    opts.lambda,
  );
  const features = specs.map((spec, j) => ({
    ...spec,
    name: featureName(spec),
    mean: tidy(std[j]?.mean ?? 0),
    sd: tidy(std[j]?.sd ?? 1),
    coefficient: tidy(fit.coefficients[j] ?? 0),
  }));
  return { inputs, intercept: tidy(fit.intercept), features };
}

/** The standardized feature vector of a profile under a model (unknown values at 0). */
export function standardizedFeatures(model: Pick<FittedModel, 'features'>, profile: Profile): number[] {
  return standardize(rawFeatures(model.features, profile), model.features);
}

/** Estimated probability that this hire leaves. */
export function scoreProfile(model: Pick<FittedModel, 'features' | 'intercept'>, profile: Profile): number {
  // One pass, no intermediate arrays: this runs for every placement after every check-in.
  const raw = rawFeatures(model.features, profile);
  let logit = model.intercept;
  for (let j = 0; j < raw.length; j++) {
    const v = raw[j] as number;
    const f = model.features[j];
    if (f !== undefined && !Number.isNaN(v)) logit += (f.coefficient * (v - f.mean)) / f.sd;
  }
  return sigmoid(logit);
}

export interface OutOfFold {
  readonly withCheckIns: number[];
  readonly atHire: number[];
  readonly labels: boolean[];
}

/** Out-of-fold probabilities for every row (all answers and at hire), folds stratified and seeded. */
export function outOfFold(rows: readonly LabelledProfile[], opts: TrainOptions, k: number): OutOfFold {
  const labels = rows.map((r) => r.left);
  const fold = stratifiedFolds(labels, k, opts.seed);
  const withCheckIns = new Array<number>(rows.length).fill(0);
  const hire = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < k; f++) {
    const model = fitModel(
      rows.filter((_, i) => fold[i] !== f),
      opts,
    );
    rows.forEach((r, i) => {
      if (fold[i] !== f) return;
      withCheckIns[i] = scoreProfile(model, r.profile);
      hire[i] = scoreProfile(model, atHire(r.profile));
    });
  }
  return { withCheckIns, atHire: hire, labels };
}

export function summarize(oof: OutOfFold, folds: number): CrossValidation {
  return {
    folds,
    aucWithCheckIns: tidy(rocAuc(oof.withCheckIns, oof.labels)),
    aucAtHire: tidy(rocAuc(oof.atHire, oof.labels)),
    brierWithCheckIns: tidy(brierScore(oof.withCheckIns, oof.labels)),
    brierAtHire: tidy(brierScore(oof.atHire, oof.labels)),
  };
}

export interface TrainSource {
  readonly file: string;
  readonly sha256: string;
}

/**
 * Chooses lambda by k-fold cross-validated AUC (all answers present; ties go to the stronger penalty), then fits
 * on every row. Deterministic for the rows, the seed and the options.
 */
export function trainRiskModel(
  rows: readonly LabelledProfile[],
  source: TrainSource,
  opts: { seed?: number; folds?: number; enabledProtected?: readonly ProtectedInput[] } = {},
): RiskModel {
  const seed = opts.seed ?? DEFAULT_SEED;
  const folds = opts.folds ?? DEFAULT_FOLDS;
  const enabledProtected = [...(opts.enabledProtected ?? [])];
  let best: { lambda: number; oof: OutOfFold; auc: number } | null = null;
  for (const lambda of LAMBDA_GRID) {
    const oof = outOfFold(rows, { lambda, seed, enabledProtected }, folds);
    const auc = rocAuc(oof.withCheckIns, oof.labels);
    if (best === null || auc > best.auc + 1e-12) best = { lambda, oof, auc };
  }
  if (best === null) throw new Error('no penalty strength to try');
  const fitted = fitModel(rows, { lambda: best.lambda, seed, enabledProtected });
  return {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    trainedOn: { file: source.file, sha256: source.sha256, rows: rows.length, leavers: rows.filter((r) => r.left).length },
    training: { seed, folds, lambdaGrid: [...LAMBDA_GRID], lambda: best.lambda, copiesPerRow: [...COPIES_PER_ROW] },
    protectedInputs: enabledProtected,
    inputs: fitted.inputs,
    intercept: fitted.intercept,
    features: fitted.features,
    crossValidation: summarize(best.oof, folds),
  };
}

/**
 * The committed text of a model: two-space JSON with a final newline.
 * @public read through the CLI's lazy import of the risk area
 */
export function serializeModel(model: RiskModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
