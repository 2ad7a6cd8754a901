import type { CandidateAnswers } from '../aftercare/checkin.rules.ts';
import type { CandidateBackground, EducationField, EducationLevel } from '../submissions/candidate-background.rules.ts';
import { ordinalEn } from '../integrations/benchmark.rules.ts';
import type { CellValue, Profile } from './attrition-data.ts';
import type { Factor, Words } from './factors.rules.ts';

/**
 * What the platform knows of a placement, as the risk model's inputs (DESIGN §4.7). Pure.
 *
 * From the job order: the function (→ Department, and JobRole where the function names one of the data's roles
 * unambiguously) and the level (→ JobLevel 1–5). From the candidate's background as the consultant recorded it
 * with the submission: years of experience (→ TotalWorkingYears), education (→ Education 1–5) and its field
 * (→ EducationField), employers before (→ NumCompaniesWorked) and the commute (→ DistanceFromHome, in km, held to
 * the data's range 1–29 — the data does not name its unit, so a commute is read as "near" or "far" on its scale).
 * From a candidate's check-in: the five satisfaction items (1–4, the data's own scale) and "works overtime".
 * Everything else the model can use (travel, equity, and pay — whose currency and market the training data do not
 * share) the platform does not collect: it stays unknown, which the model reads as the training average (its
 * standardized value 0), so an unknown input neither raises nor lowers a score and is never named as a factor.
 * A missed check-in leaves every item unknown, and is named as one factor ("check-in at day 30 not answered").
 */

const DEPARTMENT: Record<string, string> = {
  sales: 'Sales',
  marketing: 'Sales',
  customer_service: 'Sales',
  human_resources: 'Human Resources',
  software_engineering: 'Research & Development',
  hardware_engineering: 'Research & Development',
  data: 'Research & Development',
  research: 'Research & Development',
  healthcare: 'Research & Development',
  manufacturing: 'Research & Development',
  quality: 'Research & Development',
};

const LEVEL: Record<string, number> = { entry: 1, junior: 1, mid: 2, senior: 3, lead: 3, manager: 4, director: 5, executive: 5 };
const SENIOR = new Set(['manager', 'director', 'executive']);

function jobRole(fn: string, level: string): string | null {
  switch (fn) {
    case 'sales':
      return level === 'entry' || level === 'junior' ? 'Sales Representative' : 'Sales Executive';
    case 'human_resources':
      return 'Human Resources';
    case 'research':
      return level === 'director' || level === 'executive' ? 'Research Director' : 'Research Scientist';
    case 'manufacturing':
      return level === 'director' || level === 'executive' ? 'Manufacturing Director' : null;
    case 'healthcare':
      return 'Healthcare Representative';
    case 'general_management':
      return SENIOR.has(level) ? 'Manager' : null;
    default:
      return null;
  }
}

/** The items of a candidate's check-in answers (aftercare's own type, §4.5) that the model reads or names. */
export type CandidateCheckin = Omit<CandidateAnswers, 'overallSatisfaction' | 'comment'>;

const item = (v: unknown): CellValue => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 4 ? v : null);

/** A recorded education level as the training data's Education code, and a field as its EducationField name. */
export const EDUCATION: Record<EducationLevel, number> = { below_college: 1, college: 2, bachelor: 3, master: 4, doctorate: 5 };
export const EDUCATION_FIELD: Record<EducationField, string> = {
  life_sciences: 'Life Sciences',
  medical: 'Medical',
  marketing: 'Marketing',
  technical: 'Technical Degree',
  human_resources: 'Human Resources',
  other: 'Other',
};
/** The training data's ranges: a value beyond them is read as the nearest end (the model never saw further). */
const MAX_COMPANIES = 9;
const DISTANCE = { min: 1, max: 29 };
const MAX_WORKING_YEARS = 40;

const whole = (v: number | null | undefined, min: number, max: number): CellValue =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(max, Math.max(min, v)) : null;

/** What the background adds to the profile: each input unknown when not recorded. */
function backgroundInputs(b: Partial<CandidateBackground> | null): Profile {
  return {
    TotalWorkingYears: whole(b?.yearsExperience, 0, MAX_WORKING_YEARS),
    Education: b?.education ? EDUCATION[b.education] : null,
    EducationField: b?.educationField ? EDUCATION_FIELD[b.educationField] : null,
    NumCompaniesWorked: whole(b?.previousEmployers, 0, MAX_COMPANIES),
    DistanceFromHome: whole(b?.commuteKm, DISTANCE.min, DISTANCE.max),
  };
}

/**
 * Pay, placed on the training data's scale (docs/risk-model.md "Pay against the market"). The platform's salaries
 * are in another currency and market than the data's MonthlyIncome, so the amount itself means nothing to the
 * model; its position does. An offer at the p-th percentile of its market (salary benchmarks, DESIGN §4.7) is
 * given the MonthlyIncome at the p-th percentile of the training rows of the same JobLevel: the same rank, on the
 * model's scale. `incomesByLevel`: each level's incomes in the training data, sorted ascending (label-free).
 */
export function incomeAtPercentile(sortedIncomes: readonly number[], percentile: number): number | null {
  const n = sortedIncomes.length;
  if (n === 0 || !Number.isFinite(percentile)) return null;
  // The empirical quantile with linear interpolation between order statistics (Hyndman–Fan type 7).
  const h = (Math.min(100, Math.max(0, percentile)) / 100) * (n - 1);
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sortedIncomes[lo]! + (h - lo) * (sortedIncomes[hi]! - sortedIncomes[lo]!);
}

export type PayPosition = { estimate: number; band: 'below_p25' | 'within' | 'above_p90'; percentile: number | null };

/**
 * The model's profile of a placement: the job, the candidate's background, the answers of one candidate check-in
 * (none at hire or when missed), and pay against the market when a benchmark places it.
 */
export function placementProfile(
  job: { function: string; level: string },
  background: Partial<CandidateBackground> | null,
  answers: Partial<CandidateCheckin> | null,
  pay: { position: PayPosition; incomesByLevel: ReadonlyMap<number, readonly number[]> } | null = null,
): Profile {
  const level = LEVEL[job.level] ?? null;
  const incomes = level === null || pay === null ? undefined : pay.incomesByLevel.get(level);
  return {
    Department: DEPARTMENT[job.function] ?? null,
    JobRole: jobRole(job.function, job.level),
    JobLevel: level,
    ...backgroundInputs(background),
    MonthlyIncome: incomes === undefined || pay === null ? null : incomeAtPercentile(incomes, pay.position.estimate),
    OverTime: answers && typeof answers.overTime === 'boolean' ? (answers.overTime ? 'Yes' : 'No') : null,
    JobSatisfaction: item(answers?.jobSatisfaction),
    EnvironmentSatisfaction: item(answers?.environmentSatisfaction),
    RelationshipSatisfaction: item(answers?.relationshipSatisfaction),
    WorkLifeBalance: item(answers?.workLifeBalance),
    JobInvolvement: item(answers?.jobInvolvement),
  };
}

function payWords(pay: PayPosition): Words {
  if (pay.band === 'below_p25') return { en: 'offer below the market’s 25th percentile', zh: '薪资低于市场 25 分位' };
  if (pay.band === 'above_p90') return { en: 'offer above the market’s 90th percentile', zh: '薪资高于市场 90 分位' };
  return { en: `offer at the market’s ${ordinalEn(pay.percentile ?? 50)} percentile`, zh: `薪资位于市场第 ${pay.percentile ?? 50} 百分位` };
}

/** A stored factor: a model input's contribution to the log-odds, or (contribution null) a signal the model has no input for. */
export type StoredFactor = { input: string; contribution: number | null; words: Words };

/**
 * The factors shown with a score: the model's top factors, then the candidate's intent to stay when it is low
 * (≤ 2 of 5). Intent to stay is on the check-in form but not in the training data, so it is not in the model: it
 * is named (it is why aftercare flags a placement), with no weight.
 */
export function factorsShown(model: readonly Factor[], answers: Partial<CandidateCheckin> | null, day: number | null, pay: PayPosition | null = null): StoredFactor[] {
  // Pay is named by its place in the market, not by the training data's amount (another currency and market).
  const out: StoredFactor[] = model.map((f) => ({ input: f.input, contribution: f.contribution, words: f.input === 'MonthlyIncome' && pay ? payWords(pay) : f.words }));
  const intent = answers?.intentToStay;
  if (typeof intent === 'number' && intent <= 2) {
    out.push({
      input: 'intent_to_stay',
      contribution: null,
      words: day === null ? { en: 'intent to stay low', zh: '留任意愿低' } : { en: `intent to stay low at day ${day}`, zh: `第${day}天留任意愿低` },
    });
  }
  return out;
}
