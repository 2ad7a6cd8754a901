import type { CellValue, Profile } from './attrition-data.ts';

/**
 * What the retention-risk model may see (DESIGN §4.7), and how a profile becomes a feature vector.
 *
 * Only what the platform knows at hire and from check-ins. Never the years at the company, in role, since
 * promotion or with the manager (always zero at hire), never performance ratings or raises (after hire), and
 * by default never gender, age or marital status: a protected column in the input is ignored unless enabled.
 */

/** Known at hire (the offer, the candidate's record). */
export const HIRE_INPUTS = [
  'BusinessTravel',
  'Department',
  'JobRole',
  'JobLevel',
  'Education',
  'EducationField',
  'DistanceFromHome',
  'MonthlyIncome',
  'StockOptionLevel',
  'NumCompaniesWorked',
  'TotalWorkingYears',
  'OverTime',
] as const;
/** Answered on a check-in (1–4); none known at hire. */
export const CHECK_IN_ITEMS = [
  'JobSatisfaction',
  'EnvironmentSatisfaction',
  'RelationshipSatisfaction',
  'WorkLifeBalance',
  'JobInvolvement',
] as const;
/** Off unless an operator enables them after viewing the fairness report. */
export const PROTECTED_INPUTS = ['Gender', 'Age', 'MaritalStatus'] as const;
/** Known only after hire, or always zero at hire: never inputs, whatever is enabled. */
export const FORBIDDEN_INPUTS = [
  'YearsAtCompany',
  'YearsInCurrentRole',
  'YearsSinceLastPromotion',
  'YearsWithCurrManager',
  'PerformanceRating',
  'PercentSalaryHike',
] as const;

export type HireInput = (typeof HIRE_INPUTS)[number];
export type CheckInItem = (typeof CHECK_IN_ITEMS)[number];
export type ProtectedInput = (typeof PROTECTED_INPUTS)[number];
export type ModelInput = HireInput | CheckInItem | ProtectedInput;

const CATEGORICAL: ReadonlySet<string> = new Set([
  'BusinessTravel',
  'Department',
  'JobRole',
  'EducationField',
  'StockOptionLevel',
  'OverTime',
  'Gender',
  'MaritalStatus',
]);
/** Heavy right tails (income, experience, distance): the log keeps a few large values from steering the fit. */
const LOG1P: ReadonlySet<string> = new Set(['MonthlyIncome', 'TotalWorkingYears', 'DistanceFromHome']);

/**
 * One column of the design matrix. `category`: 1 when the input equals `level`. `numeric`: the value (log1p for
 * heavy tails). `item`: a check-in answer (1–4); `item_low`: the answer is 1 (the lowest), which weighs more than
 * a linear step; `item_missing`: no answer. A value that is unknown (a missing answer, a level never seen in
 * training) is encoded as "average" (standardized 0), so only the missing indicator speaks for it.
 */
export type FeatureSpec =
  | { kind: 'category'; input: ModelInput; level: string }
  | { kind: 'numeric'; input: ModelInput; transform: 'identity' | 'log1p' }
  | { kind: 'item'; input: CheckInItem }
  | { kind: 'item_low'; input: CheckInItem }
  | { kind: 'item_missing'; input: CheckInItem };

export function featureName(f: FeatureSpec): string {
  switch (f.kind) {
    case 'category':
      return `${f.input}=${f.level}`;
    case 'numeric':
      return f.transform === 'log1p' ? `log1p(${f.input})` : f.input;
    case 'item':
      return f.input;
    case 'item_low':
      return `${f.input}=1`;
    case 'item_missing':
      return `${f.input} missing`;
  }
}

/** The inputs a model uses: the hire inputs and check-in items, plus exactly the protected ones enabled. */
export function modelInputs(enabledProtected: readonly ProtectedInput[] = [], dropped: readonly ModelInput[] = []): ModelInput[] {
  const all: ModelInput[] = [...HIRE_INPUTS, ...CHECK_IN_ITEMS, ...PROTECTED_INPUTS.filter((p) => enabledProtected.includes(p))];
  return all.filter((i) => !dropped.includes(i));
}

function levelKey(v: CellValue): string | null {
  return v === null ? null : String(v);
}

/** The feature columns for the given inputs; category levels are those seen in the training profiles, sorted. */
export function designFeatures(inputs: readonly ModelInput[], training: readonly Profile[]): FeatureSpec[] {
  const out: FeatureSpec[] = [];
  for (const input of inputs) {
    if ((CHECK_IN_ITEMS as readonly string[]).includes(input)) {
      const item = input as CheckInItem;
      out.push({ kind: 'item', input: item }, { kind: 'item_low', input: item }, { kind: 'item_missing', input: item });
    } else if (CATEGORICAL.has(input)) {
      const levels = new Set<string>();
      for (const p of training) {
        const k = levelKey(p[input] ?? null);
        if (k !== null) levels.add(k);
      }
      for (const level of [...levels].sort()) out.push({ kind: 'category', input, level });
    } else {
      out.push({ kind: 'numeric', input, transform: LOG1P.has(input) ? 'log1p' : 'identity' });
    }
  }
  return out;
}

// The levels of each categorical input, per feature list (computed once: scoring is on the hot path).
const levelCache = new WeakMap<readonly FeatureSpec[], Map<ModelInput, Set<string>>>();
function knownLevels(features: readonly FeatureSpec[]): Map<ModelInput, Set<string>> {
  let levels = levelCache.get(features);
  if (levels === undefined) {
    levels = new Map();
    for (const f of features) {
      if (f.kind !== 'category') continue;
      const set = levels.get(f.input) ?? new Set<string>();
      set.add(f.level);
      levels.set(f.input, set);
    }
    levelCache.set(features, levels);
  }
  return levels;
}

/** A check-in answer, or null when missing or outside 1–4. */
export function itemAnswer(v: CellValue | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 4 ? v : null;
}

/**
 * The raw (unstandardized) value of each feature for one profile; NaN where the value is unknown (standardized to 0).
 * Only the columns named by `features` are read, so a protected column in the profile is ignored unless a
 * feature for it was designed (which only an enabled protected input produces).
 */
export function rawFeatures(features: readonly FeatureSpec[], p: Profile): number[] {
  const levels = knownLevels(features);
  return features.map((f) => {
    const v = p[f.input] ?? null;
    switch (f.kind) {
      case 'category': {
        const k = levelKey(v);
        if (k === null || levels.get(f.input)?.has(k) !== true) return Number.NaN;
        return k === f.level ? 1 : 0;
      }
      case 'numeric':
        if (typeof v !== 'number' || !Number.isFinite(v) || (f.transform === 'log1p' && v < 0)) return Number.NaN;
        return f.transform === 'log1p' ? Math.log1p(v) : v;
      case 'item': {
        const a = itemAnswer(v);
        return a === null ? Number.NaN : a;
      }
      case 'item_low': {
        const a = itemAnswer(v);
        return a === null ? Number.NaN : a === 1 ? 1 : 0;
      }
      case 'item_missing':
        return itemAnswer(v) === null ? 1 : 0;
    }
  });
}

export interface Standardization {
  readonly mean: number;
  readonly sd: number;
}

/** Mean and standard deviation of each column over its known values; a constant column gets sd 1. */
export function standardization(rows: readonly (readonly number[])[], width: number): Standardization[] {
  const out: Standardization[] = [];
  for (let j = 0; j < width; j++) {
    let n = 0;
    let sum = 0;
    for (const r of rows) {
      const v = r[j] ?? Number.NaN;
      if (!Number.isNaN(v)) {
        n++;
        sum += v;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    let ss = 0;
    for (const r of rows) {
      const v = r[j] ?? Number.NaN;
      if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
    }
    const sd = n > 1 ? Math.sqrt(ss / n) : 0;
    out.push({ mean, sd: sd > 1e-12 ? sd : 1 });
  }
  return out;
}

/** (x − mean) / sd per column; unknown values become 0 (the average). */
export function standardize(raw: readonly number[], std: readonly Standardization[]): number[] {
  return raw.map((v, j) => {
    const s = std[j];
    if (s === undefined || Number.isNaN(v)) return 0;
    return (v - s.mean) / s.sd;
  });
}

/** The profile as it is at hire: every check-in answer unknown. */
export function atHire(p: Profile): Profile {
  const out: Record<string, CellValue> = { ...p };
  for (const item of CHECK_IN_ITEMS) out[item] = null;
  return out;
}

/** The profile with the given check-in answers removed (a skipped question, a partly answered form). */
export function withoutItems(p: Profile, items: readonly CheckInItem[]): Profile {
  const out: Record<string, CellValue> = { ...p };
  for (const item of items) out[item] = null;
  return out;
}
