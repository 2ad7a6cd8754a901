/**
 * L2-regularized logistic regression fitted by Newton's method (IRLS), in plain TypeScript.
 *
 * Deterministic: no randomness, a fixed iteration order and a fixed stopping rule, so the same rows give the
 * same coefficients bit for bit. Minimizes mean log-loss + (lambda / 2) · ‖β‖² (the intercept is not penalized).
 */

export interface LogisticFit {
  readonly intercept: number;
  readonly coefficients: number[];
  readonly iterations: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky); A is given as rows and left untouched. */
export function solveSpd(a: readonly Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const li = l[i] as Float64Array;
    const ai = a[i] as Float64Array;
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as Float64Array;
      let s = ai[j] as number;
      for (let k = 0; k < j; k++) s -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        // The ridge term keeps the matrix positive definite; guard against rounding all the same.
        li[i] = Math.sqrt(Math.max(s, 1e-12));
      } else {
        li[j] = s / (lj[j] as number);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const li = l[i] as Float64Array;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (li[k] as number) * (y[k] as number);
    y[i] = s / (li[i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= ((l[k] as Float64Array)[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as Float64Array)[i] as number);
  }
  return x;
}

/**
 * Fits on standardized rows `x` (n × p) with labels `y` (0/1). Newton steps until the largest change is below
 * 1e-9 or 100 steps (the objective is strictly convex with lambda > 0, so it converges in a handful).
 */
export function fitLogistic(x: readonly Float64Array[], y: readonly number[], lambda: number): LogisticFit {
  const n = x.length;
  const p = (x[0]?.length ?? 0) + 1; // column 0 is the intercept
  const beta = new Float64Array(p);
  // Starting from the base rate saves a step or two and is as deterministic as starting from zero.
  const rate = y.reduce((s, v) => s + v, 0) / Math.max(n, 1);
  beta[0] = Math.log(Math.max(rate, 1e-6) / Math.max(1 - rate, 1e-6));
  let iterations = 0;
  const row = new Float64Array(p);
  for (; iterations < 100; iterations++) {
    const h = Array.from({ length: p }, () => new Float64Array(p));
    const g = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const xi = x[i] as Float64Array;
      row[0] = 1;
      row.set(xi, 1);
      let z = 0;
      for (let j = 0; j < p; j++) z += (beta[j] as number) * (row[j] as number);
      const mu = sigmoid(z);
      const w = mu * (1 - mu);
      const r = mu - (y[i] as number);
      for (let j = 0; j < p; j++) {
        const rj = row[j] as number;
        g[j] = (g[j] as number) + r * rj;
        if (rj === 0) continue;
        const hj = h[j] as Float64Array;
        const wr = w * rj;
        for (let k = 0; k <= j; k++) hj[k] = (hj[k] as number) + wr * (row[k] as number);
      }
    }
    for (let j = 0; j < p; j++) {
      const hj = h[j] as Float64Array;
      g[j] = (g[j] as number) / n + (j === 0 ? 0 : lambda * (beta[j] as number));
      for (let k = 0; k <= j; k++) hj[k] = (hj[k] as number) / n;
      if (j > 0) hj[j] = (hj[j] as number) + lambda;
      for (let k = 0; k < j; k++) (h[k] as Float64Array)[j] = hj[k] as number;
    }
    const step = solveSpd(h, g);
    let largest = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = (beta[j] as number) - (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    if (largest < 1e-9) {
      iterations++;
      break;
    }
  }
  return { intercept: beta[0], coefficients: Array.from(beta.subarray(1)), iterations };
}

