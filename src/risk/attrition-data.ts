import { parse } from 'csv-parse/sync';
import { invalidInput } from '../platform/errors.ts';

/**
 * Rows of the IBM HR attrition data format (data-sets/attrition/README.md): one employee per row, the columns by
 * their CSV names. Parsing only: reading the file is the caller's business.
 */

export type CellValue = string | number | null;
/** One employee: every column of the row by its CSV name; numbers where the column is numeric, null when empty. */
export type Profile = Readonly<Record<string, CellValue>>;
export interface LabelledProfile {
  readonly profile: Profile;
  /** Attrition = Yes. */
  readonly left: boolean;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

function cell(raw: string): CellValue {
  const v = raw.trim();
  if (v === '' || v === 'NA') return null;
  return NUMERIC.test(v) ? Number(v) : v;
}

/** Parses the CSV text into profiles; a row without a Yes/No Attrition is refused naming its line. */
export function parseAttritionCsv(text: string, opts: { labelled: boolean }): LabelledProfile[] {
  const records = parse<Record<string, string>>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  if (records.length === 0) throw invalidInput('data', 'the file has no rows');
  return records.map((rec, i) => {
    const profile: Record<string, CellValue> = {};
    for (const [k, v] of Object.entries(rec)) profile[k] = cell(v);
    const label = profile.Attrition;
    if (opts.labelled && label !== 'Yes' && label !== 'No') {
      throw invalidInput('data', `line ${i + 2}: Attrition must be Yes or No`);
    }
    return { profile, left: label === 'Yes' };
  });
}
