/** The platform API (business clock, audit log, health): its shapes, from the API contract. */
import type { ResponseOf } from './contract';

export type Clock = ResponseOf<'/api/v1/clock'>;
export type AdvancedClock = ResponseOf<'/api/v1/clock/advance', 'post'>;

export type Checkpoint = ResponseOf<'/api/v1/audit/checkpoint'>;
export type AuditEvent = ResponseOf<'/api/v1/audit/events'>['items'][number];

export type Health = ResponseOf<'/api/v1/health'>;
