import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, type NewNotification } from '../../src/notifications/service.ts';
import { inTransaction } from '../../src/platform/db/database.ts';
import { deliverDue } from '../../src/platform/outbox/delivery.ts';
import { deliverOutbox } from '../../src/platform/outbox/deliver-outbox.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { json, startReceiver } from '../support/http-receiver.ts';
import { activePlacement } from '../support/lifecycle-fixture.ts';
import { parseMail, startSmtpServer } from '../support/mail.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Delivery = { id: string; status: string; attempts: number; nextAttemptAt: string; lastStatusCode: number | null; lastError: string | null; payload: { body?: string }; log: { outcome: string; statusCode: number | null }[] };

/** The documented algorithm, written here from the spec (not Tenure's code): hex HMAC-SHA256 of "t.body". */
const hmacHex = (secret: string, t: string, body: string): string => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

function signatureParts(header: string | string[] | undefined): { t: string; v1: string[] } {
  const parts = String(header).split(',');
  return { t: parts.find((p) => p.startsWith('t='))!.slice(2), v1: parts.filter((p) => p.startsWith('v1=')).map((p) => p.slice(3)) };
}

describe.each(DATABASE_KINDS)('notification channels on %s', (database) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: ApiUser;
  let ops: ApiUser;
  let huaxin: string;
  const MAX_ATTEMPTS = 3;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startReceiver();
    // The receiver runs on loopback: this server allows private targets (the SSRF test turns it off again).
    server = await startTestServer({ database, config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, allowPrivateWebhooks: true, webhookTimeoutMs: 400, outboxMaxAttempts: MAX_ATTEMPTS } });
    admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
    huaxin = server.ids.orgs.huaxin!;
    // What the demo seeding queued is not these tests' business: deliver it first.
    await deliverOutbox(server.deps);
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
    await receiver.close();
  });

  const send = (n: NewNotification) => inTransaction(server.deps.db, (tx) => notify(tx, server.deps.clock.now(), n));
  const deliver = (at?: Date) =>
    deliverDue({ db: server.deps.db, dialect: server.deps.dialect, now: () => at ?? new Date(), senders: server.deps.outboxSenders, maxAttempts: MAX_ATTEMPTS });
  const deliveriesOf = async (endpointId: string): Promise<Delivery[]> => {
    const res = await admin.get<{ items: Delivery[] }>(`/api/v1/webhook-endpoints/${endpointId}/deliveries`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const submissionCreated = (title: string, subjectId = '0190a0a0-0000-7000-8000-000000000001'): NewNotification => ({ orgId: huaxin, kind: 'submission.created', subjectType: 'submission', subjectId, params: { orderTitle: title, agencyName: '猎英' } });

  it("e-mails an org-wide item to the people who act for the org, each in its language, with both parts and the item's link", async () => {
    const hr = await ApiUser.signIn(server.url, 'hr@huaxin.demo');
    expect((await admin.put('/api/v1/me/notification-settings', { emailEnabled: true, language: 'en' })).status).toBe(200);
    expect((await hr.put('/api/v1/me/notification-settings', { emailEnabled: true, language: 'zh-CN' })).body).toEqual({ emailEnabled: true, language: 'zh-CN' });
    await send(submissionCreated('Java 架构师'));
    const r = await deliver();
    expect(r.delivered).toBeGreaterThanOrEqual(2);
    const mails = smtp.mails.map((m) => ({ to: m.to, mail: parseMail(m.raw) })).filter((m) => m.mail.subject.includes('Java 架构师'));
    expect(mails.map((m) => m.to).flat().sort()).toEqual(['admin@huaxin.demo', 'hr@huaxin.demo']);
    const en = mails.find((m) => m.to[0] === 'admin@huaxin.demo')!.mail;
    const zh = mails.find((m) => m.to[0] === 'hr@huaxin.demo')!.mail;
    expect(en.subject).toBe('[Tenure] 猎英 submitted a candidate to “Java 架构师”');
    expect(zh.subject).toBe('【稳聘】猎英 向「Java 架构师」推荐了一位候选人');
    const link = `${new URL(server.deps.config.host === '127.0.0.1' ? 'http://localhost' : 'http://x').origin}:${server.deps.config.port}/submissions/0190a0a0-0000-7000-8000-000000000001`;
    for (const m of [en, zh]) {
      const text = m.parts.find((p) => p.contentType === 'text/plain')!;
      const html = m.parts.find((p) => p.contentType === 'text/html')!;
      expect(text.body).toContain(link);
      expect(html.body).toContain(`href="${link}"`);
      // The outbox id is the idempotency key: in the Message-ID and its own header.
      const key = m.headers.get('x-tenure-idempotency-key')!;
      expect(m.headers.get('message-id')).toBe(`<${key}@tenure.outbox>`);
      expect(text.body).toContain(`ref ${key}`);
    }
    expect(en.parts.find((p) => p.contentType === 'text/plain')!.body).toContain('Open in Tenure');

    // E-mail off for the HR, and the org sends no submission e-mails at all: nothing more is sent.
    smtp.mails.length = 0;
    await hr.put('/api/v1/me/notification-settings', { emailEnabled: false, language: 'zh-CN' });
    await send(submissionCreated('Go 工程师'));
    await deliver();
    expect(smtp.mails.map((m) => m.to).flat()).toEqual(['admin@huaxin.demo']);
    expect((await admin.put(`/api/v1/orgs/${huaxin}/notification-settings`, { emailEvents: ['placement.created'] })).body.emailEvents).toEqual(['placement.created']);
    expect((await admin.put(`/api/v1/orgs/${huaxin}/notification-settings`, { emailEvents: ['no.such_kind'] })).body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'emailEvents' } } });
    await send(submissionCreated('Rust 工程师'));
    await deliver();
    expect(smtp.mails.length).toBe(1);
    await admin.put(`/api/v1/orgs/${huaxin}/notification-settings`, { emailEvents: ['*'] });
    await hr.put('/api/v1/me/notification-settings', { emailEnabled: true, language: 'zh-CN' });
  });

  it("sends the candidate's check-in link by e-mail, and the link opens the candidate's form", async () => {
    const p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'full_lifecycle', daysAhead: -6 });
    await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
    smtp.mails.length = 0;
    await deliver();
    const candidate = await server.deps.db.selectFrom('placements as p').innerJoin('submissions as s', 's.id', 'p.submission_id').select('s.email').where('p.id', '=', p.placementId).executeTakeFirstOrThrow();
    const mail = smtp.mails.find((m) => m.to.includes(candidate.email!));
    expect(mail).toBeDefined();
    const parsed = parseMail(mail!.raw);
    expect(mail!.to).toEqual([candidate.email]);
    expect(parsed.subject).toContain('第 7 天回访');
    const text = parsed.parts.find((x) => x.contentType === 'text/plain')!.body;
    const token = /\/checkin\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1];
    expect(token).toBeDefined();
    expect(parsed.parts.find((x) => x.contentType === 'text/html')!.body).toContain(`/checkin/${token}`);
    const form = await new ApiUser(server.url).get(`/api/v1/public/checkins/${token}`);
    expect(form.status).toBe(200);
  });

  it('signs webhook deliveries byte for byte, logs them per endpoint and replays one with the same id', async () => {
    const created = await admin.post<{ id: string; secret: string; events: string[] }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}/hooks/ok`, events: ['submission.created'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await admin.get<{ items: Record<string, unknown>[] }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`);
    expect(listed.body.items.find((e) => e.id === created.body.id)).not.toHaveProperty('secret');

    await send(submissionCreated('数据工程师', '0190a0a0-0000-7000-8000-000000000002'));
    await send({ orgId: huaxin, kind: 'placement.guarantee_passed', subjectType: 'placement', subjectId: '0190a0a0-0000-7000-8000-000000000003', params: {} });
    await deliver();
    const got = receiver.requests.filter((r) => r.path === '/hooks/ok');
    expect(got).toHaveLength(1); // the endpoint takes submission.created only
    const req = got[0]!;
    const { t, v1 } = signatureParts(req.headers['tenure-signature']);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(v1).toEqual([hmacHex(created.body.secret, t, req.body)]);
    const event = JSON.parse(req.body) as { id: string; type: string; createdAt: string; data: { subjectId: string; params: Record<string, string> } };
    expect(event).toMatchObject({ type: 'submission.created', data: { subjectId: '0190a0a0-0000-7000-8000-000000000002', params: { orderTitle: '数据工程师' } } });
    expect(req.headers['tenure-delivery-id']).toBe(event.id);
    expect(req.headers['idempotency-key']).toBe(event.id);

    const [delivery] = await deliveriesOf(created.body.id);
    expect(delivery).toMatchObject({ id: event.id, status: 'delivered', attempts: 1, lastStatusCode: 200, log: [{ outcome: 'delivered', statusCode: 200 }] });
    expect(delivery!.payload.body).toBe(req.body);

    const replayed = await admin.post<Delivery>(`/api/v1/webhook-deliveries/${event.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body.status).toBe('pending');
    expect((await admin.post(`/api/v1/webhook-deliveries/${event.id}/replay`)).status).toBe(409);
    await deliver();
    const again = receiver.requests.filter((r) => r.path === '/hooks/ok');
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toBe(req.body);
    expect((await deliveriesOf(created.body.id))[0]!.log.map((l) => l.outcome)).toEqual(['delivered', 'delivered']);

    // Rotation: during the overlap both secrets sign (two v1= entries); with no overlap only the new one.
    const rotated = await admin.post<{ secret: string; previousSecretUntil: string }>(`/api/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { overlapHours: 2 });
    expect(rotated.status).toBe(200);
    await admin.post(`/api/v1/webhook-deliveries/${event.id}/replay`);
    await deliver();
    const during = receiver.requests.filter((r) => r.path === '/hooks/ok').at(-1)!;
    const sig = signatureParts(during.headers['tenure-signature']);
    expect(sig.v1).toEqual([hmacHex(rotated.body.secret, sig.t, during.body), hmacHex(created.body.secret, sig.t, during.body)]);
    const last = await admin.post<{ secret: string }>(`/api/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { overlapHours: 0 });
    await admin.post(`/api/v1/webhook-deliveries/${event.id}/replay`);
    await deliver();
    const after = receiver.requests.filter((r) => r.path === '/hooks/ok').at(-1)!;
    const sig2 = signatureParts(after.headers['tenure-signature']);
    expect(sig2.v1).toEqual([hmacHex(last.body.secret, sig2.t, after.body)]);
    expect((await admin.delete(`/api/v1/webhook-endpoints/${created.body.id}`)).status).toBe(204);
  });

  it("retries after a receiver's 500 and a timeout, with backoff, and dead-letters after the last try; ops resend it", async () => {
    let flaky = 0;
    receiver.on('/hooks/flaky', (_r, res) => json(res, flaky++ === 0 ? 500 : 200, {}));
    receiver.on('/hooks/slow', (_r, res) => setTimeout(() => json(res, 200, {}), 1500));
    let down = true;
    receiver.on('/hooks/down', (_r, res) => json(res, down ? 503 : 200, {}));
    const ep = async (path: string) => (await admin.post<{ id: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}${path}`, events: ['placement.guarantee_passed'] })).body.id;
    const flakyId = await ep('/hooks/flaky');
    const slowId = await ep('/hooks/slow');
    const downId = await ep('/hooks/down');
    await send({ orgId: huaxin, kind: 'placement.guarantee_passed', subjectType: 'placement', subjectId: '0190a0a0-0000-7000-8000-000000000004', params: {} });

    const t0 = new Date();
    await deliver(t0);
    const [f1] = await deliveriesOf(flakyId);
    expect(f1).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    // The first retry comes within a minute.
    const wait = new Date(f1!.nextAttemptAt).getTime() - t0.getTime();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    const [s1] = await deliveriesOf(slowId);
    expect(s1).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(s1!.lastError).toMatch(/no answer within 400 ms/);
    // Not due yet: nothing is tried again before its time.
    const before = receiver.requests.length;
    await deliver(new Date(t0.getTime() + 1000));
    expect(receiver.requests.length).toBe(before);

    const t1 = new Date(t0.getTime() + 61_000);
    await deliver(t1);
    expect((await deliveriesOf(flakyId))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    const [d2] = await deliveriesOf(downId);
    expect(d2).toMatchObject({ status: 'pending', attempts: 2 });
    // The backoff doubles: the third try waits about twice as long as the second.
    expect(new Date(d2!.nextAttemptAt).getTime() - t1.getTime()).toBeGreaterThan(wait);
    await deliver(new Date(t0.getTime() + 3_600_000));
    const [dead] = await deliveriesOf(downId);
    expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastStatusCode: 503 });
    expect(dead!.log.map((l) => l.outcome)).toEqual(['retry', 'retry', 'dead']);
    await deliver(new Date(t0.getTime() + 7_200_000));
    expect((await deliveriesOf(downId))[0]!.log).toHaveLength(MAX_ATTEMPTS);

    const letters = await ops.get<{ items: (Delivery & { orgName: string | null })[]; counts: { dead: number }; byChannel: { channel: string; status: string; count: number }[] }>('/api/v1/outbox?status=dead');
    expect(letters.body.items.map((d) => d.id)).toContain(dead!.id);
    expect(letters.body.counts.dead).toBeGreaterThanOrEqual(1);
    // Each delivery names its org; the counts by channel and status add up to the counts by status.
    expect(letters.body.items.find((d) => d.id === dead!.id)!.orgName).toBe('华信科技 Huaxin Tech');
    const webhookDead = letters.body.byChannel.find((c) => c.channel === 'webhook' && c.status === 'dead');
    expect(webhookDead!.count).toBeGreaterThanOrEqual(1);
    expect(letters.body.byChannel.filter((c) => c.status === 'dead').reduce((n, c) => n + c.count, 0)).toBe(letters.body.counts.dead);
    expect((await admin.get('/api/v1/outbox')).status).toBe(403);
    expect((await admin.post(`/api/v1/outbox/${dead!.id}/resend`)).status).toBe(403);
    down = false;
    const resent = await ops.post<Delivery>(`/api/v1/outbox/${dead!.id}/resend`);
    expect(resent.body).toMatchObject({ status: 'pending', attempts: 0 });
    await deliver();
    expect((await deliveriesOf(downId))[0]).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
    for (const id of [flakyId, slowId, downId]) await admin.delete(`/api/v1/webhook-endpoints/${id}`);
  });

  it("delivers each event once when two workers share the queue", async () => {
    let active = 0;
    let maxActive = 0;
    receiver.on('/hooks/count', (_r, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active--;
        json(res, 200, {});
      }, 5);
    });
    const id = (await admin.post<{ id: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}/hooks/count`, events: ['task.completed'] })).body.id;
    await admin.put(`/api/v1/orgs/${huaxin}/notification-settings`, { emailEvents: [] });
    await inTransaction(server.deps.db, async (tx) => {
      for (let i = 0; i < 60; i++) await notify(tx, server.deps.clock.now(), { orgId: huaxin, kind: 'task.completed', subjectType: 'placement', subjectId: '0190a0a0-0000-7000-8000-000000000005', params: { taskKind: `k${i}` } });
    });
    const worker = () => deliverDue({ db: server.deps.db, dialect: server.deps.dialect, now: () => new Date(), senders: server.deps.outboxSenders, maxAttempts: MAX_ATTEMPTS }, { batchSize: 7 });
    const [a, b] = await Promise.all([worker(), worker()]);
    const bodies = receiver.requests.filter((r) => r.path === '/hooks/count').map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(bodies).toHaveLength(60);
    expect(new Set(bodies).size).toBe(60);
    // Each delivery was tried once, by one of the two workers (both took part).
    const log = (await admin.get<{ items: Delivery[] }>(`/api/v1/webhook-endpoints/${id}/deliveries?limit=100`)).body.items;
    expect(log).toHaveLength(60);
    expect(log.every((d) => d.status === 'delivered' && d.log.length === 1)).toBe(true);
    expect(a.delivered).toBeGreaterThan(0);
    expect(b.delivered).toBeGreaterThan(0);
    expect(maxActive).toBeGreaterThan(1);
    await admin.delete(`/api/v1/webhook-endpoints/${id}`);
    await admin.put(`/api/v1/orgs/${huaxin}/notification-settings`, { emailEvents: ['*'] });
  });

  it('refuses webhook and robot URLs on loopback, link-local and private addresses unless ops allow them, at save and at send', async () => {
    server.deps.config.allowPrivateWebhooks = false;
    try {
      for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://10.1.2.3/x', 'http://192.168.1.1/x', 'http://172.20.0.1/x', 'http://100.64.0.1/x', 'http://0.0.0.0/x', 'http://[fd00::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://2130706433/x', 'ftp://example.com/x']) {
        const res = await admin.post(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url, events: ['*'] });
        expect([url, res.status, res.body]).toMatchObject([url, 400, { error: { code: 'invalid_input', details: { field: 'url' } } }]);
        // An address the guard refuses says so (the web app puts it in words under the URL field).
        if (!url.startsWith('ftp:')) expect([url, res.body]).toMatchObject([url, { error: { details: { reason: 'address_refused' } } }]);
      }
      const robot = await admin.post(`/api/v1/orgs/${huaxin}/robots`, { provider: 'wecom', name: '群', url: 'http://127.0.0.1/cgi-bin/webhook/send?key=k', events: ['*'] });
      expect(robot.body).toMatchObject({ error: { code: 'invalid_input', details: { field: 'url' } } });
    } finally {
      server.deps.config.allowPrivateWebhooks = true;
    }
    // Saved while allowed, sent when no longer allowed: refused at send time too (dead, nothing reaches the receiver).
    const id = (await admin.post<{ id: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `${receiver.url}/hooks/private`, events: ['claim.refunded'] })).body.id;
    await send({ orgId: huaxin, kind: 'claim.refunded', subjectType: 'placement', subjectId: '0190a0a0-0000-7000-8000-000000000006', params: {} });
    server.deps.config.allowPrivateWebhooks = false;
    try {
      await deliver();
    } finally {
      server.deps.config.allowPrivateWebhooks = true;
    }
    const [d] = await deliveriesOf(id);
    expect(d).toMatchObject({ status: 'dead' });
    expect(d!.lastError).toMatch(/refused: the address is loopback/);
    expect(receiver.requests.filter((r) => r.path === '/hooks/private')).toHaveLength(0);
    await admin.delete(`/api/v1/webhook-endpoints/${id}`);
  });

  it('posts to WeCom, DingTalk and Feishu robots in their documented formats and signatures, retries a rate limit and sends a test message', async () => {
    let dingCalls = 0;
    receiver.on('/robot/send', (_r, res) => json(res, 200, dingCalls++ === 0 ? { errcode: 130101, errmsg: 'send too fast' } : { errcode: 0, errmsg: 'ok' }));
    receiver.on('/open-apis/bot/v2/hook/abc', (_r, res) => json(res, 200, { code: 0, msg: 'success' }));
    receiver.on('/open-apis/bot/v2/hook/bad', (_r, res) => json(res, 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }));
    receiver.on('/cgi-bin/webhook/send', (_r, res) => json(res, 200, { errcode: 0, errmsg: 'ok' }));
    const add = async (body: Record<string, unknown>) => {
      const res = await admin.post<{ id: string; url: string; signed: boolean }>(`/api/v1/orgs/${huaxin}/robots`, { events: ['claim.pending_review'], ...body });
      expect(res.status).toBe(201);
      return res.body;
    };
    const wecom = await add({ provider: 'wecom', name: '招聘群', url: `${receiver.url}/cgi-bin/webhook/send?key=wecom-key-123` });
    expect(wecom.url).not.toContain('wecom-key-123');
    const ding = await add({ provider: 'dingtalk', name: '钉钉群', url: `${receiver.url}/robot/send?access_token=tok`, secret: 'SECdingtalk-secret' });
    const feishu = await add({ provider: 'feishu', name: '飞书群', url: `${receiver.url}/open-apis/bot/v2/hook/abc`, secret: 'feishu-secret', language: 'en' });
    const bad = await add({ provider: 'feishu', name: '飞书坏群', url: `${receiver.url}/open-apis/bot/v2/hook/bad`, secret: 'wrong' });
    expect(ding.signed).toBe(true);

    await send({ orgId: huaxin, kind: 'claim.pending_review', subjectType: 'claim', subjectId: '0190a0a0-0000-7000-8000-000000000007', params: {} });
    const t0 = new Date();
    await deliver(t0);

    const w = receiver.requests.filter((r) => r.path === '/cgi-bin/webhook/send').at(-1)!;
    expect(w.query.get('key')).toBe('wecom-key-123');
    const wb = JSON.parse(w.body) as { msgtype: string; markdown: { content: string } };
    expect(wb.msgtype).toBe('markdown');
    expect(wb.markdown.content).toContain('一份售后申请等待平台审核');
    expect(wb.markdown.content).toContain('/claims/0190a0a0-0000-7000-8000-000000000007');

    // DingTalk: timestamp (ms) and sign in the query; sign = urlencode(base64(HMAC-SHA256(secret, t + "\n" + secret))).
    const d = receiver.requests.filter((r) => r.path === '/robot/send').at(-1)!;
    const ts = d.query.get('timestamp')!;
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);
    const expectedSign = createHmac('sha256', 'SECdingtalk-secret').update(`${ts}\n${'SECdingtalk-secret'}`).digest('base64');
    expect(d.query.get('sign')).toBe(expectedSign);
    expect(d.url).toContain(`sign=${encodeURIComponent(expectedSign)}`);
    expect(d.query.get('access_token')).toBe('tok');
    const db = JSON.parse(d.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(db).toMatchObject({ msgtype: 'markdown', markdown: { title: '稳聘通知' } });

    // Feishu: timestamp (s) and sign in the body; sign = base64(HMAC-SHA256(key = t + "\n" + secret, message = "")).
    const f = receiver.requests.filter((r) => r.path === '/open-apis/bot/v2/hook/abc').at(-1)!;
    const fb = JSON.parse(f.body) as { timestamp: string; sign: string; msg_type: string; card: { header: { title: { content: string } }; elements: { tag: string; content?: string }[] } };
    expect(fb.sign).toBe(createHmac('sha256', `${fb.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(Math.abs(Number(fb.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(fb.msg_type).toBe('interactive');
    expect(fb.card.header.title.content).toBe('Tenure');
    expect(fb.card.elements[0]!.content).toContain('A claim awaits the platform’s review');

    const outbox = await ops.get<{ items: (Delivery & { targetId: string })[] }>('/api/v1/outbox?limit=50');
    const of = (robotId: string) => outbox.body.items.find((m) => m.targetId === robotId)!;
    expect(of(ding.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(of(ding.id).lastError).toMatch(/rate limited \(130101/);
    expect(of(bad.id)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(of(feishu.id).status).toBe('delivered');
    expect(of(wecom.id).status).toBe('delivered');
    await deliver(new Date(t0.getTime() + 61_000));
    expect((await ops.get<{ items: (Delivery & { targetId: string })[] }>('/api/v1/outbox?limit=50')).body.items.find((m) => m.targetId === ding.id)!.status).toBe('delivered');

    const test = await admin.post(`/api/v1/robots/${feishu.id}/test`);
    expect(test.body).toEqual({ outcome: 'delivered', statusCode: 200, error: null });
    const refused = await admin.post(`/api/v1/robots/${bad.id}/test`);
    expect(refused.body).toMatchObject({ outcome: 'dead', statusCode: 200 });
    expect(refused.body.error).toMatch(/19021/);
    // The robot's URL carries its token: the list shows it masked, readable (not percent-encoded).
    const listed = (await admin.get<{ items: { id: string; url: string }[] }>(`/api/v1/orgs/${huaxin}/robots`)).body.items.find((r) => r.id === ding.id)!;
    expect(listed.url).toMatch(/\?access_token=…$/);
    for (const r of [wecom, ding, feishu, bad]) expect((await admin.delete(`/api/v1/robots/${r.id}`)).status).toBe(204);
  });

  it('a receiver written from the README snippet alone accepts deliveries and refuses a changed body or an old timestamp', async () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const block = /<!-- webhook-receiver:start -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-receiver:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'tenure-receiver-'));
    const file = join(dir, 'receiver.mjs');
    writeFileSync(file, block!);
    // A free port first: the endpoint's URL names it, and the endpoint's secret is known only once it exists.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const created = await admin.post<{ id: string; secret: string }>(`/api/v1/orgs/${huaxin}/webhook-endpoints`, { url: `http://127.0.0.1:${port}/tenure`, events: ['dispute.raised'] });
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [file], { env: { ...process.env, TENURE_WEBHOOK_SECRET: created.body.secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      const output: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the snippet did not start: ${output.join('')}`)), 10_000);
        child!.stdout!.on('data', (d: Buffer) => {
          output.push(d.toString());
          if (output.join('').includes('listening on')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child!.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      });
      await send({ orgId: huaxin, kind: 'dispute.raised', subjectType: 'dispute', subjectId: '0190a0a0-0000-7000-8000-000000000008', params: { disputeType: 'claim_decision', answerBy: '2026-12-10' } });
      await deliver();
      const [delivery] = await deliveriesOf(created.body.id);
      expect(delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
      // The same delivery replayed: accepted again (the snippet drops the duplicate id itself).
      await admin.post(`/api/v1/webhook-deliveries/${delivery!.id}/replay`);
      await deliver();
      expect((await deliveriesOf(created.body.id))[0]!.log.map((l) => l.statusCode)).toEqual([200, 200]);
      await new Promise((r) => setTimeout(r, 100));
      expect(output.join('').match(new RegExp(`event dispute.raised ${delivery!.id}`, 'g'))).toHaveLength(1);

      const body = delivery!.payload.body!;
      const post = (b: string, t: number) =>
        fetch(`http://127.0.0.1:${port}/tenure`, { method: 'POST', headers: { 'content-type': 'application/json', 'tenure-signature': `t=${t},v1=${hmacHex(created.body.secret, String(t), b)}` }, body: b });
      const now = Math.floor(Date.now() / 1000);
      expect((await post(body, now)).status).toBe(200);
      // A changed body under the original's signature, and a correctly signed delivery six minutes old: refused.
      const signedForOriginal = `t=${now},v1=${hmacHex(created.body.secret, String(now), body)}`;
      const changed = await fetch(`http://127.0.0.1:${port}/tenure`, { method: 'POST', headers: { 'tenure-signature': signedForOriginal }, body: body.replace('claim_decision', 'refund_amount') });
      expect(changed.status).toBe(400);
      expect((await post(body, now - 6 * 60)).status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/tenure`, { method: 'POST', body })).status).toBe(400);
    } finally {
      child?.kill();
      rmSync(dir, { recursive: true, force: true });
      await admin.delete(`/api/v1/webhook-endpoints/${created.body.id}`);
    }
  });
});
