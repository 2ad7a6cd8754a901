import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAttritionCsv, type Profile } from '../../src/risk/attrition-data.ts';
import {
  DEFAULT_BAND_THRESHOLDS,
  factorSentence,
  inputContributions,
  riskBand,
  topFactors,
} from '../../src/risk/factors.rules.ts';
import { FORBIDDEN_INPUTS, atHire, designFeatures, modelInputs, rawFeatures } from '../../src/risk/features.rules.ts';
import { fitLogistic, solveSpd } from '../../src/risk/logistic.rules.ts';
import { brierScore, reliabilityTable, rocAuc, stratifiedFolds } from '../../src/risk/metrics.rules.ts';
import { PROJECT_ROOT, TRAINING_DATA, committedModel } from '../../src/risk/model-file.ts';
import { fitModel, scoreProfile } from '../../src/risk/model.ts';

const rows = parseAttritionCsv(readFileSync(`${PROJECT_ROOT}${TRAINING_DATA}`, 'utf8'), { labelled: true });
const first = rows[0]?.profile as Profile;

describe('risk model features (DESIGN §4.7)', () => {
  it('never uses tenure-in-company, performance or raises; protected inputs only when enabled', () => {
    const byDefault = modelInputs();
    for (const f of FORBIDDEN_INPUTS) expect(byDefault).not.toContain(f);
    expect(byDefault).not.toContain('Gender');
    expect(byDefault).not.toContain('Age');
    expect(byDefault).not.toContain('MaritalStatus');
    expect(modelInputs(['Gender'])).toContain('Gender');
    expect(modelInputs(['Gender'])).not.toContain('Age');
    expect(modelInputs([], ['OverTime'])).not.toContain('OverTime');
  });

  it('a protected column in the input is ignored unless enabled: changing it changes nothing', () => {
    const specs = designFeatures(modelInputs(), rows.map((r) => r.profile));
    expect(specs.some((s) => ['Gender', 'Age', 'MaritalStatus'].includes(s.input))).toBe(false);
    const changed: Profile = { ...first, Gender: first.Gender === 'Male' ? 'Female' : 'Male', Age: 19, MaritalStatus: 'Single', YearsAtCompany: 30, PerformanceRating: 1 };
    expect(rawFeatures(specs, changed)).toEqual(rawFeatures(specs, first));
    const model = committedModel();
    expect(scoreProfile(model, changed)).toBe(scoreProfile(model, first));
    // Enabled, the same change does move the features.
    const withGender = designFeatures(modelInputs(['Gender']), rows.map((r) => r.profile));
    expect(rawFeatures(withGender, changed)).not.toEqual(rawFeatures(withGender, first));
  });

  it('a missing check-in answer is its own signal and an unknown value counts as average', () => {
    const specs = designFeatures(modelInputs(), rows.map((r) => r.profile));
    const names = specs.map((s) => `${s.kind}:${s.input}`);
    expect(names).toContain('item_missing:JobSatisfaction');
    const hire = rawFeatures(specs, atHire(first));
    const idx = specs.findIndex((s) => s.kind === 'item_missing' && s.input === 'JobSatisfaction');
    const item = specs.findIndex((s) => s.kind === 'item' && s.input === 'JobSatisfaction');
    expect(hire[idx]).toBe(1);
    expect(hire[item]).toBeNaN();
    // An answer outside 1–4 is no answer; a level never seen in training is unknown.
    expect(rawFeatures(specs, { ...first, JobSatisfaction: 7 })[idx]).toBe(1);
    const role = specs.findIndex((s) => s.kind === 'category' && s.input === 'JobRole');
    expect(rawFeatures(specs, { ...first, JobRole: 'Astronaut' })[role]).toBeNaN();
  });

  it('the committed model scores at hire and after a check-in, and worse answers raise the score', () => {
    const model = committedModel();
    const base = atHire(first);
    const hire = scoreProfile(model, base);
    const unhappy = scoreProfile(model, { ...base, JobSatisfaction: 1, EnvironmentSatisfaction: 1, WorkLifeBalance: 1, JobInvolvement: 1, RelationshipSatisfaction: 1 });
    const happy = scoreProfile(model, { ...base, JobSatisfaction: 4, EnvironmentSatisfaction: 4, WorkLifeBalance: 4, JobInvolvement: 4, RelationshipSatisfaction: 4 });
    expect(hire).toBeGreaterThan(0);
    expect(hire).toBeLessThan(1);
    expect(unhappy).toBeGreaterThan(hire);
    expect(happy).toBeLessThan(hire);
    expect(scoreProfile(model, { ...base, OverTime: 'Yes' })).toBeGreaterThan(scoreProfile(model, { ...base, OverTime: 'No' }));
  });
});

describe('metrics', () => {
  it('AUC by ranks, ties counting one half (worked by hand)', () => {
    // Positives score 0.9 and 0.5; negatives 0.5, 0.2, 0.2. Pairs: 0.9 beats all three (3); 0.5 ties one (0.5)
    // and beats two (2): 5.5 of 6.
    expect(rocAuc([0.9, 0.5, 0.5, 0.2, 0.2], [true, true, false, false, false])).toBeCloseTo(5.5 / 6, 12);
    expect(rocAuc([1, 1, 1], [true, false, false])).toBe(0.5);
    expect(rocAuc([0.1, 0.9], [true, false])).toBe(0);
    expect(rocAuc([0.1, 0.9], [true, true])).toBeNaN();
  });
  it('Brier score and a reliability table of equal-sized bins', () => {
    expect(brierScore([0.5, 1, 0], [true, true, true])).toBeCloseTo((0.25 + 0 + 1) / 3, 12);
    const t = reliabilityTable([0.1, 0.2, 0.3, 0.4], [false, false, true, true], 2);
    expect(t).toEqual([
      { bin: 1, n: 2, meanPredicted: expect.closeTo(0.15, 12), observedRate: 0 },
      { bin: 2, n: 2, meanPredicted: expect.closeTo(0.35, 12), observedRate: 1 },
    ]);
  });
  it('stratified folds share the leavers evenly and depend only on the seed', () => {
    const labels = rows.map((r) => r.left);
    const folds = stratifiedFolds(labels, 5, 7);
    expect(stratifiedFolds(labels, 5, 7)).toEqual(folds);
    for (let f = 0; f < 5; f++) {
      const leavers = labels.filter((l, i) => l && folds[i] === f).length;
      expect(leavers === 38).toBe(true); // 190 leavers / 5
    }
  });
});

describe('logistic regression', () => {
  it('Cholesky solves a symmetric positive-definite system', () => {
    const x = solveSpd([Float64Array.from([4, 2]), Float64Array.from([2, 3])], Float64Array.from([2, 1]));
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
  it('separates a one-feature problem in the right direction and is deterministic', () => {
    const x = [-2, -1, 0, 1, 2, 3].map((v) => Float64Array.from([v]));
    const y = [0, 0, 1, 0, 1, 1];
    const a = fitLogistic(x, y, 0.01);
    expect(a.coefficients[0]).toBeGreaterThan(0);
    expect(fitLogistic(x, y, 0.01)).toEqual(a);
    // A stronger penalty shrinks the coefficient.
    expect(Math.abs(fitLogistic(x, y, 1).coefficients[0] as number)).toBeLessThan(Math.abs(a.coefficients[0] as number));
  });
  it('fitting the same rows twice gives the same model, bit for bit', () => {
    const some = rows.slice(0, 300);
    expect(fitModel(some, { lambda: 0.03, seed: 1 })).toEqual(fitModel(some, { lambda: 0.03, seed: 1 }));
  });
});

describe('contributing factors in words', () => {
  const model = committedModel();
  const base: Profile = { ...atHire(first), OverTime: 'Yes', StockOptionLevel: 0, BusinessTravel: 'Travel_Frequently' };

  it('names the strongest reasons for a high score, zh-CN and en', () => {
    const f = topFactors(model, base, null, 3);
    expect(f.length).toBe(3);
    expect(f.map((x) => x.words.en)).toContain('works overtime');
    expect(f.map((x) => x.words.zh)).toContain('经常加班');
    for (let i = 1; i < f.length; i++) expect((f[i - 1] as { contribution: number }).contribution).toBeGreaterThanOrEqual((f[i] as { contribution: number }).contribution);
    expect(factorSentence(f, 'en')).toContain('; ');
    expect(factorSentence(f, 'zh-CN')).toContain('；');
  });

  it('a factor is coefficient × standardized deviation, summed per input', () => {
    const contributions = inputContributions(model, base);
    const overtime = contributions.find((c) => c.input === 'OverTime')?.contribution ?? 0;
    const byHand = model.features
      .filter((f) => f.input === 'OverTime')
      .reduce((s, f) => s + (f.coefficient * ((f.kind === 'category' && f.level === 'Yes' ? 1 : 0) - f.mean)) / f.sd, 0);
    expect(overtime).toBeCloseTo(byHand, 12);
    // The sum of all contributions plus the intercept is the log-odds of the score.
    const logit = model.intercept + contributions.reduce((s, c) => s + c.contribution, 0);
    expect(1 / (1 + Math.exp(-logit))).toBeCloseTo(scoreProfile(model, base), 12);
  });

  it('check-in answers appear with their day once a check-in exists; at hire unknown answers are no reason', () => {
    const atHireFactors = topFactors(model, base, null, 20);
    expect(atHireFactors.some((f) => f.words.en.includes('satisfaction'))).toBe(false);
    const answered = { ...base, JobSatisfaction: 1, EnvironmentSatisfaction: 4, RelationshipSatisfaction: 4, WorkLifeBalance: 4, JobInvolvement: 4 };
    const day30 = topFactors(model, answered, { day: 30, missed: false }, 20);
    expect(day30.map((f) => f.words.en)).toContain('job satisfaction low at day 30');
    expect(day30.map((f) => f.words.zh)).toContain('第30天工作满意度低');
  });

  it('a missed check-in is one factor, not five', () => {
    const missed = topFactors(model, base, { day: 30, missed: true }, 20);
    const names = missed.map((f) => f.input);
    for (const item of ['JobSatisfaction', 'WorkLifeBalance']) expect(names).not.toContain(item);
    const sum = inputContributions(model, base)
      .filter((c) => ['JobSatisfaction', 'EnvironmentSatisfaction', 'RelationshipSatisfaction', 'WorkLifeBalance', 'JobInvolvement'].includes(c.input))
      .reduce((s, c) => s + c.contribution, 0);
    const factor = missed.find((f) => f.input === 'check_in_missed');
    if (sum > 0) expect(factor?.words).toEqual({ en: 'check-in at day 30 not answered', zh: '第30天回访未作答' });
    else expect(factor).toBeUndefined();
  });
});

describe('risk bands', () => {
  it('low below medium, medium from its threshold, high from its threshold', () => {
    const t = DEFAULT_BAND_THRESHOLDS;
    expect(riskBand(0)).toBe('low');
    expect(riskBand(t.medium - 1e-9)).toBe('low');
    expect(riskBand(t.medium)).toBe('medium');
    expect(riskBand(t.high - 1e-9)).toBe('medium');
    expect(riskBand(t.high)).toBe('high');
    expect(riskBand(1)).toBe('high');
  });
  it('thresholds are configurable and checked', () => {
    expect(riskBand(0.3, { medium: 0.1, high: 0.25 })).toBe('high');
    expect(riskBand(0.3, { medium: 0.4, high: 0.6 })).toBe('low');
    expect(() => riskBand(0.3, { medium: 0.5, high: 0.5 })).toThrow(/thresholds.high/);
    expect(() => riskBand(0.3, { medium: 0, high: 0.5 })).toThrow(/thresholds.medium/);
    expect(() => riskBand(0.3, { medium: 0.2, high: 1.5 })).toThrow(/thresholds.high/);
    expect(() => riskBand(Number.NaN)).toThrow(/probability/);
  });
});
