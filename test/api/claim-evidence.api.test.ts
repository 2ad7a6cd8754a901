import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/databases.ts';
import { minimalExe, minimalPdf, minimalPng } from '../support/file-fixtures.ts';
import { activePlacement, addDaysTo, advanceTo, userOf, type ActivePlacement } from '../support/lifecycle-fixture.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Evidence = { id: string; placementId: string; claimId: string | null; name: string; mediaType: string; sizeBytes: number; sha256: string; downloadUrl: string };

/** Evidence of a departure (DESIGN §4.5, item 4 of the lifecycle): uploaded by the poster, read by both sides only. */
describe.each(DATABASE_KINDS)('claim evidence on %s', (database) => {
  let server: TestServer;
  let p: ActivePlacement;
  let other: ActivePlacement;
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const download = async (email: string, fileId: string) => {
    const u = await userOf(server, email);
    const res = await fetch(`${server.url}/api/v1/files/${fileId}`, { headers: { cookie: u.cookie! } });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), sha256: res.headers.get('x-file-sha256') };
  };

  beforeAll(async () => {
    server = await startTestServer({ database });
    p = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    other = await activePlacement(server, { poster: 'admin@huaxin.demo', consultant: 'c1@talentbridge.demo', plan: 'standard', annualSalary: '300000.00' });
    await advanceTo(server, addDaysTo(p.startDate, 20));
  }, 120_000);
  afterAll(() => server.close());

  it('the poster uploads evidence, names it when filing, adds more; both sides list and download it with its SHA-256; nobody else', async () => {
    const hr = await userOf(server, 'hr@huaxin.demo');
    const consultant = await userOf(server, 'c1@talentbridge.demo');
    const letter = minimalPdf('resignation letter');
    const before = await hr.upload<Evidence>(`/api/v1/placements/${p.placementId}/evidence`, { name: '辞职信.pdf', type: 'application/pdf', data: letter });
    expect(before.status).toBe(201);
    expect(before.body).toMatchObject({ placementId: p.placementId, claimId: null, name: '辞职信.pdf', mediaType: 'application/pdf', sizeBytes: letter.length, sha256: sha(letter) });
    // Not attached yet: the poster's org reads it, the deliverer does not.
    expect((await download('admin@huaxin.demo', before.body.id)).status).toBe(200);
    expect((await download('c1@talentbridge.demo', before.body.id)).status).toBe(404);

    // The deliverer uploads nothing; evidence of another placement, or a made-up id, is refused naming the field.
    expect((await consultant.upload(`/api/v1/placements/${p.placementId}/evidence`, { name: 'x.pdf', type: 'application/pdf', data: letter })).status).toBe(403);
    const foreign = await hr.upload<Evidence>(`/api/v1/placements/${other.placementId}/evidence`, { name: 'other.pdf', type: 'application/pdf', data: minimalPdf('other') });
    const body = { reason: 'voluntary_resignation', lastWorkingDay: addDaysTo(p.startDate, 19), remedy: null, comment: '本人辞职' };
    for (const ids of [[foreign.body.id], ['00000000-0000-4000-8000-000000000000']]) {
      const refused = await hr.post<{ error: { code: string; details: { field: string } } }>(`/api/v1/placements/${p.placementId}/claims`, { ...body, evidenceFileIds: ids });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'evidenceFileIds' } });
    }

    const filed = await hr.post<{ id: string; evidenceFileIds: string[] }>(`/api/v1/placements/${p.placementId}/claims`, { ...body, evidenceFileIds: [before.body.id] });
    expect(filed.status).toBe(201);
    expect(filed.body.evidenceFileIds).toEqual([before.body.id]);
    const photo = minimalPng();
    const added = await hr.upload<Evidence>(`/api/v1/claims/${filed.body.id}/evidence`, { name: 'badge returned.png', type: 'image/png', data: photo });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ claimId: filed.body.id, mediaType: 'image/png', sha256: sha(photo) });
    // An executable is refused and nothing is stored; the deliverer cannot add evidence.
    const exe = await hr.upload<{ error: { code: string } }>(`/api/v1/claims/${filed.body.id}/evidence`, { name: 'proof.pdf', type: 'application/pdf', data: minimalExe() });
    expect(exe.status).toBe(415);
    expect((await consultant.upload(`/api/v1/claims/${filed.body.id}/evidence`, { name: 'x.png', type: 'image/png', data: photo })).status).toBe(403);

    for (const email of ['hr@huaxin.demo', 'c1@talentbridge.demo', 'admin@talentbridge.demo', 'ops@tenure.demo']) {
      const list = await (await userOf(server, email)).get<{ items: Evidence[] }>(`/api/v1/claims/${filed.body.id}/evidence`);
      expect(list.status, email).toBe(200);
      expect(list.body.items.map((e) => [e.id, e.claimId, e.sha256]), email).toEqual([[before.body.id, filed.body.id, sha(letter)], [added.body.id, filed.body.id, sha(photo)]]);
      for (const [id, bytes] of [[before.body.id, letter], [added.body.id, photo]] as const) {
        const got = await download(email, id);
        expect(got.status, email).toBe(200);
        expect(got.sha256).toBe(sha(bytes));
        expect(sha(got.bytes)).toBe(sha(bytes));
      }
    }
    const claim = await hr.get<{ evidenceFileIds: string[] }>(`/api/v1/claims/${filed.body.id}`);
    expect(claim.body.evidenceFileIds).toEqual([before.body.id, added.body.id]);
    // Other tenants: neither the list nor the files.
    for (const email of ['admin@bluepeak.demo', 'c1@apexsearch.demo', 'admin@apexsearch.demo']) {
      expect((await (await userOf(server, email)).get(`/api/v1/claims/${filed.body.id}/evidence`)).status, email).toBe(404);
      for (const id of [before.body.id, added.body.id]) expect((await download(email, id)).status, email).toBe(404);
    }
    // The upload is on the placement's record, by hash, and the consultant was told.
    const events = await server.deps.db.selectFrom('audit_events').select(['type', 'payload']).where('subject_id', '=', p.placementId).where('type', '=', 'claim.evidence_uploaded').execute();
    expect(events.map((e) => (JSON.parse(e.payload) as { sha256: string }).sha256)).toEqual([sha(letter), sha(photo)]);
    const inbox = await consultant.get<{ items: { kind: string; subjectId: string }[] }>('/api/v1/notifications');
    expect(inbox.body.items.some((n) => n.kind === 'claim.evidence_added' && n.subjectId === filed.body.id)).toBe(true);
  });
});
