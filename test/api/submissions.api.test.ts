import { keyedHash } from '../../src/platform/auth/keyed-hash.ts';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateKeyAliases } from '../../src/platform/db/migrations/0005-candidate-key-aliases.ts';
import { addDays, type CalendarDate } from '../../src/platform/calendar-date.ts';
import { calendarDateOf, DAY_MS, type ManualClock } from '../../src/platform/clock.ts';
import { ApiUser } from '../support/api-client.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalDoc, minimalDocx, minimalExe, minimalPdf, minimalPng, utf8Text } from '../support/file-fixtures.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from '../support/marketplace-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { candidate, uploadFile } from '../support/submissions-fixture.ts';

type Detail = {
  submission: { id: string; stage: string; candidateName: string; agencyName: string; consultantName: string; expectedSalary: string | null; currency: string; hasResume: boolean };
  resume: { id: string; name: string; mediaType: string; sizeBytes: number; sha256: string; downloadUrl: string } | null;
  events: { kind: string; fromStage: string | null; toStage: string; comment: string; actorSide: string }[];
  allowedMoves: string[];
  placementId: string | null;
};

describe.each(DATABASE_KINDS)('submissions on %s', (database) => {
  let server: TestServer;
  let clock: ManualClock;
  let huaxinAdmin: ApiUser, huaxinHr: ApiUser, tbAdmin: ApiUser, tbC1: ApiUser, tbC2: ApiUser, apexC1: ApiUser, apexC2: ApiUser, bluepeak: ApiUser;
  let orderA: string, orderB: string, orderBluepeak: string;
  let huaxin: string;

  const today = (): CalendarDate => calendarDateOf(server.deps.clock.now(), 'Asia/Shanghai');
  const submit = (user: ApiUser, orderId: string, body: Record<string, unknown>) => user.post(`/api/v1/orders/${orderId}/submissions`, body);
  const move = (user: ApiUser, id: string, body: Record<string, unknown>) => user.post(`/api/v1/submissions/${id}/stage`, body);
  const inbox = async (user: ApiUser) => (await user.get('/api/v1/notifications?limit=100')).body.items as { kind: string; subjectId: string; params: Record<string, string> }[];

  beforeAll(async () => {
    server = await startTestServer({ database });
    clock = server.deps.clock as ManualClock;
    const sign = (email: string) => ApiUser.signIn(server.url, email);
    [huaxinAdmin, huaxinHr, tbAdmin, tbC1, tbC2, apexC1, apexC2, bluepeak] = await Promise.all([
      sign('admin@huaxin.demo'),
      sign('hr@huaxin.demo'),
      sign('admin@talentbridge.demo'),
      sign('c1@talentbridge.demo'),
      sign('c2@talentbridge.demo'),
      sign('c1@apexsearch.demo'),
      sign('c2@apexsearch.demo'),
      sign('admin@bluepeak.demo'),
    ]);
    huaxin = server.ids.orgs.huaxin!;
    const plan = await planVersionIdOf(huaxinAdmin, 'standard');
    orderA = (await postOrder(huaxinAdmin, huaxin, orderBody(plan, { title: 'Java 架构师', headcount: 1 }), { open: true })).id;
    orderB = (await postOrder(huaxinAdmin, huaxin, orderBody(plan, { title: '支付产品经理', function: 'product', headcount: 2 }), { open: true })).id;
    orderBluepeak = (await postOrder(bluepeak, server.ids.orgs.bluepeak!, orderBody(plan, { title: '风控算法专家' }), { open: true })).id;
    for (const [user, orderId] of [[tbC1, orderA], [tbC1, orderB], [tbC2, orderA], [tbC2, orderB], [apexC1, orderA], [apexC1, orderB], [apexC1, orderBluepeak]] as const) {
      const taken = await takeOrder(user, orderId);
      expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    }
  });
  afterAll(() => server.close());

  let zhangA: string; // 张伟, by TalentBridge c1, to order A
  let zhangB: string; // 张伟 again, same consultant, to order B

  describe('submitting and ownership protection', () => {
    it('a consultant with an active engagement submits a candidate; the poster is notified', async () => {
      const res = await submit(tbC1, orderA, candidate({ email: ' Zhang.Wei@Example.com ' }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const d = res.body as Detail;
      expect(d.submission).toMatchObject({ stage: 'submitted', candidateName: '张伟', expectedSalary: '550000.00', currency: 'CNY', agencyName: expect.any(String), hasResume: false });
      expect(d.events).toEqual([expect.objectContaining({ kind: 'created', fromStage: null, toStage: 'submitted', actorSide: 'deliverer' })]);
      expect(d.allowedMoves).toEqual(['withdrawn']);
      zhangA = d.submission.id;
      const n = (await inbox(huaxinHr)).find((i) => i.subjectId === zhangA);
      expect(n).toMatchObject({ kind: 'submission.created', params: { orderTitle: 'Java 架构师' } });
      expect(JSON.stringify(n)).not.toContain('张伟');
      const audit = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', zhangA).execute();
      expect(audit.map((a) => a.type)).toEqual(['submission.created']);
      // The log proves who submitted whom first without holding the phone number or e-mail.
      expect(audit[0]!.payload).not.toContain('13800138000');
      expect(audit[0]!.payload).not.toContain('zhang.wei@example.com');
    });

    it.each([
      ['+86-138-0013-8000', undefined],
      ['(+86)13800138000', undefined],
      ['0086-13800138000', undefined],
      ['138.0013.8000', undefined],
      ['139 0000 0000', '  ZHANG.WEI@example.COM '],
      [undefined, 'zhang.wei@EXAMPLE.com'],
    ])('refuses another agency’s consultant (phone %j, e-mail %j), naming the end date and nobody', async (phone, email) => {
      for (const orderId of [orderA, orderB]) {
        const res = await submit(apexC1, orderId, candidate({ phone: phone ?? null, email: email ?? null }));
        expect(res.status, JSON.stringify(res.body)).toBe(409);
        expect(res.body.error.code).toBe('ownership_protected');
        const until = addDays(today(), 90);
        expect(res.body.error.details).toMatchObject({ protectedUntil: until });
        expect(res.body.error.message).toContain(until);
        const text = JSON.stringify(res.body);
        for (const secret of [server.ids.orgs.talentbridge!, server.ids.users['c1@talentbridge.demo']!, 'TalentBridge', '才桥', zhangA]) expect(text).not.toContain(secret);
      }
    });

    it('refuses another consultant of the same agency too', async () => {
      const res = await submit(tbC2, orderA, candidate({ phone: '138-0013-8000' }));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ownership_protected');
    });

    it('lets the same consultant submit the same person to another order of the same poster', async () => {
      const res = await submit(tbC1, orderB, candidate({ phone: '+86 138 0013 8000' }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      zhangB = res.body.submission.id;
    });

    it('refuses the same person twice in one order', async () => {
      const res = await submit(tbC1, orderA, candidate());
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    });

    it('does not protect across posters', async () => {
      const res = await submit(apexC1, orderBluepeak, candidate({ phone: '13800138000' }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    });

    it('refuses bad input with the field named', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ phone: null, email: null }, 'phone'],
        [{ phone: '', email: '' }, 'phone'],
        [{ phone: 'call me maybe' }, 'phone'],
        [{ email: 'not-an-email' }, 'body.email'],
        [{ expectedSalary: '12.345' }, 'expectedSalary'],
        [{ expectedSalary: '-5' }, 'expectedSalary'],
        [{ currency: 'USD' }, 'currency'],
        [{ candidateName: '  ' }, 'body.candidateName'],
        [{ yearsExperience: 3.5 }, 'body.yearsExperience'],
      ];
      for (const [over, field] of cases) {
        const res = await submit(tbC2, orderB === '' ? orderA : orderA, candidate({ candidateName: '李娜', phone: '13911112222', email: 'li.na@example.com', ...over }));
        expect(res.status, JSON.stringify(over)).toBe(400);
        expect(res.body.error.code).toBe('invalid_input');
        expect(JSON.stringify(res.body.error)).toContain(field);
      }
    });

    it('refuses submitters without an active engagement', async () => {
      expect((await submit(apexC2, orderA, candidate({ phone: '13700000000' }))).status).toBe(404);
      expect((await submit(tbAdmin, orderA, candidate({ phone: '13700000000' }))).status).toBe(404);
      expect((await submit(huaxinHr, orderA, candidate({ phone: '13700000000' }))).status).toBe(403);
    });
  });

  describe('résumés', () => {
    it('stores a PDF with its SHA-256 and serves it to the poster with the original Chinese name', async () => {
      const pdf = minimalPdf('Zhang Wei');
      const up = await uploadFile(tbC1, `/api/v1/submissions/${zhangA}/resume`, pdf, '张伟 简历.pdf', 'application/pdf');
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      const resume = (up.body as Detail).resume!;
      expect(resume).toMatchObject({ name: '张伟 简历.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });

      const dl = await fetch(server.url + resume.downloadUrl, { headers: { cookie: huaxinHr.cookie! } });
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('application/pdf');
      expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="__ __.pdf"; filename*=UTF-8''%E5%BC%A0%E4%BC%9F%20%E7%AE%80%E5%8E%86.pdf`);
      expect(Buffer.from(await dl.arrayBuffer()).equals(pdf)).toBe(true);
      // The consultant and its agency admin read it; another agency does not.
      for (const [user, status] of [[tbC1, 200], [tbAdmin, 200], [apexC1, 404], [tbC2, 404], [bluepeak, 404]] as const) {
        expect((await user.get(resume.downloadUrl)).status).toBe(status);
      }
    });

    it.each([
      ['DOC', minimalDoc(), 'cv.doc', 'application/msword'],
      ['DOCX', minimalDocx(), '简历.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['TXT', utf8Text(), 'cv.txt', 'text/plain; charset=utf-8'],
    ])('accepts a %s résumé, typed from its bytes', async (_, bytes, name, mediaType) => {
      const up = await uploadFile(tbC1, `/api/v1/submissions/${zhangB}/resume`, bytes, name, 'application/octet-stream');
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      expect(up.body.resume).toMatchObject({ name, mediaType });
    });

    it('refuses a PNG renamed .pdf and a program, naming what they are', async () => {
      const png = await uploadFile(tbC1, `/api/v1/submissions/${zhangB}/resume`, minimalPng(), 'resume.pdf', 'application/pdf');
      expect(png.status).toBe(415);
      expect(png.body.error).toMatchObject({ code: 'unsupported_media_type', details: { detected: 'png' } });
      expect(png.body.error.message).toContain('PNG');
      const exe = await uploadFile(tbC1, `/api/v1/submissions/${zhangB}/resume`, minimalExe(), 'resume.docx');
      expect(exe.status).toBe(415);
      expect(exe.body.error.details.detected).toBe('exe');
    });

    it('serves a file under the extension of its detected kind, without bidi controls in its name', async () => {
      const up = await uploadFile(tbC1, `/api/v1/submissions/${zhangB}/resume`, minimalPdf(), 'cv\u202Efdp.exe', 'application/pdf');
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      expect(up.body.resume.name).toBe('cvfdp.pdf');
      const dl = await fetch(server.url + up.body.resume.downloadUrl, { headers: { cookie: huaxinHr.cookie! } });
      expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="cvfdp.pdf"; filename*=UTF-8''cvfdp.pdf`);
    });

    it('refuses a 10 MB file of overlapping ZIP headers with 64 KB names as a ZIP archive, and the server keeps answering', async () => {
      const size = server.deps.config.maxUploadBytes;
      const hostile = Buffer.alloc(size, 0x41);
      for (let at = 0; at + 30 <= size; at += 32) {
        hostile.writeUInt32LE(0x04034b50, at);
        hostile.writeUInt16LE(0xffff, at + 26);
      }
      const [up, me] = await Promise.all([uploadFile(tbC1, `/api/v1/submissions/${zhangB}/resume`, hostile, 'cv.docx'), tbC1.get('/api/v1/auth/me')]);
      expect(up.status).toBe(415);
      expect(up.body.error.details).toMatchObject({ field: 'file', detected: 'zip' });
      expect(me.status).toBe(200);
    });

    it('lets only the submitting consultant upload, and only as multipart', async () => {
      expect((await uploadFile(huaxinHr, `/api/v1/submissions/${zhangA}/resume`, minimalPdf(), 'x.pdf')).status).toBe(403);
      expect((await uploadFile(apexC1, `/api/v1/submissions/${zhangA}/resume`, minimalPdf(), 'x.pdf')).status).toBe(404);
      const json = await tbC1.post(`/api/v1/submissions/${zhangA}/resume`, { file: 'x' });
      expect(json.status).toBe(400);
      expect(json.body.error.code).toBe('invalid_input');
    });
  });

  let liNa: string; // 李娜, by TalentBridge c2, to order A

  describe('the pipeline', () => {
    it('the poster moves a submission forward (skipping stages), audited, and the consultant hears of it', async () => {
      const res = await move(huaxinHr, zhangA, { to: 'interviewing', comment: '简历匹配，安排一面' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.submission.stage).toBe('interviewing');
      expect(res.body.events.at(-1)).toMatchObject({ kind: 'moved', fromStage: 'submitted', toStage: 'interviewing', comment: '简历匹配，安排一面', actorSide: 'poster' });
      expect(res.body.allowedMoves).toEqual(['offered', 'rejected']);
      const audit = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', zhangA).where('type', '=', 'submission.stage_changed').execute();
      expect(JSON.parse(audit[0]!.payload)).toMatchObject({ from: 'submitted', to: 'interviewing' });
      expect((await inbox(tbC1)).find((n) => n.subjectId === zhangA && n.kind === 'submission.stage_changed')).toMatchObject({ params: { from: 'submitted', to: 'interviewing' } });
      // The other consultant of the agency is not told about a colleague's candidate.
      expect((await inbox(tbC2)).some((n) => n.subjectId === zhangA)).toBe(false);
    });

    it('refuses moves backwards, out of turn, or by the wrong side', async () => {
      const back = await move(huaxinHr, zhangA, { to: 'screening' });
      expect(back.status).toBe(409);
      expect(back.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'interviewing', to: 'screening' } });
      expect((await move(huaxinHr, zhangA, { to: 'hired', hire: { startDate: '2026-09-01', annualSalary: '500000' } })).body.error.code).toBe('invalid_transition');
      expect((await move(tbC1, zhangA, { to: 'offered' })).status).toBe(403);
      expect((await move(huaxinHr, zhangA, { to: 'withdrawn' })).status).toBe(403);
      expect((await move(apexC1, zhangA, { to: 'rejected' })).status).toBe(404);
      expect((await move(huaxinHr, zhangA, { to: 'nowhere' })).status).toBe(400);
    });

    it('comments reach the other side', async () => {
      const res = await tbC1.post(`/api/v1/submissions/${zhangA}/comments`, { comment: '候选人周三下午方便面试' });
      expect(res.status).toBe(201);
      expect(res.body.events.at(-1)).toMatchObject({ kind: 'comment', comment: '候选人周三下午方便面试', actorSide: 'deliverer' });
      expect((await inbox(huaxinAdmin)).some((n) => n.subjectId === zhangA && n.kind === 'submission.commented')).toBe(true);
    });

    it('a rejected candidate cannot be hired', async () => {
      const rejected = await move(huaxinAdmin, zhangB, { to: 'rejected', comment: '薪资预期过高' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.allowedMoves).toEqual([]);
      const hire = await move(huaxinAdmin, zhangB, { to: 'hired', hire: { startDate: '2026-09-01', annualSalary: '500000.00' } });
      expect(hire.status).toBe(409);
      expect(hire.body.error.code).toBe('invalid_transition');
      expect(hire.body.error.message).toContain('from rejected to hired');
    });

    it('the consultant withdraws its own candidate with a comment; the poster hears of it', async () => {
      const sub = await submit(tbC2, orderB, candidate({ candidateName: '王芳', phone: '13622223333', email: 'wang.fang@example.com' }));
      expect(sub.status).toBe(201);
      const id = sub.body.submission.id as string;
      expect((await move(tbC1, id, { to: 'withdrawn' })).status).toBe(404);
      const res = await move(tbC2, id, { to: 'withdrawn', comment: '候选人已接受其他 offer' });
      expect(res.status).toBe(200);
      expect(res.body.submission.stage).toBe('withdrawn');
      expect((await inbox(huaxinHr)).find((n) => n.subjectId === id && n.kind === 'submission.stage_changed')).toMatchObject({ params: { to: 'withdrawn' } });
    });

    it('hiring creates the placement with the order’s terms in one transaction and fills the order', async () => {
      const li = await submit(tbC2, orderA, candidate({ candidateName: '李娜', phone: '13911112222', email: 'li.na@example.com' }));
      expect(li.status).toBe(201);
      liNa = li.body.submission.id;
      expect((await move(huaxinHr, liNa, { to: 'offered' })).status).toBe(200);
      expect((await move(huaxinHr, zhangA, { to: 'offered' })).status).toBe(200);

      const noDetails = await move(huaxinHr, zhangA, { to: 'hired' });
      expect(noDetails.status).toBe(400);
      expect(noDetails.body.error.details.field).toBe('hire');
      const badSalary = await move(huaxinHr, zhangA, { to: 'hired', hire: { startDate: '2026-09-01', annualSalary: '1.234' } });
      expect(badSalary.status).toBe(400);
      const badDate = await move(huaxinHr, zhangA, { to: 'hired', hire: { startDate: '2026-02-30', annualSalary: '500000' } });
      expect(badDate.status).toBe(400);

      const hired = await move(huaxinHr, zhangA, { to: 'hired', comment: '已签 offer', hire: { startDate: '2026-09-01', annualSalary: '500000.00' } });
      expect(hired.status, JSON.stringify(hired.body)).toBe(200);
      expect(hired.body.submission.stage).toBe('hired');
      expect(hired.body.placementId).toEqual(expect.any(String));
      const placement = await huaxinAdmin.get(`/api/v1/placements/${hired.body.placementId}`);
      expect(placement.status).toBe(200);
      expect(JSON.stringify(placement.body)).toContain('100000.00'); // 20% of 500,000.00
      const order = await huaxinAdmin.get(`/api/v1/orders/${orderA}`);
      expect(order.body).toMatchObject({ status: 'filled', hiredCount: 1 });
      const audit = await server.deps.db.selectFrom('audit_events').select('payload').where('subject_id', '=', zhangA).where('type', '=', 'submission.stage_changed').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.payload)).toMatchObject({ from: 'offered', to: 'hired', placementId: hired.body.placementId, annualSalary: '500000.00' });
      expect((await inbox(tbC1)).some((n) => n.subjectId === zhangA && n.kind === 'submission.stage_changed')).toBe(true);
    });

    it('refuses a hire on a filled order, and changes nothing', async () => {
      const res = await move(huaxinHr, liNa, { to: 'hired', hire: { startDate: '2026-09-01', annualSalary: '450000.00' } });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('invalid_transition');
      expect(res.body.error.message).toContain('filled');
      expect((await huaxinHr.get(`/api/v1/submissions/${liNa}`)).body.submission.stage).toBe('offered');
      expect((await huaxinAdmin.get(`/api/v1/orders/${orderA}`)).body.hiredCount).toBe(1);
    });
  });

  describe('lists', () => {
    it("shows the poster an order's pipeline, with counts per stage", async () => {
      const res = await huaxinHr.get(`/api/v1/orders/${orderA}/submissions`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: { id: string }) => s.id).sort()).toEqual([zhangA, liNa].sort());
      expect(res.body.stageCounts).toEqual({ hired: 1, offered: 1 });
      expect((await huaxinHr.get(`/api/v1/orders/${orderA}/submissions?stage=offered`)).body.items.map((s: { id: string }) => s.id)).toEqual([liNa]);
      expect((await tbC1.get(`/api/v1/orders/${orderA}/submissions`)).status).toBe(404);
      expect((await bluepeak.get(`/api/v1/orders/${orderA}/submissions`)).status).toBe(404);
    });

    it('shows a consultant its own, an agency admin its agency’s, an employer what it received', async () => {
      const ids = async (user: ApiUser, qs = '') => ((await user.get(`/api/v1/submissions${qs}`)).body.items as { id: string }[]).map((s) => s.id);
      const mine = await ids(tbC1);
      expect(mine.sort()).toEqual([zhangA, zhangB].sort());
      const agency = await ids(tbAdmin);
      expect(agency).toEqual(expect.arrayContaining([zhangA, zhangB, liNa]));
      expect(agency).toHaveLength(4);
      const received = await ids(huaxinHr);
      expect(received).toHaveLength(4);
      expect(await ids(huaxinHr, `?orderId=${orderA}&stage=hired,offered`)).toEqual(expect.arrayContaining([zhangA, liNa]));
      expect(await ids(huaxinHr, '?q=李娜')).toEqual([liNa]);
      expect((await ids(tbAdmin, `?consultantId=${server.ids.users['c1@talentbridge.demo']}`)).sort()).toEqual([zhangA, zhangB].sort());
      expect(await ids(bluepeak)).toHaveLength(1);
      expect(await ids(apexC1)).toHaveLength(1);
      const paged = await huaxinHr.get('/api/v1/submissions?limit=3');
      expect(paged.body.items).toHaveLength(3);
      const rest = await huaxinHr.get(`/api/v1/submissions?limit=3&cursor=${paged.body.nextCursor}`);
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      expect((await huaxinHr.get('/api/v1/submissions?stage=bogus')).status).toBe(400);
    });

    it('one submission: both sides read it, others get 404; platform ops read but do not move', async () => {
      for (const [user, status] of [[huaxinHr, 200], [tbC1, 200], [tbAdmin, 200], [tbC2, 404], [apexC1, 404], [bluepeak, 404]] as const) {
        expect((await user.get(`/api/v1/submissions/${zhangA}`)).status).toBe(status);
      }
      const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
      const seen = await ops.get(`/api/v1/submissions/${liNa}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ sides: [], allowedMoves: [] });
      expect((await ops.get(`/api/v1/orders/${orderA}/submissions`)).status).toBe(200);
      expect((await move(ops, liNa, { to: 'rejected' })).status).toBe(403);
    });
  });

  describe('aliases and releases', () => {
    let orderC: string; // TalentBridge c1 submits here first
    let orderD: string; // Apex c1 tries the same people here
    beforeAll(async () => {
      const plan = await planVersionIdOf(huaxinAdmin, 'standard');
      orderC = (await postOrder(huaxinAdmin, huaxin, orderBody(plan, { title: '别名 C', headcount: 5 }), { open: true })).id;
      orderD = (await postOrder(huaxinAdmin, huaxin, orderBody(plan, { title: '别名 D', headcount: 5 }), { open: true })).id;
      expect((await takeOrder(tbC1, orderC)).status).toBe(201);
      expect((await takeOrder(apexC1, orderD)).status).toBe(201);
    });

    it('sees through aliases: Gmail dots and googlemail.com, a +tag, a (0) trunk prefix', async () => {
      const alice = await submit(tbC1, orderC, candidate({ candidateName: '王爱丽', phone: '13912345678', email: 'alice.wang@gmail.com' }));
      expect(alice.status, JSON.stringify(alice.body)).toBe(201);
      for (const [phone, email] of [
        [null, 'alicewang@gmail.com'],
        [null, 'alice.wang+job@gmail.com'],
        [null, 'alice.wang@googlemail.com'],
        ['+86 (0)139 1234 5678', null],
      ] as const) {
        const res = await submit(apexC1, orderD, candidate({ candidateName: '王爱丽', phone, email }));
        expect(res.status, `${phone} ${email}`).toBe(409);
        expect(res.body.error.code).toBe('ownership_protected');
      }
    });

    it('a submission withdrawn by its own consultant before the poster acted releases the candidate; one the poster acted on does not', async () => {
      const first = await submit(tbC1, orderC, candidate({ candidateName: '钱多多', phone: '13655554444', email: 'qian.duoduo@example.com' }));
      expect(first.status).toBe(201);
      expect((await submit(apexC1, orderD, candidate({ candidateName: '钱多多', phone: '13655554444', email: null }))).status).toBe(409);
      expect((await tbC1.post(`/api/v1/submissions/${first.body.submission.id}/stage`, { to: 'withdrawn', comment: '候选人改变主意' })).status).toBe(200);
      const released = await submit(apexC1, orderD, candidate({ candidateName: '钱多多', phone: '136 5555 4444', email: null }));
      expect(released.status, JSON.stringify(released.body)).toBe(201);

      // Screened by the poster first, the withdrawal keeps the protection (the poster acted on it).
      const second = await submit(tbC1, orderC, candidate({ candidateName: '孙少平', phone: '13566667777', email: null }));
      expect((await huaxinAdmin.post(`/api/v1/submissions/${second.body.submission.id}/stage`, { to: 'screening' })).status).toBe(200);
      expect((await tbC1.post(`/api/v1/submissions/${second.body.submission.id}/stage`, { to: 'withdrawn' })).status).toBe(200);
      const still = await submit(apexC1, orderD, candidate({ candidateName: '孙少平', phone: '13566667777', email: null }));
      expect(still.status).toBe(409);
      expect(still.body.error.code).toBe('ownership_protected');
    });

    it('the keys stored before the aliases were seen are recomputed by migration 0005', async () => {
      const sub = await submit(tbC1, orderC, candidate({ candidateName: '旧数据', phone: '+86 (0)137 0000 1111', email: 'Old.Data+cv@GoogleMail.com' }));
      expect(sub.status).toBe(201);
      const id = sub.body.submission.id as string;
      // As the keys were computed before: separators gone, nothing else.
      await server.deps.db.updateTable('submissions').set({ phone_key: '+86013700001111', email_key: 'old.data+cv@googlemail.com' }).where('id', '=', id).execute();
      await candidateKeyAliases.up(server.deps.db, server.deps.dialect, { keyedHashSecret: server.deps.keyedHashSecret });
      const row = await server.deps.db.selectFrom('submissions').select(['phone_key', 'email_key']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ phone_key: '13700001111', email_key: 'olddata@gmail.com' });
      // 0005 ran here after 0009: key the recomputed values again as 0009 does, for the tests that follow.
      const secret = server.deps.keyedHashSecret;
      for (const r of await server.deps.db.selectFrom('submissions').select(['id', 'phone_key', 'email_key']).execute()) {
        const keyed = { phone_key: r.phone_key === null ? null : keyedHash(secret, r.phone_key), email_key: r.email_key === null ? null : keyedHash(secret, r.email_key) };
        await server.deps.db.updateTable('submissions').set(keyed).where('id', '=', r.id).execute();
      }
    });
  });

  describe('after the ownership window', () => {
    it('day 89 is still protected; from day 90 another consultant may submit', async () => {
      const d0 = today();
      await clock.advance(89 * DAY_MS);
      expect(today()).toBe(addDays(d0, 89));
      const day89 = await submit(apexC1, orderB, candidate({ phone: '138 0013 8000' }));
      expect(day89.status).toBe(409);
      expect(day89.body.error.details.protectedUntil).toBe(addDays(d0, 90));
      await clock.advance(DAY_MS);
      const day90 = await submit(apexC1, orderB, candidate({ phone: '138 0013 8000' }));
      expect(day90.status, JSON.stringify(day90.body)).toBe(201);
    });
  });
});

describe.each(DATABASE_KINDS)('résumé size limit on %s', (database) => {
  let server: TestServer;
  let consultant: ApiUser;
  let submissionId: string;
  beforeAll(async () => {
    server = await startTestServer({ database, config: { maxUploadBytes: 1024 } });
    const admin = await ApiUser.signIn(server.url, 'admin@huaxin.demo');
    const order = await postOrder(admin, server.ids.orgs.huaxin!, orderBody(await planVersionIdOf(admin)), { open: true });
    consultant = await ApiUser.signIn(server.url, 'c1@talentbridge.demo');
    expect((await takeOrder(consultant, order.id)).status).toBe(201);
    submissionId = (await consultant.post(`/api/v1/orders/${order.id}/submissions`, candidate())).body.submission.id;
  });
  afterAll(() => server.close());

  const filesStored = async () => Number((await server.deps.db.selectFrom('files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a file over the limit with 413 and stores nothing', async () => {
    const big = Buffer.concat([minimalPdf(), Buffer.from(`%${'x'.repeat(2000)}\n`)]);
    const res = await uploadFile(consultant, `/api/v1/submissions/${submissionId}/resume`, big, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await filesStored()).toBe(0);
  });

  it('accepts a file under the limit', async () => {
    const small = minimalPdf();
    expect(small.length).toBeLessThan(1024);
    const res = await uploadFile(consultant, `/api/v1/submissions/${submissionId}/resume`, small, 'small.pdf');
    expect(res.status).toBe(200);
    expect(await filesStored()).toBe(1);
  });
});
