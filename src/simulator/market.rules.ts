import type { JobFunction, JobLevel } from '../marketplace/job-catalog.ts';
import type { Profile } from '../risk/attrition-data.ts';
import { EDUCATION, EDUCATION_FIELD } from '../risk/placement-profile.rules.ts';
import type { EducationField, EducationLevel } from '../submissions/candidate-background.rules.ts';

/**
 * The market simulator's decisions (docs/simulator.md), pure: every draw comes from a seeded generator passed in,
 * never from Math.random or the wall clock, so one seed gives one history.
 */

/** A seeded pseudo-random generator: sfc32 (small fast counter), 32-bit state words, period ≥ 2^32. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function seededRng(seed: number): Rng {
  // The seed is spread over the four state words with splitmix32, then a few rounds are discarded.
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

export const chance = (rng: Rng, p: number): boolean => rng.next() < p;

/** An integer in [min, max], both included. */
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng.next() * (max - min + 1));

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(rng.next() * items.length)] as T;
}

/** One of the items, with probability proportional to its weight (equal weights: the same draw as `pick`). */
export function pickWeighted<T>(rng: Rng, items: readonly T[], weightOf: (item: T) => number): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  const total = items.reduce((s, x) => s + weightOf(x), 0);
  let r = rng.next() * total;
  for (const x of items) {
    r -= weightOf(x);
    if (r < 0) return x;
  }
  return items[items.length - 1] as T;
}

/** One of the keys, with probability proportional to its weight. */
export function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

/** How departures are reported: the reasons of the termination form, weighted as the market sees them. */
export const DEPARTURE_REASONS = {
  voluntary_resignation: 55,
  dismissal_performance: 12,
  probation_failed: 10,
  no_show: 3,
  layoff: 8,
  mutual_agreement: 7,
  employer_breach: 2,
  other: 3,
} as const;
export type DepartureReason = keyof typeof DEPARTURE_REASONS;

export type Departure = { day: number; reason: DepartureReason; reportAfter: number };

/**
 * Whether a hire leaves within its guarantee, and when: with the risk model's probability for the candidate's
 * profile. The day served is uniform over the guarantee (a no-show leaves on day 1); the poster reports it 0–5 days
 * later, and one report in ten comes late (8–12 days, past the usual 7-day notice).
 */
export function drawDeparture(rng: Rng, probability: number, guaranteeDays: number): Departure | null {
  if (guaranteeDays <= 0 || !chance(rng, probability)) return null;
  const reason = weighted(rng, DEPARTURE_REASONS);
  const day = reason === 'no_show' ? 1 : between(rng, 5, Math.max(5, guaranteeDays - 3));
  const reportAfter = chance(rng, 0.1) ? between(rng, 8, 12) : between(rng, 0, 5);
  return { day, reason, reportAfter };
}

/** The remedy a poster asks for when it reports a departure. */
export function drawRemedy(rng: Rng): 'refund' | 'replacement' | null {
  const r = weighted(rng, { refund: 45, replacement: 45, none: 10 });
  return r === 'none' ? null : r;
}

const FUNCTION_OF_ROLE: Record<string, JobFunction> = {
  'Sales Executive': 'sales',
  'Sales Representative': 'sales',
  'Research Scientist': 'research',
  'Laboratory Technician': 'research',
  'Manufacturing Director': 'manufacturing',
  'Healthcare Representative': 'healthcare',
  Manager: 'general_management',
  'Research Director': 'research',
  'Human Resources': 'human_resources',
};
const LEVEL_OF: Record<number, JobLevel> = { 1: 'junior', 2: 'mid', 3: 'senior', 4: 'manager', 5: 'director' };

/** A job title in the words a Chinese employer posts (the demo's history shows them in 华信's and 蓝峰's lists). */
const TITLE_OF_ROLE: Record<string, string> = {
  'Sales Executive': '销售经理',
  'Sales Representative': '销售代表',
  'Research Scientist': '研究员',
  'Laboratory Technician': '实验室技术员',
  'Manufacturing Director': '生产总监',
  'Healthcare Representative': '医药代表',
  Manager: '部门经理',
  'Research Director': '研发总监',
  'Human Resources': '人力资源专员',
};
const LEVEL_WORD: Record<number, string> = { 1: '初级', 2: '', 3: '资深', 4: '高级', 5: '首席' };

/** The order's title for a profile: "资深研究员", "销售代表". */
export const jobTitleOf = (p: Profile): string => `${LEVEL_WORD[Number(p.JobLevel)] ?? ''}${TITLE_OF_ROLE[String(p.JobRole)] ?? '运营专员'}`;

/** The job order a profile fits: its function and level from the data's job role and level. */
export function jobOf(p: Profile): { fn: JobFunction; level: JobLevel } {
  return { fn: FUNCTION_OF_ROLE[String(p.JobRole)] ?? 'operations', level: LEVEL_OF[Number(p.JobLevel)] ?? 'mid' };
}

/** An annual salary in CNY (whole yuan) from the data's monthly income: × 12 months × 7 (a rough exchange of its units). */
export const annualSalaryOf = (p: Profile): number => Math.max(60_000, Math.round((Number(p.MonthlyIncome) || 5_000) * 12 * 7 / 1000) * 1000);

const item = (v: unknown, fallback: number): number => (typeof v === 'number' && v >= 1 && v <= 4 ? v : fallback);

/**
 * The candidate's check-in answers: the profile's own satisfaction items (the data's 1–4 scales match the form);
 * intent to stay is low when the candidate is about to leave.
 */
export function candidateAnswers(rng: Rng, p: Profile, leavingSoon: boolean) {
  const job = item(p.JobSatisfaction, 3);
  const env = item(p.EnvironmentSatisfaction, 3);
  return {
    overallSatisfaction: Math.min(5, Math.max(1, Math.round((job + env) / 2 + (leavingSoon ? -1 : 1) * rng.next()))),
    jobSatisfaction: job,
    environmentSatisfaction: env,
    relationshipSatisfaction: item(p.RelationshipSatisfaction, 3),
    workLifeBalance: item(p.WorkLifeBalance, 3),
    jobInvolvement: item(p.JobInvolvement, 3),
    overTime: p.OverTime === 'Yes',
    intentToStay: leavingSoon ? between(rng, 1, 2) : between(rng, 3, 5),
  };
}

/** The employer's answers: lower when the hire is about to be dismissed; otherwise from `floor` (1–5) to 5. */
export function employerAnswers(rng: Rng, dismissalAhead: boolean, floor = 3) {
  return dismissalAhead
    ? { performance: between(rng, 1, 2), teamFit: between(rng, 1, 3), dismissalRisk: true }
    : { performance: between(rng, floor, 5), teamFit: between(rng, floor, 5), dismissalRisk: false };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英'];

/** A made-up candidate name (never a real person's data: the attrition data has no names). */
export const candidateName = (rng: Rng): string => `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`;

// The risk model's own tables, read backwards: a drawn profile's codes as a consultant would record them.
const EDUCATION_BY_CODE = new Map(Object.entries(EDUCATION).map(([level, code]) => [code, level as EducationLevel]));
const FIELD_BY_NAME = new Map(Object.entries(EDUCATION_FIELD).map(([field, name]) => [name, field as EducationField]));

/** A drawn profile's background as a consultant would record it (the data's commute read as km). */
export function backgroundOf(p: Profile): { education: EducationLevel | null; educationField: EducationField | null; previousEmployers: number | null; commuteKm: number | null } {
  const n = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  return {
    education: EDUCATION_BY_CODE.get(Number(p.Education)) ?? null,
    educationField: FIELD_BY_NAME.get(String(p.EducationField)) ?? null,
    previousEmployers: n(p.NumCompaniesWorked),
    commuteKm: n(p.DistanceFromHome),
  };
}
