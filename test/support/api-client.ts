import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers };
type Json = Record<string, unknown> | unknown[] | null;

/** A user of the API over real HTTP: keeps its session cookie and CSRF token like the web app does. */
export class ApiUser {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  static async signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<ApiUser> {
    const user = new ApiUser(baseUrl);
    const res = await user.post<{ csrfToken: string }>('/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return user;
  }

  static withToken(baseUrl: string, token: string): ApiUser {
    const user = new ApiUser(baseUrl);
    user.bearer = token;
    return user;
  }

  get<T = any>(path: string, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: Json, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: Json, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body, headers);
  }
  put<T = any>(path: string, body?: Json, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string, body?: Json, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, body, headers);
  }

  /** POSTs one file as multipart/form-data field "file", as the web app's upload buttons do. */
  async upload<T = any>(path: string, file: { name: string; type: string; data: Buffer }): Promise<ApiResponse<T>> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers, body: form });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  async request<T>(method: string, path: string, body: Json | undefined, extra: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in extra)) headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/tenure_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `tenure_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (path === '/api/v1/auth/login' && res.status === 200) this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}
