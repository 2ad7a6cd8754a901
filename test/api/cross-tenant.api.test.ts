import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { buildVictimWorld, OPS_ONLY, WALK_BODIES, WALK_EXEMPT, type VictimWorld } from '../support/tenant-walk.ts';

type OpenApi = { paths: Record<string, Record<string, { requestBody?: unknown }>> };

/** Walks every endpoint in the OpenAPI document as users of other tenants, aimed at one employer's data. */
describe.each(DATABASE_KINDS)('cross-tenant walk on %s', (database) => {
  let server: TestServer;
  let victim: VictimWorld;
  let routes: { method: string; path: string; hasBody: boolean }[];
  beforeAll(async () => {
    server = await startTestServer({ database });
    victim = await buildVictimWorld(server);
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApi;
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: op.requestBody !== undefined })),
    );
  });
  afterAll(() => server.close());

  it('finds every route of the API in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/v1/orgs/{orgId}/users');
  });

  const attackers = ['admin@bluepeak.demo', 'hr@bluepeak.demo', 'admin@apexsearch.demo', 'c1@apexsearch.demo', 'assessor@skillcheck.demo', 'arbitrator@tenure.demo'];
  it.each(attackers)('refuses %s every endpoint that reaches the victim, and leaks none of its private ids', async (email) => {
    const attacker = await ApiUser.signIn(server.url, email);
    const failures: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (WALK_EXEMPT[key]) continue;
      const url = fillPath(route.path, victim.params, key);
      const query = victim.query[key];
      const full = query ? `${url}?${new URLSearchParams(query).toString()}` : url;
      if (route.hasBody && !(key in WALK_BODIES)) {
        failures.push(`${key}: add a harmful example body to WALK_BODIES so the walk covers it`);
        continue;
      }
      const res = await attacker.request<unknown>(route.method, full, route.hasBody ? (WALK_BODIES[key] as Record<string, unknown>) : undefined);
      const aimed = route.path.includes('{') || query !== undefined || route.method !== 'GET';
      if (aimed && res.status !== 403 && res.status !== 404) failures.push(`${key}: expected 403 or 404, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      if (!aimed && res.status >= 500) failures.push(`${key}: server error ${res.status}`);
      if (OPS_ONLY.has(key) && res.status !== 403) failures.push(`${key}: platform ops only, expected 403, got ${res.status}`);
      const text = JSON.stringify(res.body);
      for (const id of victim.privateIds) if (text.includes(id)) failures.push(`${key}: leaks the victim's id ${id}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets the victim itself reach the same resources (the ids in the walk are real)', async () => {
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes('{'))) {
      const key = `${route.method} ${route.path}`;
      const query = victim.query[key];
      const res = await admin.get(fillPath(route.path, victim.params, key) + (query ? `?${new URLSearchParams(query).toString()}` : ''));
      expect(res.status, key).toBe(200);
    }
  });
});

function fillPath(path: string, params: Record<string, string>, key: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${key}: the walk has no victim resource for the path parameter "${name}"; add one to buildVictimWorld`);
    return value;
  });
}
