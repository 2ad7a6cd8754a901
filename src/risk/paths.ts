import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the committed training data, model and fairness report live (paths relative to the project root). The
 * root is found by walking up from this code to the project's package.json, so it is the same whether the code
 * runs from src/ (tests, tsx) or from the compiled bundle under dist/server/.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tenure') return `${dir}/`;
    const up = dirname(dir);
    if (up === dir) throw new Error('the Tenure project root (package.json) was not found above the running code');
    dir = up;
  }
}

export const PROJECT_ROOT = findProjectRoot();
export const TRAINING_DATA = 'data-sets/attrition/attrition-train.csv';
export const MODEL_FILE = 'src/risk/retention-model.json';
export const FAIRNESS_FILE = 'src/risk/fairness-report.json';
