import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { invalidInput } from '../platform/errors.ts';
import { type LabelledProfile, parseAttritionCsv } from './attrition-data.ts';
import { CHECK_IN_ITEMS, HIRE_INPUTS, PROTECTED_INPUTS } from './features.rules.ts';
import type { FairnessReport } from './fairness.ts';
import { MODEL_NAME, type RiskModel } from './model.ts';
import { FAIRNESS_FILE, MODEL_FILE, PROJECT_ROOT } from './paths.ts';

/** Where the committed data, model and fairness report live, and how they are read back (checked, not trusted). */

export { PROJECT_ROOT, TRAINING_DATA } from './paths.ts';

const Input = z.enum([...HIRE_INPUTS, ...CHECK_IN_ITEMS, ...PROTECTED_INPUTS]);
const Item = z.enum(CHECK_IN_ITEMS);
const Numbers = { name: z.string(), mean: z.number(), sd: z.number().positive(), coefficient: z.number() };
const Feature = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), input: Input, level: z.string(), ...Numbers }),
  z.object({ kind: z.literal('numeric'), input: Input, transform: z.enum(['identity', 'log1p']), ...Numbers }),
  z.object({ kind: z.literal('item'), input: Item, ...Numbers }),
  z.object({ kind: z.literal('item_low'), input: Item, ...Numbers }),
  z.object({ kind: z.literal('item_missing'), input: Item, ...Numbers }),
]);
const ModelSchema = z.object({
  name: z.literal(MODEL_NAME),
  version: z.number().int().positive(),
  trainedOn: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int(), leavers: z.number().int() }),
  training: z.object({
    seed: z.number().int(),
    folds: z.number().int().min(2),
    lambdaGrid: z.array(z.number()),
    lambda: z.number().positive(),
    copiesPerRow: z.array(z.string()),
  }),
  protectedInputs: z.array(z.enum(PROTECTED_INPUTS)),
  inputs: z.array(Input),
  intercept: z.number(),
  features: z.array(Feature).min(1),
  crossValidation: z.object({
    folds: z.number().int(),
    aucWithCheckIns: z.number(),
    aucAtHire: z.number(),
    brierWithCheckIns: z.number(),
    brierAtHire: z.number(),
  }),
});

export function parseModel(text: string, source: string): RiskModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidInput('model', `${source} is not JSON`);
  }
  const parsed = ModelSchema.safeParse(json);
  if (!parsed.success) throw invalidInput('model', `${source} is not a ${MODEL_NAME} model (${parsed.error.issues[0]?.path.join('.') ?? ''})`);
  return parsed.data;
}

export function readModel(path: string): RiskModel {
  return parseModel(readFileSync(path, 'utf8'), path);
}

let committed: RiskModel | null = null;
/** The committed model (read once). */
export function committedModel(): RiskModel {
  committed ??= readModel(`${PROJECT_ROOT}${MODEL_FILE}`);
  return committed;
}

let committedReport: FairnessReport | null = null;
/** The committed fairness report (`npx tenure model fairness --write` regenerates it). */
export function committedFairnessReport(): FairnessReport {
  committedReport ??= JSON.parse(readFileSync(`${PROJECT_ROOT}${FAIRNESS_FILE}`, 'utf8')) as FairnessReport;
  return committedReport;
}

export interface TrainingData {
  readonly rows: LabelledProfile[];
  readonly sha256: string;
}

export function readLabelledCsv(path: string): TrainingData {
  const bytes = readFileSync(path);
  return {
    rows: parseAttritionCsv(bytes.toString('utf8'), { labelled: true }),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
