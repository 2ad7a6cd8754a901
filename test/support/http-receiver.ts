import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';

/**
 * A local HTTP server standing in for integrators and group robots: it keeps every request (path with query,
 * headers, exact body bytes) and answers as the test's handler for the path says (default 200 `{}`).
 */
export type ReceivedRequest = { method: string; url: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string };
export type Handler = (req: ReceivedRequest, res: ServerResponse) => void;

export async function startReceiver(): Promise<{ url: string; requests: ReceivedRequest[]; on(path: string, h: Handler): void; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const handlers = new Map<string, Handler>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://receiver');
      const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      const h = handlers.get(u.pathname);
      if (h) h(r, res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, h) => handlers.set(path, h),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers JSON with a status. */
export const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
