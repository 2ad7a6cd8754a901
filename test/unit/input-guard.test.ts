import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/platform/errors.ts';
import { findInputProblem, MAX_INPUT_DEPTH, unstorableTextProblem } from '../../src/platform/http/input-guard.ts';
import { MAX_STORED_MINOR, parseStoredAmount } from '../../src/platform/money.ts';

describe('text the databases cannot keep as sent', () => {
  it.each(['', 'plain', '招聘 👩🏽‍💻', '\u202Eمرحبا', '\uD83D\uDE00', 'tab\tand\nnewline'])('accepts %j', (text) => {
    expect(unstorableTextProblem(text)).toBeNull();
  });
  it.each([
    ['a\u0000b', 'NUL'],
    ['a\uD800b', 'surrogate'],
    ['\uDC00', 'surrogate'],
    ['end\uD83D', 'surrogate'],
    ['\uDE00\uD83D', 'surrogate'],
  ])('refuses %j', (text, problem) => {
    expect(unstorableTextProblem(text)).toContain(problem);
  });
  it('names the first field that holds such text, keys included', () => {
    expect(findInputProblem({ a: 'ok', b: [1, { c: 'x\u0000' }] }, 'body')).toEqual({ field: 'body.b.1.c', problem: expect.stringContaining('NUL') });
    expect(findInputProblem({ ['k\u0000']: 1 }, 'body')?.field).toBe('body.k\uFFFD');
    expect(findInputProblem('\uD800', 'body')?.field).toBe('body');
    expect(findInputProblem({ a: 'ok', n: 1, t: true, z: null }, 'body')).toBeNull();
    expect(findInputProblem(undefined, 'querystring')).toBeNull();
  });
  it('refuses JSON nested deeper than any document, without overflowing the stack itself', () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 'bottom';
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    expect(findInputProblem(nest(MAX_INPUT_DEPTH), 'body')).toBeNull();
    expect(findInputProblem(nest(MAX_INPUT_DEPTH + 1), 'body')?.problem).toContain(`deeper than ${MAX_INPUT_DEPTH}`);
    expect(findInputProblem(nest(1_000_000), 'body')?.field).toBe(`body${'.a'.repeat(MAX_INPUT_DEPTH)}`);
    expect(findInputProblem([[[[1]]]], 'body')).toBeNull();
  });
});

describe('amounts that will be stored', () => {
  it('accepts up to 2^53 − 1 minor units, what stays exact in every JSON reader', () => {
    expect(parseStoredAmount('90071992547409.91', 'CNY', 'salaryMax')).toBe(MAX_STORED_MINOR);
    expect(parseStoredAmount('9007199254740991', 'JPY', 'salaryMax')).toBe(MAX_STORED_MINOR);
    expect(MAX_STORED_MINOR).toBe(2n ** 53n - 1n);
  });
  it('refuses one more, naming the field', () => {
    expect(() => parseStoredAmount('90071992547409.92', 'CNY', 'salaryMax')).toThrow(DomainError);
    expect(() => parseStoredAmount('9007199254740992', 'JPY', 'reward.amount')).toThrow(/^reward\.amount must be at most 9007199254740991$/);
    expect(() => parseStoredAmount('99999999999999999999', 'CNY', 'expectedSalary')).toThrow(/^expectedSalary must be at most 90071992547409\.91$/);
  });
  it('refuses what is not an amount as parseAmount does', () => {
    expect(() => parseStoredAmount('1e5', 'CNY', 'salaryMin')).toThrow(/^salaryMin /);
  });
});
