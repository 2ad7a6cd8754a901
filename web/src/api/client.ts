import { type App, message as staticMessage } from 'antd';
import i18n from '../i18n/index.ts';
import type { Health } from './platform';
import type { Session } from './identity';

/** Base of every Tenure API path. */
export const API_BASE = '/api/v1';

/** An error answered by the API (`{ error: { code, message, details } }`) or met on the way to it. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code (`unauthenticated`, `rate_limited`, …); `network` when unreachable. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds from a `Retry-After` header, when the server sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field an `invalid_input` error names (`details.field`), if any. */
  get field(): string | undefined {
    const details = this.details as { field?: unknown; issues?: { field?: unknown }[] } | null | undefined;
    if (typeof details?.field === 'string') return details.field;
    // A schema refusal names its field as `body.<path>`.
    const first = details?.issues?.[0]?.field;
    return typeof first === 'string' ? first.replace(/^body\./, '') : undefined;
  }
}

/** antd's message API as handed out by `App.useApp()`. */
export type MessageInstance = ReturnType<typeof App.useApp>['message'];

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let notifier: MessageInstance | null = null;

/** The session's CSRF token, sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request made while logged in comes back 401 (the session expired or was revoked). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** The antd message instance of the app (so messages follow the theme and locale). */
export function setNotifier(instance: MessageInstance | null): void {
  notifier = instance;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Show an antd error message when the request fails (the error is still thrown). */
  notify?: boolean;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`: a retried request that moves money or state takes effect once. */
  idempotencyKey?: string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Endpoints whose 401 is an answer, not a lost session. */
const AUTH_PATHS = new Set(['/auth/login', '/auth/me', '/auth/logout']);

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = response.status >= 500 ? 'internal' : 'unknown';
  let text = response.statusText || `HTTP ${response.status}`;
  let details: unknown;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body && typeof body.error === 'object' && body.error) {
      if (typeof body.error.code === 'string') code = body.error.code;
      if (typeof body.error.message === 'string') text = body.error.message;
      details = body.error.details;
    }
  } catch {
    // Not JSON (a proxy error page, for instance): keep the status text.
  }
  if (response.status === 401 && code === 'unknown') code = 'unauthenticated';
  if (response.status === 429 && code === 'unknown') code = 'rate_limited';
  const detailed = (details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  const retryAfter = retryAfterOf(response) ?? (typeof detailed === 'number' && detailed >= 0 ? Math.ceil(detailed) : undefined);
  return new ApiError(response.status, code, text, details, retryAfter);
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal };
  if (options.body instanceof FormData) {
    // Multipart (file uploads): the browser writes the Content-Type with its boundary.
    init.body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (STATE_CHANGING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  try {
    return await fetch(urlOf(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
}

/** Renews the CSRF token from `/auth/me` after a `csrf_failed` answer; true when a new one was obtained. */
async function renewCsrfToken(): Promise<boolean> {
  try {
    const response = await send('GET', '/auth/me', {});
    if (!response.ok) return false;
    const session = (await response.json()) as Session;
    if (!session.csrfToken || session.csrfToken === csrfToken) return false;
    csrfToken = session.csrfToken;
    return true;
  } catch {
    return false;
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    let response = await send(method, path, options);
    if (response.status === 403 && STATE_CHANGING.has(method)) {
      const error = await errorFrom(response.clone());
      if (error.code === 'csrf_failed' && (await renewCsrfToken())) response = await send(method, path, options);
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (error.status === 401 && !AUTH_PATHS.has(path)) onUnauthenticated?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  } catch (error) {
    if (options.notify && !(error instanceof DOMException && error.name === 'AbortError')) notifyError(error);
    throw error;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

const KNOWN_CODES = new Set([
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'rate_limited',
  'invalid_input',
  'conflict',
  'invalid_transition',
  'idempotency_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'internal',
  'network',
  'overpayment',
  'insufficient_balance',
  'dispute_window_closed',
  'dispute_open',
  'arbitrator_conflict',
]);

/** A sentence for the user about an error, in the current language. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return i18n.t('errors.unknown');
  if (error.status === 401 && error.code === 'unauthenticated') return i18n.t('errors.sessionExpired');
  if (!KNOWN_CODES.has(error.code)) {
    return error.message ? i18n.t('errors.withMessage', { summary: i18n.t('errors.unknown'), message: error.message }) : i18n.t('errors.unknown');
  }
  // Money refusals say how much there is (what is open on the invoice, what the deliverer holds).
  if (error.code === 'overpayment' || error.code === 'insufficient_balance') {
    const d = (error.details ?? {}) as { open?: string; balance?: string };
    return i18n.t(`errors.${error.code}`, { amount: d.open ?? d.balance ?? '—' });
  }
  const summary = i18n.t(`errors.${error.code as 'forbidden'}`);
  // Validation and conflict messages name what is wrong; show them (the server writes them in English).
  if ((error.code === 'invalid_input' || error.code === 'conflict' || error.code === 'dispute_window_closed') && error.message) {
    return i18n.t('errors.withMessage', { summary, message: error.message });
  }
  return summary;
}

export function notifyError(error: unknown): void {
  (notifier ?? staticMessage).error(describeError(error));
}

let health: Promise<Health> | null = null;

/** Server version and database; read once per page load. */
export function getHealth(): Promise<Health> {
  health ??= api.get<Health>('/health').catch((error: unknown) => {
    health = null;
    throw error;
  });
  return health;
}
