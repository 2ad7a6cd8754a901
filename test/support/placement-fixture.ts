import { randomInt } from 'node:crypto';
import { ApiUser } from './api-client.ts';
import { orderBody, planVersionIdOf, postOrder, takeOrder } from './marketplace-fixture.ts';
import type { TestServer } from './server.ts';

/**
 * A placement for tests, made through the real hire flow over HTTP as people make one: the poster posts and
 * opens an order on a built-in plan, the consultant reads its terms and takes it by their hash, submits a
 * candidate, and the poster moves the submission to offered and then to hired with the start date and salary.
 * Hiring creates the placement (submissions → placements.createPlacementForHire) in that same transaction.
 */
export type HiredPlacement = { placementId: string; termsHash: string; agreementHash: string; orderId: string; submissionId: string };

export type HireInput = {
  /** Who posts the order and hires, e.g. admin@huaxin.demo (or an agency admin posting for a client). */
  poster: string;
  /** The delivering consultant, e.g. c1@talentbridge.demo. */
  consultant: string;
  /** Built-in plan key: match_only, standard, full_lifecycle, manufacturing_skill. */
  plan?: string;
  /** A plan version to use instead of a built-in plan (e.g. a custom plan published for the poster). */
  planVersionId?: string;
  startDate?: string;
  annualSalary?: string;
  candidateName?: string;
  /** The candidate's background as the consultant records it (education, employers before, commute, years). */
  background?: Record<string, unknown>;
  /** Overrides of the order (reward, currency, salary range, clientName, …). */
  order?: Record<string, unknown>;
};

const signedIn = new Map<string, ApiUser>();

async function userOf(server: TestServer, email: string): Promise<ApiUser> {
  const key = `${server.url} ${email}`;
  let user = signedIn.get(key);
  if (!user) {
    user = await ApiUser.signIn(server.url, email);
    signedIn.set(key, user);
  }
  return user;
}

async function orgIdOf(user: ApiUser): Promise<string> {
  const me = await user.get<{ org: { id: string } }>('/api/v1/auth/me');
  return me.body.org.id;
}

function expectStatus(what: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
}

export async function hireThroughApi(server: TestServer, input: HireInput): Promise<HiredPlacement> {
  const poster = await userOf(server, input.poster);
  const consultant = await userOf(server, input.consultant);
  const planVersionId = input.planVersionId ?? (await planVersionIdOf(poster, input.plan ?? 'standard'));
  const order = await postOrder(poster, await orgIdOf(poster), orderBody(planVersionId, input.order ?? {}), { open: true });
  const taken = await takeOrder(consultant, order.id);
  expectStatus('taking the order', taken, 201);

  // A phone number of its own, so ownership protection never links two tests' candidates.
  const phone = `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const submitted = await consultant.post<{ submission: { id: string } }>(`/api/v1/orders/${order.id}/submissions`, {
    candidateName: input.candidateName ?? '李明',
    phone,
    email: `candidate-${phone}@example.com`,
    currentEmployer: '某科技公司',
    currentTitle: '工程师',
    yearsExperience: 6,
    notes: '',
    ...input.background,
  });
  expectStatus('submitting the candidate', submitted, 201);
  const submissionId = submitted.body.submission.id;
  expectStatus('moving to offered', await poster.post(`/api/v1/submissions/${submissionId}/stage`, { to: 'offered' }), 200);
  const hired = await poster.post<{ placementId: string | null }>(`/api/v1/submissions/${submissionId}/stage`, {
    to: 'hired',
    // Salaries here are chosen for the fee they give, not for the order's range: the poster confirms them.
    hire: { startDate: input.startDate ?? '2026-01-31', annualSalary: input.annualSalary ?? '300000.00', confirmOutsideRange: true },
  });
  expectStatus('hiring', hired, 200);
  const placementId = hired.body.placementId;
  if (!placementId) throw new Error(`hiring made no placement: ${JSON.stringify(hired.body).slice(0, 400)}`);
  const detail = await poster.get<{ termsHash: string; agreementHash: string }>(`/api/v1/placements/${placementId}`);
  expectStatus('reading the placement', detail, 200);
  return { placementId, termsHash: detail.body.termsHash, agreementHash: detail.body.agreementHash, orderId: order.id, submissionId };
}
