import type { Migration } from '../migrate.ts';

/**
 * The manufacturing skill plan's assessments (DESIGN §4.11, docs/skill-plan.md).
 *
 * `placement_assessors`: the assessor org assigned to a placement (one at a time; the poster's users or platform
 * ops assign it, and may hand it to another). The assessor's users see only the placements assigned to their org.
 *
 * `assessment_tasks`: one per milestone of the terms, opened by its `milestone.due` obligation on employment day N
 * (the task's id is that obligation's id, so a task has the same id before and after it opens). The score is a
 * whole number 0–100 with the assessor's notes and evidence files; `warning_permille` holds the probability (in
 * thousandths) of clearing the last milestone when this score made the growth curve warn both sides, else null.
 *
 * `assessment_evidence`: each evidence file an assessor uploaded for a task (the file itself is a row of `files`),
 * which decides who may read it.
 */
export const skillAssessments: Migration = {
  version: '0018-skill-assessments',
  async up(db) {
    await db.schema
      .createTable('placement_assessors')
      .addColumn('placement_id', 'text', (c) => c.primaryKey().references('placements.id'))
      .addColumn('assessor_org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('assigned_by', 'text', (c) => c.notNull())
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('placement_assessors_org').on('placement_assessors').columns(['assessor_org_id', 'assigned_at', 'placement_id']).execute();

    await db.schema
      .createTable('assessment_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('pass_score', 'integer', (c) => c.notNull())
      .addColumn('opens_on', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('score', 'integer')
      .addColumn('notes', 'text')
      .addColumn('evidence_file_ids', 'text', (c) => c.notNull())
      .addColumn('scored_by', 'text')
      .addColumn('scored_by_org_id', 'text')
      .addColumn('scored_on', 'text')
      .addColumn('scored_at', 'text')
      .addColumn('warning_permille', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('assessment_tasks_placement_day', ['placement_id', 'day'])
      .execute();
    await db.schema.createIndex('assessment_tasks_due').on('assessment_tasks').columns(['due_on', 'id']).execute();

    await db.schema
      .createTable('assessment_evidence')
      .addColumn('file_id', 'text', (c) => c.primaryKey().references('files.id'))
      .addColumn('task_id', 'text', (c) => c.notNull().references('assessment_tasks.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('assessment_evidence_task').on('assessment_evidence').columns(['task_id', 'created_at']).execute();
  },
};
