import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/notifications/service.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe.each(DATABASE_KINDS)('in-app notifications on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  const send = (n: Parameters<typeof notify>[2]) => inTransaction(server.deps.db, (tx) => notify(tx, server.deps.clock.now(), n));

  it('shows items addressed to the user or to the whole org, newest first, with the unread count', async () => {
    const huaxin = server.ids.orgs.huaxin!;
    const hrId = server.ids.users['hr@huaxin.demo']!;
    await send({ orgId: huaxin, kind: 'submission.created', subjectType: 'submission', subjectId: 'a', params: { orderTitle: 'Java 架构师', agencyName: '猎英' } });
    await send({ orgId: huaxin, userId: hrId, kind: 'submission.commented', subjectType: 'submission', subjectId: 'b', params: { orderTitle: 'Java 架构师', stage: 'screening' } });
    await send({ orgId: server.ids.orgs.bluepeak!, kind: 'submission.created', subjectType: 'submission', subjectId: 'c', params: { orderTitle: 'x', agencyName: 'y' } });

    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const list = await hr.get('/api/v1/notifications');
    expect(list.status).toBe(200);
    expect(list.body.unreadCount).toBe(2);
    expect(list.body.items.map((n: { subjectId: string }) => n.subjectId).sort()).toEqual(['a', 'b']);
    expect(list.body.items.find((n: { subjectId: string }) => n.subjectId === 'a')).toMatchObject({ personal: false, readAt: null, params: { orderTitle: 'Java 架构师' } });

    // The admin sees the org-wide item but not the HR's personal one.
    const adminList = await admin.get('/api/v1/notifications');
    expect(adminList.body.items.map((n: { subjectId: string }) => n.subjectId)).toEqual(['a']);

    // Reading an org-wide item marks it read for the reader only.
    const orgWide = list.body.items.find((n: { subjectId: string }) => n.subjectId === 'a');
    const read = await hr.post(`/api/v1/notifications/${orgWide.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unreadCount).toBe(1);
    expect((await admin.get('/api/v1/notifications')).body.unreadCount).toBe(1);
    expect((await hr.get('/api/v1/notifications?unreadOnly=true')).body.items.map((n: { subjectId: string }) => n.subjectId)).toEqual(['b']);

    const all = await hr.post('/api/v1/notifications/read-all');
    expect(all.body.unreadCount).toBe(0);
    expect((await hr.get('/api/v1/notifications')).body.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    expect((await admin.get('/api/v1/notifications')).body.unreadCount).toBe(1);
  });

  it('pages with a cursor and refuses another inbox’s item', async () => {
    const talentbridge = server.ids.orgs.talentbridge!;
    for (let i = 0; i < 5; i++) {
      await send({ orgId: talentbridge, kind: 'submission.stage_changed', subjectType: 'submission', subjectId: `s${i}`, params: { orderTitle: 'x', from: 'submitted', to: 'screening' } });
      await (server.deps.clock as unknown as { advance(ms: number): Promise<Date> }).advance(1000);
    }
    const admin = await ApiUser.signIn(server.url, 'admin@talentbridge.demo');
    const first = await admin.get('/api/v1/notifications?limit=3');
    expect(first.body.items.map((n: { subjectId: string }) => n.subjectId)).toEqual(['s4', 's3', 's2']);
    const second = await admin.get(`/api/v1/notifications?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((n: { subjectId: string }) => n.subjectId)).toEqual(['s1', 's0']);
    expect(second.body.nextCursor).toBeNull();

    const intruder = await ApiUser.signIn(server.url, 'admin@apexsearch.demo');
    expect((await intruder.post(`/api/v1/notifications/${first.body.items[0].id}/read`)).status).toBe(404);
    expect((await admin.get('/api/v1/notifications?cursor=zzz')).status).toBe(400);
  });
});
