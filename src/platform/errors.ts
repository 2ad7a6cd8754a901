/** Every failure a user can meet has a code; one table maps codes to HTTP statuses. */
export const httpStatusOf = {
  invalid_input: 400,
  unauthenticated: 401,
  bad_signature: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  idempotency_conflict: 409,
  idempotency_replay_unavailable: 409,
  idempotency_answer_lost: 409,
  ownership_protected: 409,
  capacity_reached: 409,
  terms_mismatch: 409,
  overpayment: 409,
  insufficient_balance: 409,
  replacement_overdue: 409,
  dispute_window_closed: 409,
  dispute_open: 409,
  arbitrator_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof httpStatusOf;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidInput = (field: string, message: string): DomainError =>
  new DomainError('invalid_input', `${field}: ${message}`, { field });

export const notFound = (what: string): DomainError => new DomainError('not_found', `${what} not found`);

export const forbidden = (message = 'not allowed'): DomainError => new DomainError('forbidden', message);
