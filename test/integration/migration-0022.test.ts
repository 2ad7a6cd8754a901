import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/notifications/service.ts';
import { isSealed, openSecret } from '../../src/platform/auth/secret-box.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrator.ts';
import { deliverOutbox } from '../../src/platform/outbox/deliver-outbox.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startReceiver } from '../support/http-receiver.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const VERSION = '0022-sealed-channel-secrets';

/**
 * Webhook and robot secrets at rest: what the API writes is sealed (the stored column is not the plaintext and
 * opens to it); migration 0022 seals the rows written in clear before it, leaves sealed ones alone, and the
 * deliveries after it are signed with the same secrets as before.
 */
describe.each(DATABASE_KINDS)('sealed channel secrets and migration 0022 on %s', (database) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: ApiUser;
  let huaxin: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startTestServer({ database, config: { allowPrivateWebhooks: true } });
    admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    huaxin = server.ids.orgs.huaxin!;
  }, 180_000);
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const stored = async () => ({
    endpoints: await server.deps.db.selectFrom('webhook_endpoints').select(['id', 'secret', 'previous_secret']).orderBy('id').execute(),
    robots: await server.deps.db.selectFrom('robot_channels').select(['id', 'secret']).orderBy('id').execute(),
  });

  it('stores what the API writes sealed; the migration seals the rows written in clear before it', async () => {
    const key = server.deps.keyedHashSecret;
    const created = await admin.post<{ id: string; secret: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}/hooks/sealed`, events: ['task.completed'] });
    expect(created.status).toBe(201);
    const robot = await admin.post<{ id: string }>(`/api/v1/orgs/${huaxin}/robots`, { provider: 'dingtalk', name: '钉钉群', url: `${receiver.url}/robot?access_token=t`, secret: 'SECrobot-secret-in-clear', events: ['*'] });
    expect(robot.status).toBe(201);
    const rotated = await admin.post<{ secret: string }>(`/api/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { overlapHours: 1 });
    let rows = await stored();
    const endpointRow = rows.endpoints.find((e) => e.id === created.body.id)!;
    expect(endpointRow.secret).not.toBe(rotated.body.secret);
    expect(endpointRow.secret).not.toContain(rotated.body.secret);
    expect(isSealed(endpointRow.secret)).toBe(true);
    expect(openSecret(key, endpointRow.secret)).toBe(rotated.body.secret);
    expect(openSecret(key, endpointRow.previous_secret!)).toBe(created.body.secret);
    const robotRow = rows.robots.find((r) => r.id === robot.body.id)!;
    expect(robotRow.secret).not.toContain('robot-secret-in-clear');
    expect(openSecret(key, robotRow.secret!)).toBe('SECrobot-secret-in-clear');

    // As before 0022: an endpoint and a robot stored in clear, beside the sealed ones.
    const clearEndpoint = await admin.post<{ id: string; secret: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}/hooks/clear`, events: ['task.completed'] });
    await server.deps.db.updateTable('webhook_endpoints').set({ secret: clearEndpoint.body.secret, previous_secret: 'whsec_previous-in-clear' }).where('id', '=', clearEndpoint.body.id).execute();
    const clearRobot = await admin.post<{ id: string }>(`/api/v1/orgs/${huaxin}/robots`, { provider: 'feishu', name: '飞书群', url: `${receiver.url}/feishu`, secret: 'x', events: ['*'] });
    await server.deps.db.updateTable('robot_channels').set({ secret: 'feishu-secret-in-clear' }).where('id', '=', clearRobot.body.id).execute();
    await sql`DELETE FROM schema_migrations WHERE version = ${VERSION}`.execute(server.deps.db);
    const before = await stored();

    expect(await migrate(server.deps.db, server.deps.dialect, { keyedHashSecret: key })).toEqual([VERSION]);

    rows = await stored();
    expect(rows.endpoints.every((e) => isSealed(e.secret) && (e.previous_secret === null || isSealed(e.previous_secret)))).toBe(true);
    expect(rows.robots.every((r) => r.secret === null || isSealed(r.secret))).toBe(true);
    const clear = rows.endpoints.find((e) => e.id === clearEndpoint.body.id)!;
    expect(openSecret(key, clear.secret)).toBe(clearEndpoint.body.secret);
    expect(openSecret(key, clear.previous_secret!)).toBe('whsec_previous-in-clear');
    expect(openSecret(key, rows.robots.find((r) => r.id === clearRobot.body.id)!.secret!)).toBe('feishu-secret-in-clear');
    // Rows sealed already are left exactly as they were.
    expect(rows.endpoints.find((e) => e.id === created.body.id)).toEqual(before.endpoints.find((e) => e.id === created.body.id));
    expect(rows.robots.find((r) => r.id === robot.body.id)).toEqual(before.robots.find((r) => r.id === robot.body.id));

    // Deliveries are signed with the secrets in clear, as the integrator holds them.
    await inTransaction(server.deps.db, (tx) => notify(tx, server.deps.clock.now(), { orgId: huaxin, kind: 'task.completed', subjectType: 'placement', subjectId: '0190a0a0-0000-7000-8000-000000000009', params: { taskKind: 'call' } }));
    await deliverOutbox(server.deps);
    const got = receiver.requests.find((r) => r.path === '/hooks/clear')!;
    const header = String(got.headers['tenure-signature']);
    const t = /t=(\d+)/.exec(header)![1]!;
    expect(header).toContain(`v1=${createHmac('sha256', clearEndpoint.body.secret).update(`${t}.${got.body}`).digest('hex')}`);
    const rotatedGot = receiver.requests.find((r) => r.path === '/hooks/sealed')!;
    const t2 = /t=(\d+)/.exec(String(rotatedGot.headers['tenure-signature']))![1]!;
    const v1s = String(rotatedGot.headers['tenure-signature']).split(',').filter((p) => p.startsWith('v1='));
    expect(v1s).toEqual([rotated.body.secret, created.body.secret].map((s) => `v1=${createHmac('sha256', s).update(`${t2}.${rotatedGot.body}`).digest('hex')}`));
  });
});
