import { fileURLToPath } from 'node:url';

/** Where the committed training data, model and fairness report live (paths relative to the project). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TRAINING_DATA = 'data-sets/attrition/attrition-train.csv';
export const MODEL_FILE = 'src/risk/retention-model.json';
export const FAIRNESS_FILE = 'src/risk/fairness-report.json';
