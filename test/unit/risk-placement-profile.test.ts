import { describe, expect, it } from 'vitest';
import { topFactors } from '../../src/risk/factors.rules.ts';
import { committedModel } from '../../src/risk/model-file.ts';
import { scoreProfile } from '../../src/risk/model.ts';
import { factorsShown, placementProfile } from '../../src/risk/placement-profile.rules.ts';

const answers = { jobSatisfaction: 1, environmentSatisfaction: 2, relationshipSatisfaction: 3, workLifeBalance: 1, jobInvolvement: 4, overTime: true, intentToStay: 2 };

describe("a placement as the risk model's inputs", () => {
  it('maps the job: function to department and (where unambiguous) role, level to 1–5', () => {
    expect(placementProfile({ function: 'sales', level: 'junior' }, null, null)).toMatchObject({ Department: 'Sales', JobRole: 'Sales Representative', JobLevel: 1 });
    expect(placementProfile({ function: 'sales', level: 'senior' }, null, null)).toMatchObject({ JobRole: 'Sales Executive', JobLevel: 3 });
    expect(placementProfile({ function: 'research', level: 'director' }, null, null)).toMatchObject({ Department: 'Research & Development', JobRole: 'Research Director', JobLevel: 5 });
    expect(placementProfile({ function: 'legal', level: 'mid' }, null, null)).toMatchObject({ Department: null, JobRole: null, JobLevel: 2 });
  });

  it('leaves what the platform does not collect unknown, and every answer unknown at hire', () => {
    const p = placementProfile({ function: 'data', level: 'mid' }, null, null);
    for (const k of ['MonthlyIncome', 'DistanceFromHome', 'Education', 'OverTime', 'JobSatisfaction', 'Gender', 'Age', 'MaritalStatus']) expect(p[k] ?? null, k).toBeNull();
  });

  it("takes the candidate's background: experience, education and field, employers before, commute", () => {
    const p = placementProfile({ function: 'data', level: 'mid' }, { yearsExperience: 6, education: 'master', educationField: 'technical', previousEmployers: 3, commuteKm: 12 }, null);
    expect(p).toMatchObject({ TotalWorkingYears: 6, Education: 4, EducationField: 'Technical Degree', NumCompaniesWorked: 3, DistanceFromHome: 12 });
    // Each level and field has its own code; the lowest level is 1, the highest 5.
    expect(placementProfile({ function: 'data', level: 'mid' }, { education: 'below_college', educationField: 'life_sciences' }, null)).toMatchObject({ Education: 1, EducationField: 'Life Sciences' });
    expect(placementProfile({ function: 'data', level: 'mid' }, { education: 'doctorate', educationField: 'human_resources' }, null)).toMatchObject({ Education: 5, EducationField: 'Human Resources' });
  });

  it("holds a background beyond the training data's ranges to their ends, and leaves what is not recorded unknown", () => {
    const far = placementProfile({ function: 'data', level: 'mid' }, { yearsExperience: 55, previousEmployers: 25, commuteKm: 180 }, null);
    expect(far).toMatchObject({ TotalWorkingYears: 40, NumCompaniesWorked: 9, DistanceFromHome: 29 });
    expect(placementProfile({ function: 'data', level: 'mid' }, { commuteKm: 0, previousEmployers: 0, yearsExperience: 0 }, null)).toMatchObject({ DistanceFromHome: 1, NumCompaniesWorked: 0, TotalWorkingYears: 0 });
    const none = placementProfile({ function: 'data', level: 'mid' }, { yearsExperience: null, education: null, educationField: null, previousEmployers: null, commuteKm: null }, null);
    for (const k of ['TotalWorkingYears', 'Education', 'EducationField', 'NumCompaniesWorked', 'DistanceFromHome']) expect(none[k], k).toBeNull();
    expect(placementProfile({ function: 'data', level: 'mid' }, { yearsExperience: 2.5, commuteKm: -3 }, null)).toMatchObject({ TotalWorkingYears: null, DistanceFromHome: null });
  });

  it('scores a recorded background: a long commute and many employers before raise the risk, and are named', () => {
    const model = committedModel();
    const job = { function: 'sales', level: 'junior' };
    const settled = placementProfile(job, { yearsExperience: 20, previousEmployers: 1, commuteKm: 2 }, null);
    const restless = placementProfile(job, { yearsExperience: 1, previousEmployers: 8, commuteKm: 28 }, null);
    expect(scoreProfile(model, restless)).toBeGreaterThan(scoreProfile(model, placementProfile(job, null, null)));
    expect(scoreProfile(model, settled)).toBeLessThan(scoreProfile(model, restless));
    const named = topFactors(model, restless, null).map((f) => f.words.en).join('; ');
    expect(named).toMatch(/many previous employers \(8\)|long commute \(distance 28\)|little work experience \(1 years\)/);
  });

  it("takes a candidate check-in's items (1–4) and overtime", () => {
    expect(placementProfile({ function: 'data', level: 'mid' }, null, answers)).toMatchObject({ JobSatisfaction: 1, EnvironmentSatisfaction: 2, RelationshipSatisfaction: 3, WorkLifeBalance: 1, JobInvolvement: 4, OverTime: 'Yes' });
    expect(placementProfile({ function: 'data', level: 'mid' }, null, { ...answers, jobSatisfaction: 5, overTime: false })).toMatchObject({ JobSatisfaction: null, OverTime: 'No' });
  });

  it('scores an unknown input as the training average: the same with or without it', () => {
    const model = committedModel();
    const job = { function: 'data', level: 'mid' };
    const known = placementProfile(job, null, null);
    expect(scoreProfile(model, { ...known, Gender: 'Female', Age: 30 })).toBe(scoreProfile(model, known));
    // Worse answers raise the score above the one at hire.
    expect(scoreProfile(model, placementProfile(job, null, answers))).toBeGreaterThan(scoreProfile(model, known));
  });

  it('names low intent to stay beside the model factors, with no weight (the model has no such input)', () => {
    const model = committedModel();
    const profile = placementProfile({ function: 'sales', level: 'senior' }, null, answers);
    const shown = factorsShown(topFactors(model, profile, { day: 30, missed: false }), answers, 30);
    expect(shown.map((f) => f.words.en)).toContain('intent to stay low at day 30');
    expect(shown.find((f) => f.input === 'intent_to_stay')!.contribution).toBeNull();
    expect(shown.map((f) => f.words.en).join('; ')).toMatch(/works overtime|job satisfaction low at day 30|work–life balance low at day 30/);
    expect(factorsShown([], { ...answers, intentToStay: 3 }, 30)).toEqual([]);
  });
});
