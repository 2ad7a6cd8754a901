import type { Dialect } from '../platform/db/database.ts';
import type { ObligationHandlers } from '../platform/scheduler/scheduler.ts';
import { replacementFallsDue } from './claim.service.ts';
import { closeCheckinForm, openCheckinForm, remindCheckinForm } from './checkin.service.ts';
import { taskBecomesOverdue, taskFallsDue } from './task.service.ts';

/**
 * The after-sales obligations the scheduler runs (DESIGN §4.5). `checkin.open` and `support_task.due` come from
 * a placement's schedule (placements/obligation-schedule.rules.ts); the others are scheduled here as forms open
 * and tasks fall due. `origin` is where candidate links point (the web app's address).
 */
export function aftercareObligationHandlers(dialect: Dialect, origin: string): ObligationHandlers {
  return {
    'checkin.open': ({ tx, now, obligation }) => openCheckinForm(tx, now, obligation, { dialect, origin }),
    'checkin.remind': ({ tx, now, obligation }) => remindCheckinForm(tx, now, obligation.subjectId),
    'checkin.close': ({ tx, now, obligation }) => closeCheckinForm(tx, now, obligation.subjectId, dialect),
    'support_task.due': ({ tx, now, obligation }) => taskFallsDue(tx, now, obligation, dialect),
    'support_task.overdue': ({ tx, now, obligation }) => taskBecomesOverdue(tx, now, obligation.subjectId),
    'claim.replacement_due': ({ tx, now, obligation }) => replacementFallsDue(tx, now, obligation.subjectId, dialect),
  };
}
