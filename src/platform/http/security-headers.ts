import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { App } from './types.ts';

/**
 * Security headers on every answer (helmet's). The CSP fits the built web app: Vite emits only
 * same-origin module scripts and no inline script, so scripts are 'self' only; Ant Design writes its
 * styles into <style> elements at run time, which needs style-src 'unsafe-inline' (styles cannot run
 * code); ECharts draws on canvas; the API docs load their scripts from /api/docs/static. No page may be
 * framed (frame-ancestors 'none' and X-Frame-Options DENY, against clickjacking), no answer is sniffed
 * into another type, and no URL (which may hold ids) leaks to other sites in Referer. No
 * upgrade-insecure-requests: a deployment on plain HTTP inside a LAN must keep working.
 */
const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
  xContentTypeOptions: true,
};

/**
 * Helmet's headers do not depend on the request (no CSP nonces here), so they are worked out once at start and set
 * as they are on each answer: the Fastify plugin built helmet's middleware again for every request.
 */
export function addSecurityHeaders(app: App): void {
  const headers = securityHeaderValues();
  app.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

function securityHeaderValues(): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string | number | readonly string[]) => (headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(SECURITY_HEADERS)({} as IncomingMessage, collector as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}
