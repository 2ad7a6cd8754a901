/**
 * A candidate's background as a consultant records it with a submission, beyond the years of experience: what the
 * retention-risk model can read at hire (DESIGN §4.7). Every part is optional; nothing here is ever shown to anyone
 * but the two sides of the submission.
 */

/** Highest education completed, lowest first. */
export const EDUCATION_LEVELS = ['below_college', 'college', 'bachelor', 'master', 'doctorate'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** Field of study, in the training data's own groups. */
export const EDUCATION_FIELDS = ['life_sciences', 'medical', 'marketing', 'technical', 'human_resources', 'other'] as const;
export type EducationField = (typeof EDUCATION_FIELDS)[number];

/** At most this many employers before (more is recorded as this many). */
export const MAX_PREVIOUS_EMPLOYERS = 30;
/** At most this long a commute, in km. */
export const MAX_COMMUTE_KM = 300;

export type CandidateBackground = {
  yearsExperience: number | null;
  education: EducationLevel | null;
  educationField: EducationField | null;
  previousEmployers: number | null;
  commuteKm: number | null;
};

const isOneOf = <T extends string>(values: readonly T[], v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);

/** A stored level or field read back: an unknown code (none is ever written) reads as not recorded. */
export const educationLevelOf = (v: unknown): EducationLevel | null => (isOneOf(EDUCATION_LEVELS, v) ? v : null);
export const educationFieldOf = (v: unknown): EducationField | null => (isOneOf(EDUCATION_FIELDS, v) ? v : null);
