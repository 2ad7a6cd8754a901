import { describe, expect, it } from 'vitest';
import { topFactors } from '../../src/risk/factors.rules.ts';
import { committedModel } from '../../src/risk/model-file.ts';
import { scoreProfile } from '../../src/risk/model.ts';
import { factorsShown, placementProfile } from '../../src/risk/placement-profile.rules.ts';

const answers = { jobSatisfaction: 1, environmentSatisfaction: 2, relationshipSatisfaction: 3, workLifeBalance: 1, jobInvolvement: 4, overTime: true, intentToStay: 2 };

describe("a placement as the risk model's inputs", () => {
  it('maps the job: function to department and (where unambiguous) role, level to 1–5', () => {
    expect(placementProfile({ function: 'sales', level: 'junior' }, null)).toMatchObject({ Department: 'Sales', JobRole: 'Sales Representative', JobLevel: 1 });
    expect(placementProfile({ function: 'sales', level: 'senior' }, null)).toMatchObject({ JobRole: 'Sales Executive', JobLevel: 3 });
    expect(placementProfile({ function: 'research', level: 'director' }, null)).toMatchObject({ Department: 'Research & Development', JobRole: 'Research Director', JobLevel: 5 });
    expect(placementProfile({ function: 'legal', level: 'mid' }, null)).toMatchObject({ Department: null, JobRole: null, JobLevel: 2 });
  });

  it('leaves what the platform does not collect unknown, and every answer unknown at hire', () => {
    const p = placementProfile({ function: 'data', level: 'mid' }, null);
    for (const k of ['MonthlyIncome', 'DistanceFromHome', 'Education', 'OverTime', 'JobSatisfaction', 'Gender', 'Age', 'MaritalStatus']) expect(p[k] ?? null, k).toBeNull();
  });

  it("takes a candidate check-in's items (1–4) and overtime", () => {
    expect(placementProfile({ function: 'data', level: 'mid' }, answers)).toMatchObject({ JobSatisfaction: 1, EnvironmentSatisfaction: 2, RelationshipSatisfaction: 3, WorkLifeBalance: 1, JobInvolvement: 4, OverTime: 'Yes' });
    expect(placementProfile({ function: 'data', level: 'mid' }, { ...answers, jobSatisfaction: 5, overTime: false })).toMatchObject({ JobSatisfaction: null, OverTime: 'No' });
  });

  it('scores an unknown input as the training average: the same with or without it', () => {
    const model = committedModel();
    const job = { function: 'data', level: 'mid' };
    const known = placementProfile(job, null);
    expect(scoreProfile(model, { ...known, Gender: 'Female', Age: 30 })).toBe(scoreProfile(model, known));
    // Worse answers raise the score above the one at hire.
    expect(scoreProfile(model, placementProfile(job, answers))).toBeGreaterThan(scoreProfile(model, known));
  });

  it('names low intent to stay beside the model factors, with no weight (the model has no such input)', () => {
    const model = committedModel();
    const profile = placementProfile({ function: 'sales', level: 'senior' }, answers);
    const shown = factorsShown(topFactors(model, profile, { day: 30, missed: false }), answers, 30);
    expect(shown.map((f) => f.words.en)).toContain('intent to stay low at day 30');
    expect(shown.find((f) => f.input === 'intent_to_stay')!.contribution).toBeNull();
    expect(shown.map((f) => f.words.en).join('; ')).toMatch(/works overtime|job satisfaction low at day 30|work–life balance low at day 30/);
    expect(factorsShown([], { ...answers, intentToStay: 3 }, 30)).toEqual([]);
  });
});
