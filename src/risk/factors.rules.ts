import { invalidInput } from '../platform/errors.ts';
import type { CellValue, Profile } from './attrition-data.ts';
import { CHECK_IN_ITEMS, type CheckInItem, type ModelInput, itemAnswer } from './features.rules.ts';
import { type FittedModel, standardizedFeatures } from './model.ts';

/**
 * Why a score is what it is, in words (DESIGN §4.7), and the band it falls in. Pure: the model, the profile and
 * what is known about the check-in come in; text comes out in zh-CN and en.
 *
 * A factor's weight is its contribution to the log-odds: coefficient × (value − training mean) / sd, summed over
 * the columns of one input (the levels of a category; an answer, its "lowest" flag and its "missing" flag).
 */

export interface Words {
  readonly zh: string;
  readonly en: string;
}
export interface Factor {
  /** An input, or `check_in_missed` for the answers of a check-in that was not answered at all. */
  readonly input: ModelInput | 'check_in_missed';
  readonly contribution: number;
  readonly words: Words;
}
/** What is known about the latest check-in: its day, and whether it closed without an answer. */
export interface CheckInContext {
  readonly day: number;
  readonly missed: boolean;
}

/** Contribution of each input to the log-odds, in the model's input order. */
export function inputContributions(model: Pick<FittedModel, 'features'>, profile: Profile): { input: ModelInput; contribution: number }[] {
  const z = standardizedFeatures(model, profile);
  const sums = new Map<ModelInput, number>();
  model.features.forEach((f, j) => sums.set(f.input, (sums.get(f.input) ?? 0) + f.coefficient * (z[j] ?? 0)));
  return [...sums].map(([input, contribution]) => ({ input, contribution }));
}

const ROLE_ZH: Record<string, string> = {
  'Healthcare Representative': '医疗代表',
  'Human Resources': '人力资源专员',
  'Laboratory Technician': '实验室技术员',
  Manager: '经理',
  'Manufacturing Director': '生产总监',
  'Research Director': '研究总监',
  'Research Scientist': '研究科学家',
  'Sales Executive': '销售主管',
  'Sales Representative': '销售代表',
};
const DEPARTMENT_ZH: Record<string, string> = { 'Human Resources': '人力资源', 'Research & Development': '研发', Sales: '销售' };
const FIELD_ZH: Record<string, string> = {
  'Human Resources': '人力资源',
  'Life Sciences': '生命科学',
  Marketing: '市场营销',
  Medical: '医学',
  Other: '其他',
  'Technical Degree': '技术类',
};
const EDUCATION: Record<number, Words> = {
  1: { en: 'below college', zh: '大专以下' },
  2: { en: 'college', zh: '大专' },
  3: { en: "bachelor's", zh: '本科' },
  4: { en: "master's", zh: '硕士' },
  5: { en: 'doctorate', zh: '博士' },
};
const MARITAL_ZH: Record<string, string> = { Single: '未婚', Married: '已婚', Divorced: '离异' };
const GENDER_ZH: Record<string, string> = { Female: '女', Male: '男' };
const ITEM: Record<CheckInItem, Words> = {
  JobSatisfaction: { en: 'job satisfaction', zh: '工作满意度' },
  EnvironmentSatisfaction: { en: 'satisfaction with the work environment', zh: '工作环境满意度' },
  RelationshipSatisfaction: { en: 'satisfaction with colleagues', zh: '同事关系满意度' },
  WorkLifeBalance: { en: 'work–life balance', zh: '工作与生活平衡' },
  JobInvolvement: { en: 'job involvement', zh: '工作投入度' },
};

const num = (v: number): string => Math.round(v).toLocaleString('en-US');
const text = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Whether the profile's value sits above the training mean of the input's main column. */
function above(model: Pick<FittedModel, 'features'>, input: ModelInput, v: CellValue | undefined): boolean {
  const f = model.features.find((c) => c.input === input && c.kind === 'numeric');
  if (f === undefined || typeof v !== 'number') return false;
  const x = f.kind === 'numeric' && f.transform === 'log1p' ? Math.log1p(v) : v;
  return x > f.mean;
}

function hireWords(model: Pick<FittedModel, 'features'>, input: ModelInput, v: CellValue | undefined): Words | null {
  const s = text(v);
  if (s === '') return null;
  const high = above(model, input, v);
  const n = typeof v === 'number' ? v : Number.NaN;
  switch (input) {
    case 'OverTime':
      return s === 'Yes' ? { en: 'works overtime', zh: '经常加班' } : { en: 'no overtime', zh: '不加班' };
    case 'BusinessTravel':
      if (s === 'Travel_Frequently') return { en: 'travels frequently', zh: '经常出差' };
      if (s === 'Travel_Rarely') return { en: 'travels now and then', zh: '偶尔出差' };
      return { en: 'no business travel', zh: '无需出差' };
    case 'Department':
      return { en: `department: ${s}`, zh: `部门：${DEPARTMENT_ZH[s] ?? s}` };
    case 'JobRole':
      return { en: `role: ${s}`, zh: `岗位：${ROLE_ZH[s] ?? s}` };
    case 'EducationField':
      return { en: `field of study: ${s}`, zh: `专业方向：${FIELD_ZH[s] ?? s}` };
    case 'Education': {
      const e = EDUCATION[n];
      return e === undefined ? null : { en: `education: ${e.en}`, zh: `学历：${e.zh}` };
    }
    case 'JobLevel':
      return high ? { en: `senior job level (${s})`, zh: `职级较高（${s}级）` } : { en: `junior job level (${s})`, zh: `职级较低（${s}级）` };
    case 'DistanceFromHome':
      return high ? { en: `long commute (distance ${s})`, zh: `通勤距离远（${s}）` } : { en: `short commute (distance ${s})`, zh: `通勤距离近（${s}）` };
    case 'MonthlyIncome':
      return high
        ? { en: `high pay (${num(n)} a month)`, zh: `薪资较高（月薪 ${num(n)}）` }
        : { en: `low pay (${num(n)} a month)`, zh: `薪资偏低（月薪 ${num(n)}）` };
    case 'StockOptionLevel':
      return n === 0 ? { en: 'no stock options', zh: '没有股票期权' } : { en: `stock-option level ${s}`, zh: `股票期权等级 ${s}` };
    case 'NumCompaniesWorked':
      return high
        ? { en: `many previous employers (${s})`, zh: `曾任职多家公司（${s}家）` }
        : { en: `few previous employers (${s})`, zh: `曾任职公司少（${s}家）` };
    case 'TotalWorkingYears':
      return high
        ? { en: `long work experience (${s} years)`, zh: `工作年限长（${s}年）` }
        : { en: `little work experience (${s} years)`, zh: `工作年限短（${s}年）` };
    case 'Gender':
      return { en: `gender: ${s}`, zh: `性别：${GENDER_ZH[s] ?? s}` };
    case 'Age':
      return { en: `age ${s}`, zh: `年龄 ${s}岁` };
    case 'MaritalStatus':
      return { en: `marital status: ${s}`, zh: `婚姻状况：${MARITAL_ZH[s] ?? s}` };
    default:
      return null;
  }
}

function itemWords(item: CheckInItem, answer: number | null, checkIn: CheckInContext | null): Words | null {
  const name = ITEM[item];
  const atEn = checkIn === null ? '' : ` at day ${checkIn.day}`;
  const atZh = checkIn === null ? '' : `第${checkIn.day}天`;
  if (answer === null) {
    // At hire nothing is asked yet: an unknown answer is no reason. A skipped question on an answered form is.
    if (checkIn === null) return null;
    return { en: `${name.en} not answered${atEn}`, zh: `${atZh}未回答${name.zh}` };
  }
  if (answer <= 2) return { en: `${name.en} low${atEn}`, zh: `${atZh}${name.zh}低` };
  return { en: `${name.en} ${answer} of 4${atEn}`, zh: `${atZh}${name.zh} ${answer}/4` };
}

/**
 * The factors that raise this score most, strongest first (at most `limit`). A check-in that closed unanswered
 * is one factor ("check-in at day 30 not answered"), not five; at hire (no check-in yet) the unknown answers
 * are no factor at all.
 */
export function topFactors(
  model: Pick<FittedModel, 'features'>,
  profile: Profile,
  checkIn: CheckInContext | null,
  limit = 3,
): Factor[] {
  const out: Factor[] = [];
  let missed = 0;
  for (const { input, contribution } of inputContributions(model, profile)) {
    const isItem = (CHECK_IN_ITEMS as readonly string[]).includes(input);
    if (isItem) {
      const answer = itemAnswer(profile[input]);
      if (answer === null && checkIn?.missed === true) {
        missed += contribution;
        continue;
      }
      const words = itemWords(input as CheckInItem, answer, checkIn);
      if (words !== null) out.push({ input, contribution, words });
      continue;
    }
    const words = hireWords(model, input, profile[input]);
    if (words !== null) out.push({ input, contribution, words });
  }
  if (checkIn?.missed === true && missed !== 0) {
    out.push({
      input: 'check_in_missed',
      contribution: missed,
      words: { en: `check-in at day ${checkIn.day} not answered`, zh: `第${checkIn.day}天回访未作答` },
    });
  }
  return out
    .filter((f) => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.input.localeCompare(b.input))
    .slice(0, limit);
}

/** The factors as one line: "works overtime; no stock options" / "经常加班；没有股票期权". */
export function factorSentence(factors: readonly Factor[], lang: 'zh-CN' | 'en'): string {
  return factors.map((f) => (lang === 'en' ? f.words.en : f.words.zh)).join(lang === 'en' ? '; ' : '；');
}

export type RiskBand = 'low' | 'medium' | 'high';
/** A score at or above `medium` is medium, at or above `high` is high. */
export interface BandThresholds {
  readonly medium: number;
  readonly high: number;
}
export const DEFAULT_BAND_THRESHOLDS: BandThresholds = { medium: 0.15, high: 0.35 };

export function checkBandThresholds(t: BandThresholds): BandThresholds {
  if (!(t.medium > 0 && t.medium < 1)) throw invalidInput('thresholds.medium', 'must be between 0 and 1');
  if (!(t.high > 0 && t.high <= 1)) throw invalidInput('thresholds.high', 'must be above 0 and at most 1');
  if (!(t.medium < t.high)) throw invalidInput('thresholds.high', 'must be above the medium threshold');
  return t;
}

export function riskBand(probability: number, thresholds: BandThresholds = DEFAULT_BAND_THRESHOLDS): RiskBand {
  const t = checkBandThresholds(thresholds);
  if (!(probability >= 0 && probability <= 1)) throw invalidInput('probability', 'must be between 0 and 1');
  if (probability >= t.high) return 'high';
  return probability >= t.medium ? 'medium' : 'low';
}
