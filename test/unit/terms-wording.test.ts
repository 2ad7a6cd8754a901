import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_TEMPLATES, planTemplate } from '../../src/plans/plan-templates.ts';
import { CLAIM_CODE_LABELS, CLAIM_STATUS_LABELS, REMEDY_REJECTION_LABELS } from '../../src/aftercare/claim-labels.ts';
import { REASON_LABELS, renderTermsInWords } from '../../src/plans/terms-wording.rules.ts';
import { TERMINATION_REASONS, type Terms, isReviewReason } from '../../src/plans/terms.schema.ts';

const standard = (): Terms => planTemplate('standard').terms;
const text = (terms: Terms, locale: 'en' | 'zh-CN') => renderTermsInWords(terms, locale).join('\n');

describe('labels', () => {
  it('names every reason code in zh-CN and en, each label distinct', () => {
    expect(Object.keys(REASON_LABELS)).toEqual([...TERMINATION_REASONS]);
    for (const locale of ['zh', 'en'] as const) {
      const labels = TERMINATION_REASONS.map((r) => REASON_LABELS[r][locale]);
      expect(labels.every((l) => l.length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
  it('names every claim code, status and rejection', () => {
    expect(Object.keys(CLAIM_CODE_LABELS)).toEqual(['reason_excluded', 'outside_guarantee', 'notice_late', 'payment_overdue']);
    expect(Object.keys(CLAIM_STATUS_LABELS)).toEqual(['eligible', 'needs_review', 'ineligible']);
    expect(Object.keys(REMEDY_REJECTION_LABELS)).toEqual(['replacements_exhausted', 'remedy_not_offered']);
  });
});

describe('renderTermsInWords', () => {
  it('says the standard plan in plain English', () => {
    const lines = renderTermsInWords(standard(), 'en');
    expect(lines).toContain(
      "90-day guarantee (employment days 1–90; it passes on day 91 if no claim is open); covers voluntary resignation, dismissal for performance, dismissal for misconduct, failed probation and no-show (did not start); excludes failed skill assessment, layoff, restructuring, position eliminated, employer's breach and death or disability; mutual agreement and other reasons go to the platform's review.",
    );
    const all = lines.join('\n');
    expect(all).toContain('Report a departure within 7 days of the last working day');
    expect(all).toContain('Installments must be paid within 5 days of their due date');
    expect(all).toContain('One free replacement, delivered by the same deliverer within 30 days of the report; the replacement gets a fresh 90-day guarantee.');
    expect(all).toContain('Pro-rata refund: fee × (90 − days served) ÷ 90');
    expect(all).toContain('the whole fee for a no-show');
    expect(all).toContain('50% on the start date, due within 15 days; 50% when the guarantee passes (day 91), due within 15 days');
    expect(all).toContain('held in escrow');
    expect(all).toContain('Platform fee: 10% of each released amount.');
    expect(all).toContain('Check-ins with the employer and the candidate on days 7, 30, 60 and 90; each form stays open 5 days.');
    expect(all).toContain('Reward: 20% of the annual salary.');
  });
  it('says the standard plan in plain Chinese', () => {
    const all = text(standard(), 'zh-CN');
    expect(all).toContain('保证期90天');
    expect(all).toContain('保障：主动离职、因绩效不达标被辞退、因违纪被辞退、试用期考核不合格、未按约定到岗');
    expect(all).toContain('不保障：技能考核未通过、裁员、组织架构调整、岗位撤销、用人单位违约、身故或伤残');
    expect(all).toContain('协商一致解除、其他原因由平台人工审核');
    expect(all).toContain('须在最后工作日后7天内提出售后申请');
    expect(all).toContain('分期款须在到期日后5天内付清');
    expect(all).toContain('最多1次免费补推');
    expect(all).toContain('入职第7、30、60、90天回访用人单位和候选人');
  });
  it('follows the rules when they change', () => {
    const t = standard();
    t.guarantee.noticeDays = 10;
    t.guarantee.paymentGraceDays = 3;
    t.guarantee.covered = [...t.guarantee.covered, 'mutual_agreement'];
    t.remedies.replacement = { maxReplacements: 2, deliveryDays: 45, newGuarantee: 'remaining' };
    const all = text(t, 'en');
    expect(all).toContain('within 10 days of the last working day');
    expect(all).toContain('within 3 days of their due date');
    expect(all).toContain('mutual agreement');
    expect(all).toContain("other reasons go to the platform's review");
    expect(all).not.toContain("mutual agreement and other reasons go to the platform's review");
    expect(all).toContain('Up to 2 free replacements, each delivered by the same deliverer within 45 days of the report; the replacement keeps the days left of the original guarantee.');
  });
  it('writes stepped refunds with fractional percents', () => {
    const t = standard();
    t.remedies.refund = { schedule: 'stepped', steps: [{ uptoDay: 30, percent: 100 }, { uptoDay: 60, percent: 66.67 }, { uptoDay: 90, percent: 33.33 }] };
    expect(text(t, 'en')).toContain('Refund by days served: up to day 30, 100% of the fee; then up to day 60, 66.67%; then up to day 90, 33.33%; after day 90, none');
    expect(text(t, 'zh-CN')).toContain('在职60天以内退还佣金的66.67%');
  });
  it('says plainly when there is nothing: match only', () => {
    const en = text(planTemplate('match_only').terms, 'en');
    expect(en).toContain('No guarantee period: no claim is accepted once the candidate has started; a no-show is not covered.');
    expect(en).toContain('No replacement and no refund.');
    expect(en).toContain('No check-ins.');
    expect(en).toContain('Late installments do not affect claims.');
    expect(en).toContain('The fee is paid in one installment: 100% on the start date, due within 15 days.');
    const zh = text(planTemplate('match_only').terms, 'zh-CN');
    expect(zh).toContain('不设保证期');
    expect(zh).toContain('不提供补推，也不退款。');
  });
  it('writes fixed rewards in their currency, milestones and risk alerts', () => {
    const m = planTemplate('manufacturing_skill').terms;
    expect(text(m, 'en')).toContain('Reward: a fixed 8,000.00 CNY.');
    expect(text(m, 'en')).toContain('Skill assessments by a third-party assessor: day 30');
    expect(text(m, 'en')).toContain('a failed assessment is covered by the guarantee');
    expect(text(m, 'zh-CN')).toContain('考核未通过属于保障范围');
    m.currency = 'JPY';
    m.reward = { type: 'fixed', amount: '1500000' };
    expect(text(m, 'en')).toContain('Reward: a fixed 1,500,000 JPY.');
    expect(text(planTemplate('full_lifecycle').terms, 'en')).toContain('Retention-risk alerts');
    expect(text(planTemplate('full_lifecycle').terms, 'en')).toContain('on day 90 of employment');
  });
  it('renders every built-in plan in both languages, one line per topic', () => {
    for (const p of PLAN_TEMPLATES) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const lines = renderTermsInWords(p.terms, locale);
        expect(lines.length).toBeGreaterThan(5);
        expect(lines.every((l) => l.length > 0 && !l.includes('undefined') && !l.includes('NaN'))).toBe(true);
      }
    }
  });
  it('names each reason exactly where the rules put it: covered, excluded or reviewed (property)', () => {
    fc.assert(
      fc.property(fc.subarray([...TERMINATION_REASONS]), fc.integer({ min: 1, max: 365 }), (covered, days) => {
        const t = standard();
        t.guarantee.covered = covered;
        t.guarantee.days = days;
        const line = renderTermsInWords(t, 'en')[1] ?? '';
        const [head, ...rest] = line.split('; ');
        expect(head).toContain(`${days}-day guarantee`);
        const coversPart = rest.find((p) => p.startsWith('covers ')) ?? '';
        const excludesPart = rest.find((p) => p.startsWith('excludes ')) ?? '';
        const reviewPart = rest.find((p) => p.includes("platform's review")) ?? '';
        for (const r of TERMINATION_REASONS) {
          const label = REASON_LABELS[r].en;
          const where = covered.includes(r) ? coversPart : isReviewReason(r) ? reviewPart : excludesPart;
          expect(where).toContain(label);
        }
      }),
      { numRuns: 200 },
    );
  });
});
