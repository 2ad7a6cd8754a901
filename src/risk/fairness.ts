import type { CellValue, LabelledProfile } from './attrition-data.ts';
import { type BandThresholds, DEFAULT_BAND_THRESHOLDS } from './factors.rules.ts';
import { type ModelInput, modelInputs } from './features.rules.ts';
import { type RiskModel, outOfFold } from './model.ts';
import { type ReliabilityBin, brierScore, reliabilityTable, rocAuc, stratifiedFolds } from './metrics.rules.ts';

/**
 * The fairness report (DESIGN §4.7), on the training data, cross-validated:
 * - per protected group (gender, age band, marital status): how well the model ranks leavers (AUC) and how many
 *   it flags high, beside the group's real leaver rate;
 * - per allowed input: how well that input alone predicts each protected attribute (proxy AUC; leaving a column
 *   out is not enough when another stands in for it), and what dropping the input costs the model in AUC.
 */

export type ProtectedAttribute = 'gender' | 'age' | 'maritalStatus';
export const PROTECTED_ATTRIBUTES: readonly ProtectedAttribute[] = ['gender', 'age', 'maritalStatus'];

export interface GroupRow {
  readonly attribute: ProtectedAttribute;
  readonly group: string;
  readonly n: number;
  readonly leavers: number;
  readonly leaverRate: number;
  /** Out-of-fold AUC within the group, check-in answers present; null when the group has no leaver or no stayer. */
  readonly auc: number | null;
  readonly aucAtHire: number | null;
  /** Share of the group scored high (check-in answers present). */
  readonly flagRate: number;
  readonly meanScore: number;
}
export interface ProxyCell {
  readonly auc: number;
  /** The group of the attribute this input picks out best (one against the rest). */
  readonly group: string;
}
export interface ProxyRow {
  readonly input: ModelInput;
  readonly proxy: Record<ProtectedAttribute, ProxyCell>;
  /** Cross-validated AUC of the model retrained without this input. */
  readonly aucWithout: number;
  /** AUC lost by dropping it (positive: the model is worse without it). */
  readonly aucCost: number;
}
export interface FairnessReport {
  readonly model: { name: string; version: number; lambda: number; protectedInputs: string[] };
  readonly data: { file: string; sha256: string; rows: number; leavers: number };
  readonly folds: number;
  readonly thresholds: BandThresholds;
  readonly overall: { auc: number; aucAtHire: number; flagRate: number; leaverRate: number };
  /** Out-of-fold calibration: predicted vs observed leaver rate by deciles of the score, and the Brier score. */
  readonly calibration: {
    readonly withCheckIns: { brier: number; deciles: ReliabilityBin[] };
    readonly atHire: { brier: number; deciles: ReliabilityBin[] };
  };
  readonly groups: GroupRow[];
  readonly proxies: ProxyRow[];
}

const tidy = (x: number): number => Number(x.toFixed(4));

export function ageBand(age: CellValue | undefined): string | null {
  if (typeof age !== 'number') return null;
  if (age < 30) return 'under 30';
  if (age < 40) return '30–39';
  if (age < 50) return '40–49';
  return '50 and over';
}

export function protectedGroup(attribute: ProtectedAttribute, p: LabelledProfile['profile']): string | null {
  if (attribute === 'age') return ageBand(p.Age);
  const v = attribute === 'gender' ? p.Gender : p.MaritalStatus;
  return typeof v === 'string' ? v : null;
}

function groupsOf(attribute: ProtectedAttribute, rows: readonly LabelledProfile[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) {
    const g = protectedGroup(attribute, r.profile);
    if (g !== null) seen.add(g);
  }
  const order = ['under 30', '30–39', '40–49', '50 and over'];
  return [...seen].sort((a, b) => (order.indexOf(a) - order.indexOf(b)) || a.localeCompare(b));
}

const nullableAuc = (scores: number[], labels: boolean[]): number | null => {
  const a = rocAuc(scores, labels);
  return Number.isNaN(a) ? null : tidy(a);
};

/**
 * How well one input alone predicts membership of a group: inputs with few distinct values are scored by the
 * group's share among rows with the same value, learnt on the other folds (so a rare value cannot memorize its
 * rows); inputs with many values by the value itself, in whichever direction separates better.
 */
function proxyAuc(rows: readonly LabelledProfile[], input: ModelInput, member: boolean[], fold: number[], k: number): number {
  const values = rows.map((r) => r.profile[input] ?? null);
  const distinct = new Set(values.map((v) => String(v)));
  if (distinct.size > 30 && values.every((v) => typeof v === 'number')) {
    const a = rocAuc(values, member);
    return Math.max(a, 1 - a);
  }
  const scores = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < k; f++) {
    const counts = new Map<string, { n: number; m: number }>();
    let total = 0;
    let members = 0;
    rows.forEach((_, i) => {
      if (fold[i] === f) return;
      const key = String(values[i]);
      const c = counts.get(key) ?? { n: 0, m: 0 };
      c.n++;
      total++;
      if (member[i]) {
        c.m++;
        members++;
      }
      counts.set(key, c);
    });
    // A value unseen on the other folds gets the overall share; one pseudo-row of it keeps tiny values modest.
    const prior = total > 0 ? members / total : 0;
    rows.forEach((_, i) => {
      if (fold[i] !== f) return;
      const c = counts.get(String(values[i])) ?? { n: 0, m: 0 };
      scores[i] = (c.m + prior) / (c.n + 1);
    });
  }
  const a = rocAuc(scores, member);
  return Number.isNaN(a) ? 0.5 : a;
}

/** @public read through the CLI's lazy import of the risk area */
export function fairnessReport(
  rows: readonly LabelledProfile[],
  model: RiskModel,
  thresholds: BandThresholds = DEFAULT_BAND_THRESHOLDS,
): FairnessReport {
  const { seed, folds, lambda } = model.training;
  const opts = { lambda, seed, enabledProtected: model.protectedInputs };
  const oof = outOfFold(rows, opts, folds);
  const labels = oof.labels;
  const flagged = (p: number) => p >= thresholds.high;
  const overallAuc = rocAuc(oof.withCheckIns, labels);

  const groups: GroupRow[] = [];
  for (const attribute of PROTECTED_ATTRIBUTES) {
    for (const group of groupsOf(attribute, rows)) {
      const idx = rows.flatMap((r, i) => (protectedGroup(attribute, r.profile) === group ? [i] : []));
      const lab = idx.map((i) => labels[i] as boolean);
      const sc = idx.map((i) => oof.withCheckIns[i] as number);
      const leavers = lab.filter(Boolean).length;
      groups.push({
        attribute,
        group,
        n: idx.length,
        leavers,
        leaverRate: tidy(leavers / idx.length),
        auc: nullableAuc(sc, lab),
        aucAtHire: nullableAuc(
          idx.map((i) => oof.atHire[i] as number),
          lab,
        ),
        flagRate: tidy(sc.filter(flagged).length / idx.length),
        meanScore: tidy(sc.reduce((s, v) => s + v, 0) / idx.length),
      });
    }
  }

  const fold = stratifiedFolds(labels, folds, seed);
  const proxies: ProxyRow[] = [];
  for (const input of modelInputs(model.protectedInputs).filter((i) => !['Gender', 'Age', 'MaritalStatus'].includes(i))) {
    const proxy = {} as Record<ProtectedAttribute, ProxyCell>;
    for (const attribute of PROTECTED_ATTRIBUTES) {
      let best: ProxyCell = { auc: 0.5, group: '' };
      for (const group of groupsOf(attribute, rows)) {
        const member = rows.map((r) => protectedGroup(attribute, r.profile) === group);
        const auc = proxyAuc(rows, input, member, fold, folds);
        if (auc > best.auc) best = { auc: tidy(auc), group };
      }
      proxy[attribute] = best;
    }
    const without = outOfFold(rows, { ...opts, dropped: [input] }, folds);
    const aucWithout = rocAuc(without.withCheckIns, without.labels);
    proxies.push({ input, proxy, aucWithout: tidy(aucWithout), aucCost: tidy(overallAuc - aucWithout) });
  }

  return {
    model: { name: model.name, version: model.version, lambda, protectedInputs: [...model.protectedInputs] },
    data: { ...model.trainedOn },
    folds,
    thresholds,
    overall: {
      auc: tidy(overallAuc),
      aucAtHire: tidy(rocAuc(oof.atHire, labels)),
      flagRate: tidy(oof.withCheckIns.filter(flagged).length / rows.length),
      leaverRate: tidy(labels.filter(Boolean).length / rows.length),
    },
    calibration: {
      withCheckIns: calibrationOf(oof.withCheckIns, labels),
      atHire: calibrationOf(oof.atHire, labels),
    },
    groups,
    proxies,
  };
}

function calibrationOf(scores: number[], labels: boolean[]): { brier: number; deciles: ReliabilityBin[] } {
  return {
    brier: tidy(brierScore(scores, labels)),
    deciles: reliabilityTable(scores, labels, 10).map((b) => ({ ...b, meanPredicted: tidy(b.meanPredicted), observedRate: tidy(b.observedRate) })),
  };
}
