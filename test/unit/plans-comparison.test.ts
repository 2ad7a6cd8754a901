import { describe, expect, it } from 'vitest';
import { COMPARISON_ROWS, compareTerms, type ComparisonRow } from '../../src/plans/plan-comparison.rules.ts';
import { planTemplate, PLAN_TEMPLATES } from '../../src/plans/plan-templates.ts';

const all = PLAN_TEMPLATES.map((t) => t.terms);
const rows = compareTerms(all);
const row = (key: ComparisonRow['key']) => rows.find((r) => r.key === key)!;
const values = (key: ComparisonRow['key']) => row(key).cells.map((c) => c.value);
const zh = (key: ComparisonRow['key']) => row(key).cells.map((c) => c.text.zh);
const en = (key: ComparisonRow['key']) => row(key).cells.map((c) => c.text.en);

describe('the tier comparison of the built-in templates', () => {
  it('has every row, labelled in both languages, with one cell per plan', () => {
    expect(rows.map((r) => r.key)).toEqual([...COMPARISON_ROWS]);
    for (const r of rows) {
      expect(r.cells).toHaveLength(all.length);
      expect(r.label.zh).not.toBe('');
      expect(r.label.en).not.toBe('');
      for (const c of r.cells) expect(c.text.zh && c.text.en, r.key).toBeTruthy();
    }
  });

  it('reads the guarantee days from the terms', () => {
    expect(values('guarantee_days')).toEqual([0, 90, 180, 90, 120]);
    expect(zh('guarantee_days')).toEqual(['不设保证期', '90天', '180天', '90天', '120天']);
    expect(en('guarantee_days')[0]).toBe('No guarantee');
  });

  it('names the remedies: none for match-only, replacements and the refund kind for the others', () => {
    expect(zh('remedies')).toEqual([
      '无补推、无退款',
      '1次免费补推（30天内交付），或按比例退款',
      '2次免费补推（30天内交付），或阶梯退款',
      '1次免费补推（30天内交付），或按比例退款',
      '1次免费补推（45天内交付），或阶梯退款',
    ]);
    expect(en('remedies')[2]).toBe('2 free replacements (delivered within 30 days), or stepped refund');
    expect(values('remedies')[0]).toEqual({ replacement: null, refund: null });
  });

  it('spells the refund schedule out', () => {
    expect(values('refund_schedule')).toEqual(all.map((t) => t.remedies.refund));
    expect(zh('refund_schedule')[1]).toBe('佣金 ×（90 − 在职天数）÷ 90');
    expect(zh('refund_schedule')[2]).toBe('在职≤30天退100%；在职≤90天退60%；在职≤180天退30%');
    expect(en('refund_schedule')[2]).toBe('≤ day 30: 100%; ≤ day 90: 60%; ≤ day 180: 30%');
    expect(zh('refund_schedule')[0]).toBe('不退款');
  });

  it('lists check-in days, support tasks, milestones, installments, release and risk alerts', () => {
    expect(values('check_in_days')).toEqual([[], [7, 30, 60, 90], [7, 30, 60, 90, 120, 180], [7, 30, 60, 90], [7, 30, 60, 90, 120]]);
    expect(zh('check_in_days')[1]).toBe('第7、30、60、90天');
    expect(zh('check_in_days')[0]).toBe('无');
    expect(values('support_tasks')[2]).toHaveLength(4);
    expect(zh('support_tasks')[2]).toBe('第3天入职辅导；第14天融入计划；第45天上门回访；第135天上门回访');
    expect(en('support_tasks')[3]).toBe('Onboarding coaching (day 3)');
    expect(values('milestones')[3]).toEqual([
      { day: 30, passScore: 60 },
      { day: 60, passScore: 70 },
      { day: 90, passScore: 80 },
    ]);
    expect(values('milestones').slice(0, 3)).toEqual([[], [], []]);
    expect(zh('installments')[2]).toBe('入职当天40%；入职第90天30%；保证期届满30%');
    expect(en('installments')[0]).toBe('100% at start');
    expect(values('release')).toEqual(['on_payment', 'after_guarantee', 'after_guarantee', 'after_guarantee', 'after_guarantee']);
    expect(values('risk_alerts')).toEqual([false, false, true, false, false]);
  });
});

describe('edge cases a client would argue about', () => {
  it('treats zero replacements as no replacement', () => {
    const t = planTemplate('standard').terms;
    t.remedies.replacement = { maxReplacements: 0, deliveryDays: 30, newGuarantee: 'fresh' };
    const [cell] = compareTerms([t]).find((r) => r.key === 'remedies')!.cells;
    expect(cell!.value).toEqual({ replacement: null, refund: 'linear' });
    expect(cell!.text).toEqual({ zh: '按比例退款', en: 'Pro-rata refund' });
  });

  it('shows no check-ins when nobody is asked, whatever the days say', () => {
    const t = planTemplate('standard').terms;
    t.checkIns = { days: [7, 30], windowDays: 5, respondents: [] };
    expect(compareTerms([t]).find((r) => r.key === 'check_in_days')!.cells[0]).toEqual({ value: [], text: { zh: '无', en: 'None' } });
  });

  it('describes a linear refund without a guarantee as the no-show refund it is', () => {
    const t = planTemplate('match_only').terms;
    t.remedies.refund = { schedule: 'linear' };
    expect(compareTerms([t]).find((r) => r.key === 'refund_schedule')!.cells[0]!.text.en).toBe('Whole fee for a no-show only');
  });

  it('follows the terms it is given: a new version changes the table', () => {
    const t = planTemplate('standard').terms;
    t.guarantee.days = 120;
    t.installments = [{ trigger: 'day:30', percent: 100, dueDays: 10 }];
    const table = compareTerms([t]);
    expect(table[0]!.cells[0]!.value).toBe(120);
    expect(table.find((r) => r.key === 'installments')!.cells[0]!.text).toEqual({ zh: '入职第30天100%', en: '100% on day 30' });
  });

  it('gives an empty row for no plans', () => {
    expect(compareTerms([]).every((r) => r.cells.length === 0)).toBe(true);
  });
});
