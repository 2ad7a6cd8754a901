/**
 * Claim evaluation throughput (DESIGN §4.3, goal ≥ 200,000 evaluations/s in one process).
 *
 * A batch of 200,000 varied claims ({ terms, placement, claim } as JSON, terms shaped like DESIGN §4.1, about 2% of
 * them invalid) is evaluated in one process:
 *   - evaluate:  `evaluateClaim(input)` on each parsed input; every call validates its own input in full
 *                (terms included) — nothing is cached between items;
 *   - pipeline:  what `npx tenure claims evaluate` does per item: JSON.parse → evaluateClaim → JSON.stringify;
 *   - baseline:  JSON.parse → JSON.stringify of the same inputs, nothing else;
 * all in the same run, median of several rounds, with the ratios to the baseline.
 * For the evaluate loop the batch is parsed once beforehand (untimed); each input is still its own objects.
 * Rates are given by wall-clock time (the goal's measure) and by the process's CPU time, which stays meaningful
 * when other work shares the machine.
 *
 *   node bin/run-ts.mjs bench/claims-evaluate.bench.ts [batchSize]
 */
import { cpus, totalmem } from 'node:os';
import { evaluateClaim } from '../src/aftercare/claim-evaluation.rules.ts';

const BATCH = Number(process.argv[2] ?? 200_000);
const ROUNDS = 5;
const DAY = 86_400_000;

/** Deterministic inputs: the same batch on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20261125);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const REASONS = [
  'voluntary_resignation', 'dismissal_performance', 'dismissal_misconduct', 'probation_failed', 'no_show', 'skill_milestone_failed',
  'layoff', 'restructuring', 'position_eliminated', 'employer_breach', 'death_or_disability', 'mutual_agreement', 'other',
];
const CURRENCIES: [string, number][] = [['CNY', 2], ['USD', 2], ['EUR', 2], ['HKD', 2], ['SGD', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0]];

function amount(digits: number, maxMajor: number): string {
  const major = int(0, maxMajor);
  return digits === 0 ? String(major) : `${major}.${String(int(0, 99)).padStart(2, '0')}`;
}

function makeInput(): unknown {
  const [currency, digits] = pick(CURRENCIES);
  const G = pick([0, 30, 60, 90, 90, 90, 120, 180]);
  const covered = REASONS.filter(() => random() < 0.45);
  const refund =
    random() < 0.15
      ? null
      : random() < 0.6
        ? { schedule: 'linear' }
        : { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 90, percent: 66.67 }, { uptoDay: 180, percent: 33.33 }] };
  const start = Date.UTC(2024, 0, 1) + int(0, 1100) * DAY;
  const fee = amount(digits, 200_000);
  const installments = Array.from({ length: int(0, 3) }, (_, k) => ({
    dueDate: iso(start + (15 + k * 90) * DAY),
    amount: amount(digits, 60_000),
    payments: Array.from({ length: int(0, 2) }, () => ({ date: iso(start + int(0, 150) * DAY), amount: amount(digits, 60_000) })),
  }));
  const served = int(0, 220);
  const input = {
    terms: {
      currency,
      reward: { type: 'percent_of_annual_salary', percent: pick([15, 18, 20, 22.5, 25]) },
      platformFeePercent: 10,
      guarantee: { days: G, covered, noticeDays: pick([3, 7, 10]), requireTimelyPayment: random() < 0.7, paymentGraceDays: pick([0, 5, 7]) },
      remedies: {
        replacement: random() < 0.2 ? null : { maxReplacements: int(0, 2), deliveryDays: 30, newGuarantee: pick(['fresh', 'remaining']) },
        refund,
      },
      installments: [
        { trigger: 'start', percent: 50, dueDays: 15 },
        { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
      ],
      release: pick(['after_guarantee', 'on_payment']),
      checkIns: { days: [7, 30, 60, 90], windowDays: 5, respondents: ['employer', 'candidate'] },
      supportTasks: [{ kind: 'onboarding_coaching', day: 3 }, { kind: 'return_visit', day: 45 }],
      milestones: [],
      scope: {
        included: [{ zh: '寻访、推荐与录用协助', en: 'Sourcing, recommendation and offer support' }],
        excluded: [{ zh: '裁员等非候选人原因的离职', en: 'Departures not caused by the hire, such as layoffs' }],
      },
    },
    placement: { startDate: iso(start), fee, replacementsUsed: int(0, 2), installments },
    claim: {
      reason: pick(REASONS),
      lastWorkingDay: iso(start + served * DAY),
      reportedOn: iso(start + (served + int(-10, 12)) * DAY),
      remedy: pick(['refund', 'replacement', null]),
    },
  };
  // About 2% invalid, of the kinds the contract names.
  const r = random();
  if (r < 0.005) input.claim.reportedOn = '2026-02-30';
  else if (r < 0.01) input.placement.fee = `${fee}1`;
  else if (r < 0.015) input.claim.reason = 'boredom';
  else if (r < 0.02) input.terms.currency = 'XYZ';
  return input;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const texts: string[] = [];
for (let i = 0; i < BATCH; i++) texts.push(JSON.stringify(makeInput()));
const bytes = texts.reduce((s, t) => s + t.length, 0);

let sink = 0;
let invalid = 0;

interface Timing {
  wallMs: number;
  cpuMs: number;
}
function timed(run: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

// The batch parsed once, untimed: the evaluate loop then times evaluateClaim alone.
const parsed: unknown[] = texts.map((t) => JSON.parse(t) as unknown);

function evaluateRound(): Timing {
  invalid = 0;
  return timed(() => {
    for (const input of parsed) {
      const result = evaluateClaim(input);
      if ('error' in result) invalid++;
    }
  });
}

function pipelineRound(): Timing {
  return timed(() => {
    for (const text of texts) sink += JSON.stringify(evaluateClaim(JSON.parse(text))).length;
  });
}

function baselineRound(): Timing {
  return timed(() => {
    for (const text of texts) sink += JSON.stringify(JSON.parse(text)).length;
  });
}

// Warm-up on a slice, then alternate the three loops round by round.
for (let i = 0; i < 20_000 && i < BATCH; i++) sink += JSON.stringify(evaluateClaim(JSON.parse(texts[i] as string))).length;
const evaluateT: Timing[] = [];
const pipelineT: Timing[] = [];
const baselineT: Timing[] = [];
for (let round = 0; round < ROUNDS; round++) {
  baselineT.push(baselineRound());
  evaluateT.push(evaluateRound());
  pipelineT.push(pipelineRound());
}

const rate = (ms: number): number => BATCH / (ms / 1000);
const rates = (ts: Timing[]) => ({ wall: rate(median(ts.map((t) => t.wallMs))), cpu: rate(median(ts.map((t) => t.cpuMs))) });
const evaluate = rates(evaluateT);
const pipeline = rates(pipelineT);
const baseline = rates(baselineT);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);

console.log(`claims evaluate — ${BATCH.toLocaleString('en-US')} varied inputs (${(bytes / BATCH).toFixed(0)} chars each on average, ${invalid} invalid), median of ${ROUNDS} rounds`);
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`);
console.log('                                                     per s (wall)   per s (CPU time)');
console.log(`evaluate (evaluateClaim on parsed input)            ${fmt(evaluate.wall)}      ${fmt(evaluate.cpu)}`);
console.log(`pipeline (JSON.parse → evaluateClaim → stringify)   ${fmt(pipeline.wall)}      ${fmt(pipeline.cpu)}`);
console.log(`baseline (JSON.parse → JSON.stringify only)         ${fmt(baseline.wall)}      ${fmt(baseline.cpu)}`);
console.log(`ratio evaluate / baseline: ${(evaluate.wall / baseline.wall).toFixed(2)} (wall), ${(evaluate.cpu / baseline.cpu).toFixed(2)} (CPU)`);
console.log(`ratio pipeline / baseline: ${(pipeline.wall / baseline.wall).toFixed(2)} (wall), ${(pipeline.cpu / baseline.cpu).toFixed(2)} (CPU)`);
console.log(`goal ≥ 200,000 evaluations/s (wall): ${evaluate.wall >= 200_000 ? 'met' : 'NOT met'}`);
if (sink === -1) console.log(sink); // keep the results alive
