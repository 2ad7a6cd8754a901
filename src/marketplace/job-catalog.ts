import { normalizeText } from '../platform/text.ts';
/**
 * The fixed vocabularies of a job order. Functions and levels are codes (labels live in the web app's
 * i18n), so filters, ranking and reports never split one field into "销售", "Sales" and "sales ".
 * Cities stay free text: China alone has hundreds, and a poster names the one it hires in.
 */

export const JOB_FUNCTIONS = [
  'software_engineering',
  'hardware_engineering',
  'product',
  'design',
  'data',
  'sales',
  'marketing',
  'operations',
  'customer_service',
  'finance',
  'human_resources',
  'legal',
  'manufacturing',
  'supply_chain',
  'quality',
  'research',
  'healthcare',
  'general_management',
] as const;
export type JobFunction = (typeof JOB_FUNCTIONS)[number];

/** From the first job to the top; the order is the career ladder. */
export const JOB_LEVELS = ['entry', 'junior', 'mid', 'senior', 'lead', 'manager', 'director', 'executive'] as const;
export type JobLevel = (typeof JOB_LEVELS)[number];

export function isJobFunction(value: unknown): value is JobFunction {
  return typeof value === 'string' && (JOB_FUNCTIONS as readonly string[]).includes(value);
}

export function isJobLevel(value: unknown): value is JobLevel {
  return typeof value === 'string' && (JOB_LEVELS as readonly string[]).includes(value);
}

/** A city as stored and compared: trimmed, inner runs of spaces folded. */
export function normalizeCity(city: string): string {
  return normalizeText(city).replace(/\s+/g, ' ');
}
