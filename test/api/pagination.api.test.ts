import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_LIMIT } from '../../src/platform/http/pagination.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Cursors no list gave out: broken, of another shape, or carrying values past what the database or a date holds. */
const BAD_CURSORS = [
  'zzz',
  '%00',
  b64({ c: '0001-01-01T00:00:00.000Z', i: 'x' }),
  b64({ k: 'reward', r: (2n ** 63n).toString(), i: 'x' }),
  b64({ k: 'reward', r: '99999999999999999999999', i: 'x' }),
  b64({ k: 'relevance', t: 1e300, s: 1, i: 'x' }),
  b64({ k: 'newest', o: '9999-99-99T00:00:00.000Z', i: 'x' }),
  b64({ k: 'created', c: '+275760-09-13T00:00:00.000Z', i: 'x' }),
  b64({ s: 2 ** 63 }),
  b64({ s: -1 }),
];

/**
 * Every paged list answers the same way: `{ items, nextCursor }`, `limit` within 1..max (the default when absent),
 * and a cursor it did not give out is a 400 naming `cursor` — never a 500.
 */
describe.each(DATABASE_KINDS)('one pagination for every list, on %s', (database) => {
  let server: TestServer;
  let lists: Array<{ who: ApiUser; path: string }>;
  beforeAll(async () => {
    server = await startTestServer({ database, demoMarketplace: true });
    const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    const hr = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    const order = (await ops.get<{ items: { id: string }[] }>('/api/v1/orders?limit=1')).body.items[0]!;
    lists = [
      { who: hr, path: `/api/v1/orgs/${server.ids.orgs.huaxin!}/orders` },
      { who: ops, path: '/api/v1/orders' },
      { who: consultant, path: '/api/v1/marketplace/orders?sort=relevance' },
      { who: consultant, path: '/api/v1/marketplace/orders?sort=reward' },
      { who: consultant, path: '/api/v1/marketplace/orders?sort=newest' },
      { who: consultant, path: '/api/v1/engagements' },
      { who: hr, path: '/api/v1/submissions?side=received' },
      { who: ops, path: `/api/v1/orders/${order.id}/submissions` },
      { who: hr, path: '/api/v1/notifications' },
      { who: hr, path: '/api/v1/placements' },
      { who: hr, path: '/api/v1/audit/events' },
    ];
  }, 120_000);
  afterAll(() => server.close());

  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  it('answers { items, nextCursor } with at most `limit` items, and pages through to the end without repeats', async () => {
    for (const { who, path } of lists) {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: { items: Array<{ id?: string; index?: number }>; nextCursor: string | null } } = await who.get(withQuery(path, `limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        expect(res.status, path).toBe(200);
        expect(res.body.items.length, path).toBeLessThanOrEqual(2);
        for (const item of res.body.items) {
          const id = String(item.id ?? item.index);
          expect(seen.has(id), `${path}: ${id} twice`).toBe(false);
          seen.add(id);
        }
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 200);
      expect(cursor, path).toBeNull();
    }
  });

  it('takes the one limit policy', async () => {
    for (const { who, path } of lists) {
      expect((await who.get(withQuery(path, `limit=${PAGE_LIMIT.max}`))).status, path).toBe(200);
      for (const bad of ['0', String(PAGE_LIMIT.max + 1), 'abc']) {
        const res = await who.get<{ error: { details: { field: string } } }>(withQuery(path, `limit=${bad}`));
        expect(res.status, `${path} limit=${bad}`).toBe(400);
      }
    }
  });

  it('refuses a cursor it did not give out with a 400 naming cursor, never a 500', async () => {
    for (const { who, path } of lists) {
      for (const cursor of BAD_CURSORS) {
        const res = await who.get<{ error: { code: string; details: { field: string } } }>(withQuery(path, `cursor=${encodeURIComponent(cursor)}`));
        expect(res.status, `${path} cursor=${cursor}`).toBe(400);
        expect(res.body.error.details.field, `${path} cursor=${cursor}`).toBe('cursor');
      }
    }
  });
});
