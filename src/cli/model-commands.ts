import { writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { FairnessReport } from '../risk/fairness.ts';
import { PROTECTED_INPUTS, type ProtectedInput } from '../risk/features.rules.ts';
import { FAIRNESS_FILE, MODEL_FILE, PROJECT_ROOT, TRAINING_DATA } from '../risk/paths.ts';

// The model's code (CSV parsing, training, zod) loads only when a model command runs: every other command
// starts as fast as before.
const risk = async () => {
  const [fairness, metrics, file, model] = await Promise.all([
    import('../risk/fairness.ts'),
    import('../risk/metrics.rules.ts'),
    import('../risk/model-file.ts'),
    import('../risk/model.ts'),
  ]);
  return { ...fairness, ...metrics, ...file, ...model };
};

/**
 * `npx tenure model train | evaluate | fairness` (DESIGN §4.7): the retention-risk model from the committed
 * attrition data, its AUC on a labelled file, and its fairness report.
 */

const inProject = (p: string): string => resolve(PROJECT_ROOT, p);
/** A path the user gave is taken from the working directory; a default, from the project. */
const given = (p: string | undefined, fallback: string): string => (p === undefined ? inProject(fallback) : resolve(p));
/** The path as recorded in the model: relative to the project when inside it, so a clone anywhere reproduces it. */
function recordedPath(p: string): string {
  const rel = relative(PROJECT_ROOT, resolve(p));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(p) : rel.split('\\').join('/');
}

function protectedList(value: string): ProtectedInput[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const i of items) {
    if (!(PROTECTED_INPUTS as readonly string[]).includes(i)) {
      throw new InvalidArgumentError(`${i} is not a protected input (${PROTECTED_INPUTS.join(', ')})`);
    }
  }
  return items as ProtectedInput[];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f4 = (x: number | null): string => (x === null ? '—' : x.toFixed(4));

/** The report as plain-text tables (the CLI's default output). */
export function fairnessTables(r: FairnessReport): string {
  const lines: string[] = [];
  lines.push(
    `Fairness report — ${r.model.name} v${r.model.version}, ${r.data.rows} rows (${r.data.leavers} leavers), ${r.folds}-fold cross-validated`,
    `Overall: AUC ${f4(r.overall.auc)} (at hire ${f4(r.overall.aucAtHire)}), flagged high ${pct(r.overall.flagRate)} at ≥ ${r.thresholds.high}, leaver rate ${pct(r.overall.leaverRate)}`,
    '',
    'attribute      group          n     leavers  leaver rate  AUC     AUC at hire  flagged high  mean score',
  );
  for (const g of r.groups) {
    lines.push(
      `${g.attribute.padEnd(15)}${g.group.padEnd(15)}${String(g.n).padStart(4)}  ${String(g.leavers).padStart(7)}  ${pct(g.leaverRate).padStart(11)}  ${f4(g.auc).padEnd(6)}  ${f4(g.aucAtHire).padEnd(11)}  ${pct(g.flagRate).padStart(12)}  ${g.meanScore.toFixed(3).padStart(10)}`,
    );
  }
  lines.push('', 'Calibration (out of fold): decile  n  mean predicted  observed (with check-in answers | at hire)');
  r.calibration.withCheckIns.deciles.forEach((b, i) => {
    const h = r.calibration.atHire.deciles[i];
    lines.push(
      `  ${String(b.bin).padStart(2)}  ${String(b.n).padStart(4)}  ${pct(b.meanPredicted).padStart(6)}  ${pct(b.observedRate).padStart(6)}   |  ${h === undefined ? '' : `${pct(h.meanPredicted).padStart(6)}  ${pct(h.observedRate).padStart(6)}`}`,
    );
  });
  lines.push(`  Brier ${r.calibration.withCheckIns.brier.toFixed(4)} with check-in answers, ${r.calibration.atHire.brier.toFixed(4)} at hire`);
  lines.push('', 'Proxies: how well each input alone predicts a protected attribute (AUC, best group), and the AUC cost of dropping it');
  lines.push('input                     gender               age                  marital status       AUC without  cost');
  const cell = (c: { auc: number; group: string }) => `${c.auc.toFixed(3)} ${c.group === '' ? '(none)' : c.group}`.padEnd(21);
  for (const p of r.proxies) {
    lines.push(
      `${p.input.padEnd(26)}${cell(p.proxy.gender)}${cell(p.proxy.age)}${cell(p.proxy.maritalStatus)}${f4(p.aucWithout).padEnd(13)}${p.aucCost >= 0 ? '+' : ''}${p.aucCost.toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('The retention-risk model: train, evaluate, fairness report');

  model
    .command('train')
    .description(`Train the retention-risk model from the attrition data and write it as JSON (default ${MODEL_FILE})`)
    .option('--data <file>', `labelled attrition CSV (default ${TRAINING_DATA})`)
    .option('--out <file>', `where to write the model (default ${MODEL_FILE})`)
    .option('--enable-protected <inputs>', `comma-separated protected inputs to use (${PROTECTED_INPUTS.join(', ')}); needs --out`, protectedList)
    .action(async (opts: { data?: string; out?: string; enableProtected?: ProtectedInput[] }) => {
      const { readLabelledCsv, trainRiskModel, serializeModel } = await risk();
      const enabled = opts.enableProtected ?? [];
      if (enabled.length > 0 && opts.out === undefined) {
        throw new Error('a model with protected inputs is never written over the committed one: give --out');
      }
      const started = performance.now();
      const dataPath = given(opts.data, TRAINING_DATA);
      const data = readLabelledCsv(dataPath);
      const m = trainRiskModel(data.rows, { file: recordedPath(dataPath), sha256: data.sha256 }, { enabledProtected: enabled });
      const out = given(opts.out, MODEL_FILE);
      writeFileSync(out, serializeModel(m));
      const ms = performance.now() - started;
      console.log(`trained on ${m.trainedOn.rows} rows (${m.trainedOn.leavers} leavers) in ${(ms / 1000).toFixed(1)} s; lambda ${m.training.lambda}`);
      console.log(
        `${m.crossValidation.folds}-fold cross-validated AUC ${m.crossValidation.aucWithCheckIns.toFixed(4)} with check-in answers, ` +
          `${m.crossValidation.aucAtHire.toFixed(4)} at hire; Brier ${m.crossValidation.brierWithCheckIns.toFixed(4)}`,
      );
      console.log(`wrote ${recordedPath(out)}`);
    });

  model
    .command('evaluate')
    .description('Score a labelled CSV of the attrition format with the model; the last line is "AUC 0.xxxx"')
    .requiredOption('--data <file>', 'labelled attrition CSV (Attrition = Yes/No)')
    .option('--model <file>', `model JSON (default ${MODEL_FILE})`)
    .action(async (opts: { data: string; model?: string }) => {
      const { readModel, readLabelledCsv, scoreProfile, rocAuc, brierScore } = await risk();
      const m = readModel(given(opts.model, MODEL_FILE));
      const { rows } = readLabelledCsv(resolve(opts.data));
      const scores = rows.map((r) => scoreProfile(m, r.profile));
      const labels = rows.map((r) => r.left);
      const auc = rocAuc(scores, labels);
      console.log(`rows ${rows.length}, leavers ${labels.filter(Boolean).length}`);
      console.log(`Brier ${brierScore(scores, labels).toFixed(4)}`);
      console.log(`AUC ${Number.isNaN(auc) ? 'undefined (the file needs both leavers and stayers)' : auc.toFixed(4)}`);
      if (Number.isNaN(auc)) process.exitCode = 2;
    });

  model
    .command('fairness')
    .description('Cross-validated AUC and flag rate per protected group, proxy AUC per input and the cost of dropping it')
    .option('--data <file>', `labelled attrition CSV with the protected columns (default ${TRAINING_DATA})`)
    .option('--model <file>', `model JSON, whose penalty, seed and folds are reused (default ${MODEL_FILE})`)
    .option('--json', 'print the report as JSON instead of tables')
    .option('--write', `also write the report to ${FAIRNESS_FILE} (what the API serves)`)
    .action(async (opts: { data?: string; model?: string; json?: boolean; write?: boolean }) => {
      const { readModel, readLabelledCsv, fairnessReport } = await risk();
      const m = readModel(given(opts.model, MODEL_FILE));
      const { rows } = readLabelledCsv(given(opts.data, TRAINING_DATA));
      const report = fairnessReport(rows, m);
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (opts.write === true) writeFileSync(inProject(FAIRNESS_FILE), json);
      process.stdout.write(opts.json === true ? json : fairnessTables(report));
    });
}
