import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { hireThroughApi } from '../support/placement-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HEADER = 'city,function,level,currency,p25,p50,p75,p90';
const GOOD = [
  HEADER,
  '上海,software_engineering,senior,CNY,300000,400000.00,500000,650000',
  '上海,software_engineering,mid,CNY,200000,260000,320000,400000',
  '北京,sales,manager,CNY,250000.50,320000,420000,560000',
].join('\n');

async function counts(server: TestServer): Promise<{ benchmarks: number; imports: number; events: number }> {
  const n = async (table: string) => Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(server.deps.db)).rows[0]!.n);
  return { benchmarks: await n('salary_benchmarks'), imports: await n('benchmark_imports'), events: await n('audit_events') };
}

describe.each(DATABASE_KINDS)('salary benchmarks on %s', (database) => {
  let server: TestServer;
  let ops: ApiUser;
  beforeAll(async () => {
    server = await startTestServer({ database });
    ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
  });
  afterAll(() => server.close());

  it('imports a good file in one go, audited, and lists it to every signed-in user', async () => {
    const before = await counts(server);
    const res = await ops.post('/api/v1/benchmarks/imports', { fileName: 'market-2026.csv', csv: GOOD });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 3, created: 3, updated: 0 });
    const after = await counts(server);
    expect(after).toEqual({ benchmarks: before.benchmarks + 3, imports: before.imports + 1, events: before.events + 1 });

    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const list = await hr.get<{ items: Record<string, string>[] }>('/api/v1/benchmarks?city=上海');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ city: '上海', function: 'software_engineering', level: 'mid', p25: '200000.00', p90: '400000.00' }),
      expect.objectContaining({ city: '上海', function: 'software_engineering', level: 'senior', p50: '400000.00' }),
    ]);
    // Pages by key: one at a time, nothing repeated or skipped.
    const first = await hr.get<{ items: { city: string; level: string }[]; nextCursor: string }>('/api/v1/benchmarks?limit=2');
    const second = await hr.get<{ items: { city: string; level: string }[]; nextCursor: string | null }>(`/api/v1/benchmarks?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items]).toHaveLength(3);
    expect(second.body.nextCursor).toBeNull();

    // Importing the same key again replaces it.
    const again = await ops.post('/api/v1/benchmarks/imports', { fileName: 'fix.csv', csv: `${HEADER}\n上海,software_engineering,senior,CNY,310000,410000,510000,660000` });
    expect(again.body).toMatchObject({ rows: 1, created: 0, updated: 1 });
    const senior = await hr.get<{ items: { p25: string }[] }>('/api/v1/benchmarks?city=上海&level=senior');
    expect(senior.body.items.map((b) => b.p25)).toEqual(['310000.00']);
    const imports = await ops.get<{ items: { fileName: string; rows: number }[] }>('/api/v1/benchmarks/imports');
    expect(imports.body.items.map((i) => [i.fileName, i.rows])).toEqual([
      ['fix.csv', 1],
      ['market-2026.csv', 3],
    ]);
  });

  it('refuses a file with bad rows: each named by line and column, and imports nothing', async () => {
    const before = await counts(server);
    const csv = [
      HEADER,
      '广州,software_engineering,senior,CNY,300000,400000,500000,650000', // good, but the file is bad: not imported
      '广州,backend,senior,CNY,300000,400000,500000,650000',
      '',
      '广州,software_engineering,L3,CNY,300000,400000,500000,650000',
      '广州,sales,senior,CNY,300000,200000,500000,650000',
      '广州,sales,mid,CNY,1.005,2,3,4',
      '广州,software_engineering,senior,CNY,300000,400000,500000,650000',
    ].join('\n');
    const res = await ops.post<{ error: { code: string; details: { field: string; errors: { line: number; column: string; message: string }[]; total: number } } }>('/api/v1/benchmarks/imports', { fileName: 'bad.csv', csv });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details.field).toBe('csv');
    expect(res.body.error.details.errors).toEqual([
      { line: 3, column: 'function', message: expect.stringContaining('must be one of software_engineering') },
      { line: 5, column: 'level', message: expect.stringContaining('must be one of entry') },
      { line: 6, column: 'p50', message: 'must be at least p25 (300000.00 CNY)' },
      { line: 7, column: 'p25', message: 'must have at most 2 decimals for CNY' },
      { line: 8, column: 'city', message: 'the same city, function, level and currency as line 2' },
    ]);
    expect(res.body.error.details.total).toBe(5);
    expect(await counts(server)).toEqual(before);
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    expect((await hr.get<{ items: unknown[] }>('/api/v1/benchmarks?city=广州')).body.items).toEqual([]);
  });

  it('refuses an import by anyone but platform ops, and a file that is not CSV', async () => {
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    expect((await admin.post('/api/v1/benchmarks/imports', { fileName: 'x.csv', csv: GOOD })).status).toBe(403);
    expect((await admin.get('/api/v1/benchmarks/imports')).status).toBe(403);
    const broken = await ops.post<{ error: { details: { errors: { line: number; column: string }[] } } }>('/api/v1/benchmarks/imports', { fileName: 'x.csv', csv: `${HEADER}\n"上海,sales` });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.errors[0]).toMatchObject({ column: '(file)' });
    const header = await ops.post<{ error: { details: { errors: { line: number; column: string }[] } } }>('/api/v1/benchmarks/imports', { fileName: 'x.csv', csv: 'city,function\n上海,sales' });
    expect(header.body.error.details.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'level'],
      [1, 'currency'],
      [1, 'p25'],
      [1, 'p50'],
      [1, 'p75'],
      [1, 'p90'],
    ]);
  });

  it('places an offer on the order form and on the placement: "the 68th percentile"', async () => {
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    // 上海 senior: 310k / 410k / 510k / 660k after the replacement above; 482,000 is 72% of the way from p50 to p75: 50 + 0.72 × 25 = 68.
    const q = (salary: string, extra = '') => hr.get<{ benchmark: unknown; position: { band: string; percentile: number | null } | null }>(`/api/v1/benchmarks/position?city=上海&function=software_engineering&level=senior&currency=CNY&salary=${salary}${extra}`);
    expect((await q('482000.00')).body.position).toEqual({ band: 'within', percentile: 68 });
    expect((await q('300000')).body.position).toEqual({ band: 'below_p25', percentile: null });
    expect((await q('700000')).body.position).toEqual({ band: 'above_p90', percentile: null });
    const none = await hr.get<{ benchmark: unknown; position: unknown }>('/api/v1/benchmarks/position?city=拉萨&function=software_engineering&level=senior&currency=CNY&salary=1');
    expect(none.body).toEqual({ benchmark: null, position: null });
    const bad = await hr.get<{ error: { details: { field: string } } }>('/api/v1/benchmarks/position?city=上海&function=software_engineering&level=senior&currency=CNY&salary=1.001');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('salary');

    const p = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', annualSalary: '482000.00' });
    for (const who of ['admin@huaxin.demo', 'c1@talentbridge.demo', 'ops@tenure.demo']) {
      const res = await (await ApiUser.signIn(server.url, who)).get(`/api/v1/placements/${p.placementId}/benchmark`);
      expect(res.status, who).toBe(200);
      expect(res.body).toMatchObject({ position: { band: 'within', percentile: 68 }, job: { city: '上海', function: 'software_engineering', level: 'senior' }, annualSalary: '482000.00', currency: 'CNY' });
    }
    const outsider = await ApiUser.signIn(server.url, 'admin@bluepeak.demo');
    expect((await outsider.get(`/api/v1/placements/${p.placementId}/benchmark`)).status).toBe(404);
  });

  it('feeds the offer\'s market position to the risk score when a benchmark places it, and leaves pay unknown when none does', async () => {
    const hr = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    type Risk = { current: { probability: number; factors: { input: string; words: { en: string } }[] } };
    const riskOf = async (placementId: string) => (await hr.get<Risk>(`/api/v1/placements/${placementId}/risk`)).body.current;
    // The same job and salary: in 南京 a benchmark puts 300,000 below p25 (310,000); 拉萨 has no benchmark.
    expect((await ops.post('/api/v1/benchmarks/imports', { fileName: 'nj.csv', csv: `${HEADER}\n南京,software_engineering,senior,CNY,310000,410000,510000,660000` })).status).toBe(201);
    const placed = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', annualSalary: '300000.00', order: { city: '南京' } });
    const unplaced = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', annualSalary: '300000.00', order: { city: '拉萨' } });
    const withPay = await riskOf(placed.placementId);
    const withoutPay = await riskOf(unplaced.placementId);
    // Present: pay enters the score; absent: it is unknown (the training average) and never named.
    expect(withPay.probability).not.toBe(withoutPay.probability);
    expect(withoutPay.factors.map((f) => f.input)).not.toContain('MonthlyIncome');
    // The same job in the same market: an offer above p90 scores below one under p25 (more pay, fewer leavers).
    const generous = await hireThroughApi(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', annualSalary: '700000.00', order: { city: '南京' } });
    expect((await riskOf(generous.placementId)).probability).toBeLessThan(withPay.probability);
  });
});
