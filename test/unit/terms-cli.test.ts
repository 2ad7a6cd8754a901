import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runJsonCommand } from '../../src/cli/terms-commands.ts';
import { DomainError } from '../../src/platform/errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function tenure(args: string[], stdin: string) {
  const r = spawnSync(process.execPath, ['bin/tenure.mjs', ...args], { cwd: ROOT, input: stdin, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

const example = {
  terms: {
    currency: 'CNY',
    reward: { type: 'percent_of_annual_salary', percent: 20 },
    platformFeePercent: 10,
    guarantee: {
      days: 90,
      covered: ['voluntary_resignation', 'dismissal_performance', 'dismissal_misconduct', 'probation_failed', 'no_show'],
      noticeDays: 7,
      requireTimelyPayment: true,
      paymentGraceDays: 5,
    },
    remedies: { replacement: { maxReplacements: 1, deliveryDays: 30, newGuarantee: 'fresh' }, refund: { schedule: 'linear' } },
    installments: [
      { trigger: 'start', percent: 50, dueDays: 15 },
      { trigger: 'guarantee_passed', percent: 50, dueDays: 15 },
    ],
    release: 'after_guarantee',
    checkIns: { days: [7, 30, 60, 90], windowDays: 5, respondents: ['employer', 'candidate'] },
    supportTasks: [{ kind: 'onboarding_coaching', day: 3 }, { kind: 'return_visit', day: 45 }],
    milestones: [],
    scope: { included: [{ zh: '…', en: '…' }], excluded: [{ zh: '…', en: '…' }] },
  },
  placement: {
    startDate: '2026-01-05',
    fee: '60000.00',
    replacementsUsed: 0,
    installments: [{ dueDate: '2026-01-20', amount: '30000.00', payments: [{ date: '2026-01-18', amount: '30000.00' }] }],
  },
  claim: { reason: 'voluntary_resignation', lastWorkingDay: '2026-02-20', reportedOn: '2026-02-24', remedy: 'refund' },
};
const EXPECTED =
  '{"status":"eligible","codes":[],"daysServed":47,"allowedRemedies":["replacement","refund"],"remedyRejected":null,' +
  '"refund":{"amount":"28666.67","finalFee":"31333.33","cashRefund":"0.00","stillDue":"1333.33"},' +
  '"replacement":{"deliverBy":"2026-03-26","guaranteeDays":90}}';

describe('npx tenure claims evaluate (the real CLI)', () => {
  it('answers one object with one result', () => {
    const r = tenure(['claims', 'evaluate'], JSON.stringify(example, null, 2));
    expect(r).toEqual({ stdout: `${EXPECTED}\n`, stderr: '', exitCode: 0 });
  });
  it('answers an array item by item, in order, even with a bad item in the middle', () => {
    const bad = { ...example, claim: { ...example.claim, reason: 'bored' } };
    const layoff = { ...example, claim: { ...example.claim, reason: 'layoff' } };
    const r = tenure(['claims', 'evaluate'], JSON.stringify([example, bad, 42, layoff]));
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as unknown[];
    expect(out).toHaveLength(4);
    expect(JSON.stringify(out[0])).toBe(EXPECTED);
    expect(out[1]).toEqual({ error: { code: 'invalid_input', message: expect.stringContaining('claim.reason must be a termination reason') } });
    expect(out[2]).toEqual({ error: { code: 'invalid_input', message: 'input must be an object' } });
    expect(out[3]).toMatchObject({ status: 'ineligible', codes: ['reason_excluded'] });
  });
  it('an empty array gives an empty array', () => {
    expect(tenure(['claims', 'evaluate'], '[]')).toEqual({ stdout: '[]\n', stderr: '', exitCode: 0 });
  });
  it('input that is not JSON: a message on stderr, nothing on stdout, exit 2', () => {
    const r = tenure(['claims', 'evaluate'], '{"terms": ');
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not JSON/);
    const empty = tenure(['claims', 'evaluate'], '');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/empty/);
  });
});

describe('npx tenure installments schedule (the real CLI)', () => {
  it('answers one object and an array', () => {
    const item = { terms: example.terms, startDate: '2026-01-05', fee: '60000.00' };
    const schedule = [
      { trigger: 'start', triggerDate: '2026-01-05', dueDate: '2026-01-20', amount: '30000.00' },
      { trigger: 'guarantee_passed', triggerDate: '2026-04-05', dueDate: '2026-04-20', amount: '30000.00' },
    ];
    const one = tenure(['installments', 'schedule'], JSON.stringify(item));
    expect(one.exitCode).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual(schedule);
    const many = tenure(['installments', 'schedule'], JSON.stringify([item, { ...item, fee: '1.234' }]));
    expect(JSON.parse(many.stdout)).toEqual([schedule, { error: { code: 'invalid_input', message: 'fee must have at most 2 decimals for CNY' } }]);
    expect(tenure(['installments', 'schedule'], 'nope').exitCode).toBe(2);
  });
  it('describes both commands in --help', () => {
    expect(tenure(['claims', '--help'], '').stdout).toMatch(/evaluate\s+Evaluate claims/);
    expect(tenure(['installments', '--help'], '').stdout).toMatch(/schedule\s+Schedule installments/);
  });
});

describe('runJsonCommand', () => {
  const echo = (item: unknown) => ({ got: item });
  it('answers one value with one result and an array with an array', () => {
    expect(runJsonCommand('{"a":1}', echo)).toEqual({ stdout: '{"got":{"a":1}}\n', stderr: '', exitCode: 0 });
    expect(runJsonCommand('[1,2]', echo)).toEqual({ stdout: '[{"got":1},{"got":2}]\n', stderr: '', exitCode: 0 });
  });
  it('reads input with a byte-order mark and surrounding whitespace', () => {
    expect(runJsonCommand('\uFEFF  {"a":1}\n', echo).stdout).toBe('{"got":{"a":1}}\n');
  });
  it('turns an item that throws into that item’s error, answering the others', () => {
    const handler = (item: unknown) => {
      if (item === 1) throw new DomainError('invalid_input', 'one is wrong');
      if (item === 2) throw new Error('boom');
      return item;
    };
    expect(JSON.parse(runJsonCommand('[0,1,2,3]', handler).stdout)).toEqual([
      0,
      { error: { code: 'invalid_input', message: 'one is wrong' } },
      { error: { code: 'internal', message: 'boom' } },
      3,
    ]);
  });
  it('refuses what is not JSON with exit 2', () => {
    const r = runJsonCommand('hello', echo);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tenure: the input is not JSON/);
  });
});
