import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real CLI, as `npx tenure model …` runs it.
const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenure.mjs');
const MODEL = join(ROOT, 'src', 'risk', 'retention-model.json');
const DATA = join(ROOT, 'data-sets', 'attrition', 'attrition-train.csv');

type Run = { code: number; stdout: string; stderr: string };
function tenure(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, TZ: 'UTC' }, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('npx tenure model', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenure-model-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('train reproduces the committed model byte for byte from the committed data', async () => {
    const out = join(dir, 'model.json');
    const run = await tenure(['model', 'train', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/cross-validated AUC 0\.\d{4}/);
    expect(readFileSync(out)).toEqual(readFileSync(MODEL));
  }, 120_000);

  it('evaluate prints the AUC computed by hand as its last line, ties counting one half', async () => {
    // A one-feature model (overtime), so every score is known by hand: overtime rows tie high, the others tie low.
    const committed = JSON.parse(readFileSync(MODEL, 'utf8')) as Record<string, unknown>;
    const model = {
      ...committed,
      inputs: ['OverTime'],
      intercept: -1,
      features: [{ kind: 'category', input: 'OverTime', level: 'Yes', name: 'OverTime=Yes', mean: 0, sd: 1, coefficient: 2 }],
    };
    writeFileSync(join(dir, 'one.json'), JSON.stringify(model));
    // Real rows of the data's format, with overtime and attrition set:
    // leavers: one with overtime, one without; stayers: one with, two without.
    // Pairs (leaver, stayer): OT/OT tie ½, OT/no ×2 = 2, no/OT = 0, no/no ×2 ties = 1 → 3.5 of 6 = 0.5833.
    const lines = readFileSync(DATA, 'utf8').trim().split('\n');
    const header = (lines[0] as string).split(',');
    const ot = header.indexOf('OverTime');
    const at = header.indexOf('Attrition');
    const cases: [string, string][] = [['Yes', 'Yes'], ['No', 'Yes'], ['Yes', 'No'], ['No', 'No'], ['No', 'No']];
    const body = cases.map(([overtime, left], i) => {
      const cells = (lines[i + 1] as string).split(',');
      cells[ot] = overtime;
      cells[at] = left;
      return cells.join(',');
    });
    writeFileSync(join(dir, 'small.csv'), `${[lines[0], ...body].join('\n')}\n`);
    const run = await tenure(['model', 'evaluate', '--data', join(dir, 'small.csv'), '--model', join(dir, 'one.json')]);
    expect(run.code, run.stderr).toBe(0);
    const last = run.stdout.trim().split('\n').at(-1);
    expect(last).toBe('AUC 0.5833');
  }, 60_000);

  it('evaluate with the committed model on the training file clears the floor; a file without leavers is refused', async () => {
    const run = await tenure(['model', 'evaluate', '--data', DATA]);
    expect(run.code, run.stderr).toBe(0);
    const m = /^AUC (0\.\d{4})$/.exec(run.stdout.trim().split('\n').at(-1) ?? '');
    expect(Number(m?.[1])).toBeGreaterThan(0.8);
    const lines = readFileSync(DATA, 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'stayers.csv'), `${[lines[0], ...lines.slice(1).filter((l) => l.split(',')[1] === 'No').slice(0, 5)].join('\n')}\n`);
    const none = await tenure(['model', 'evaluate', '--data', join(dir, 'stayers.csv')]);
    expect(none.code).toBe(2);
    writeFileSync(join(dir, 'bad.csv'), 'Age,Attrition\n30,Maybe\n');
    const bad = await tenure(['model', 'evaluate', '--data', join(dir, 'bad.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2: Attrition must be Yes or No/);
  }, 60_000);

  it('a model with protected inputs is never written over the committed one', async () => {
    const run = await tenure(['model', 'train', '--enable-protected', 'Gender']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--out/);
    const unknown = await tenure(['model', 'train', '--enable-protected', 'Religion', '--out', join(dir, 'x.json')]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/not a protected input/);
  }, 60_000);
});
