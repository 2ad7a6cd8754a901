import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from './api-client.ts';
import { hireThroughApi, type HireInput } from './placement-fixture.ts';
import type { TestServer } from './server.ts';

/**
 * The after-sales lifecycle through the API: a placement hired and accepted by both sides, starting `daysAhead`
 * days after today's business date, and platform ops moving the manual clock (which runs what falls due).
 */
const users = new Map<string, ApiUser>();

export async function userOf(server: TestServer, email: string): Promise<ApiUser> {
  const key = `${server.url} ${email}`;
  let u = users.get(key);
  if (!u) {
    u = await ApiUser.signIn(server.url, email);
    users.set(key, u);
  }
  return u;
}

export async function businessToday(server: TestServer): Promise<string> {
  const ops = await userOf(server, 'ops@tenure.demo');
  return (await ops.get<{ today: string }>('/api/v1/clock')).body.today;
}

export function addDaysTo(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type ActivePlacement = { placementId: string; termsHash: string; orderId: string; submissionId: string; startDate: string };

export async function activePlacement(server: TestServer, input: Omit<HireInput, 'startDate'> & { daysAhead?: number }): Promise<ActivePlacement> {
  const startDate = addDaysTo(await businessToday(server), input.daysAhead ?? 1);
  const hired = await hireThroughApi(server, { ...input, startDate });
  for (const email of [input.poster, input.consultant]) {
    const res = await (await userOf(server, email)).post(`/api/v1/placements/${hired.placementId}/accept`, { agreementHash: hired.agreementHash });
    if (res.status !== 200) throw new Error(`accepting as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { ...hired, startDate };
}

/** Moves business time by whole days as platform ops; every obligation due by then runs. */
export async function advanceDays(server: TestServer, days: number): Promise<{ today: string; obligationsRun: number }> {
  const ops = await userOf(server, 'ops@tenure.demo');
  const res = await ops.post<{ today: string; obligationsRun: number }>('/api/v1/clock/advance', { days });
  if (res.status !== 200) throw new Error(`advancing the clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Moves time until the business date is `date` (in Shanghai, the demo employers' zone). */
export async function advanceTo(server: TestServer, date: string): Promise<void> {
  const today = await businessToday(server);
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days < 0) throw new Error(`cannot go back from ${today} to ${date}`);
  if (days > 0) await advanceDays(server, days);
}

/**
 * A Full-lifecycle placement that started 6 days ago, accepted by both sides, with what fell due run: its day-7
 * forms are open today (the employer's and the candidate's), its day-3 coaching task is overdue. Returns the ids
 * the walks aim at, and a live candidate link issued by the poster.
 */
export async function placementWithOpenForms(server: TestServer, poster: string, consultant: string): Promise<{ placementId: string; employerFormId: string; candidateFormId: string; taskId: string; token: string }> {
  const p = await activePlacement(server, { poster, consultant, plan: 'full_lifecycle', daysAhead: -6 });
  await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
  const posterUser = await userOf(server, poster);
  const forms = (await posterUser.get<{ items: { id: string; respondent: string; status: string }[] }>(`/api/v1/placements/${p.placementId}/checkins`)).body.items.filter((f) => f.status === 'open');
  const employerFormId = forms.find((f) => f.respondent === 'employer')?.id;
  const candidateFormId = forms.find((f) => f.respondent === 'candidate')?.id;
  if (!employerFormId || !candidateFormId) throw new Error(`no open day-7 forms: ${JSON.stringify(forms)}`);
  const tasks = (await posterUser.get<{ items: { id: string }[] }>(`/api/v1/placements/${p.placementId}/tasks`)).body.items;
  const link = await posterUser.post<{ token: string }>(`/api/v1/checkins/${candidateFormId}/candidate-link`);
  if (link.status !== 200) throw new Error(`issuing a link: ${link.status} ${JSON.stringify(link.body)}`);
  return { placementId: p.placementId, employerFormId, candidateFormId, taskId: tasks[0]!.id, token: link.body.token };
}
