import type { Migration } from '../migrate.ts';

/**
 * What a consultant knows of a candidate's background beyond the years of experience: education and its field,
 * how many employers they worked for before, and the commute to the new job. All optional; the retention-risk
 * model reads them at hire (DESIGN §4.7), and an unknown one counts as the training average.
 */
export const candidateBackground: Migration = {
  version: '0021-candidate-background',
  async up(db) {
    await db.schema.alterTable('submissions').addColumn('education', 'text').execute();
    await db.schema.alterTable('submissions').addColumn('education_field', 'text').execute();
    await db.schema.alterTable('submissions').addColumn('previous_employers', 'integer').execute();
    await db.schema.alterTable('submissions').addColumn('commute_km', 'integer').execute();
  },
};
