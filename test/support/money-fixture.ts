import { planTemplate } from '../../src/plans/plan-templates.ts';
import type { Terms } from '../../src/plans/terms.schema.ts';
import { runDueObligations } from '../../src/platform/scheduler/scheduler.ts';
import { ApiUser } from './api-client.ts';
import { hireThroughApi } from './placement-fixture.ts';
import type { TestServer } from './server.ts';

/**
 * Placements on chosen money terms, made as people make them: the poster's admin asks for a custom plan, platform
 * ops publish it with the terms, the poster posts an order on it, a consultant takes it, the hire is made and both
 * sides accept; then the scheduler runs what fell due (installments whose trigger date has come are issued).
 */
export async function customPlanVersion(server: TestServer, posterAdmin: string, terms: Partial<Terms>): Promise<string> {
  const admin = await ApiUser.signIn(server.url, posterAdmin);
  const ops = await ApiUser.signIn(server.url, 'ops@tenure.demo');
  const me = await admin.get<{ org: { id: string } }>('/api/v1/auth/me');
  const request = await admin.post<{ id: string }>(`/api/v1/orgs/${me.body.org.id}/custom-plan-requests`, { description: 'money terms' });
  const full = { ...planTemplate('custom').terms, ...terms };
  const published = await ops.post<{ version: { id: string } }>(`/api/v1/custom-plan-requests/${request.body.id}/publish`, {
    name: { zh: '资金测试方案', en: 'Money test plan' },
    terms: full as unknown as Record<string, unknown>,
  });
  if (published.status !== 201 && published.status !== 200) throw new Error(`publishing the plan failed: ${published.status} ${JSON.stringify(published.body).slice(0, 400)}`);
  return published.body.version.id;
}

export async function activePlacement(
  server: TestServer,
  input: { poster: string; consultant: string; planVersionId: string; startDate: string; annualSalary?: string; order?: Record<string, unknown> },
): Promise<string> {
  const hired = await hireThroughApi(server, { ...input });
  for (const email of [input.poster, input.consultant]) {
    const user = await ApiUser.signIn(server.url, email);
    const res = await user.post(`/api/v1/placements/${hired.placementId}/accept`, { agreementHash: hired.agreementHash });
    if (res.status !== 200) throw new Error(`accepting as ${email} failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  await runDueObligations({ db: server.deps.db, dialect: server.deps.dialect, now: () => server.deps.clock.now(), handlers: server.deps.obligationHandlers });
  return hired.placementId;
}
