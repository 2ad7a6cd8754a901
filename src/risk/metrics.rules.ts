/** How good a score is: ranking (ROC AUC), calibration (Brier, reliability by deciles), and the folds to measure it on. */

/**
 * ROC AUC by ranks (Mann–Whitney): the chance that a random positive scores above a random negative, ties
 * counting one half (tied scores share their average rank). NaN when either class is absent.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]) {
      pos++;
      rankSum += ranks[i] as number;
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared difference between the predicted probability and the outcome (0 or 1). */
export function brierScore(probabilities: readonly number[], labels: readonly boolean[]): number {
  let s = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const d = (probabilities[i] as number) - (labels[i] ? 1 : 0);
    s += d * d;
  }
  return probabilities.length === 0 ? Number.NaN : s / probabilities.length;
}

export interface ReliabilityBin {
  readonly bin: number;
  readonly n: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Rows sorted by predicted probability and cut into `bins` groups of (nearly) equal size: predicted vs observed. */
export function reliabilityTable(probabilities: readonly number[], labels: readonly boolean[], bins = 10): ReliabilityBin[] {
  const n = probabilities.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (probabilities[a] as number) - (probabilities[b] as number) || a - b,
  );
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    let so = 0;
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      sp += probabilities[i] as number;
      so += labels[i] ? 1 : 0;
    }
    out.push({ bin: b + 1, n: to - from, meanPredicted: sp / (to - from), observedRate: so / (to - from) });
  }
  return out;
}

/** A small, fast, seeded generator (mulberry32): the only source of "randomness" in training. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the seeded generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

/**
 * Stratified k-fold assignment: positives and negatives are each shuffled (seeded) and dealt round-robin, so every
 * fold has about the same share of leavers. Returns the fold (0…k−1) of each row.
 */
export function stratifiedFolds(labels: readonly boolean[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const cls of [true, false]) {
    const idx = labels.flatMap((l, i) => (l === cls ? [i] : []));
    for (const i of shuffled(idx, random)) {
      fold[i] = next % k;
      next++;
    }
  }
  return fold;
}
