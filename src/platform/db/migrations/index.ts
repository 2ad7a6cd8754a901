import type { Migration } from '../migrate.ts';
import { foundation } from './0001-foundation.ts';
import { marketplace } from './0002-marketplace.ts';
import { notificationReads } from './0003-notification-reads.ts';
import { aftercare } from './0007-aftercare.ts';
import { security } from './0004-security.ts';

/** In order. Append only; never edit a migration that has landed. */
export const migrations: Migration[] = [foundation, marketplace, notificationReads, aftercare, security];
