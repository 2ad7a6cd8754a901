import { z } from 'zod';
import type { AppDeps } from '../platform/deps.ts';
import { registerSignedCallback, signCallback } from '../platform/http/signed-callback.ts';
import type { App } from '../platform/http/types.ts';
import { newId } from '../platform/ids.ts';
import type { CheckItemCode, CheckOutcome } from './background-check.rules.ts';
import { callbackSecret, DEMO_PROVIDER_PATH, demoSecret, SIGNATURE_HEADER, type ProviderOrder } from './provider.ts';

/**
 * The demo background-check provider: a stand-in that runs in this process, only when no provider is configured,
 * behind the same HTTP interface a real one offers (docs/integrations.md). It takes a signed order, answers with a
 * reference, and `TENURE_DEMO_PROVIDER_DELAY_MS` later POSTs the signed result to the order's callback URL. The
 * result follows the candidate's e-mail address, so a demo (or a test) can ask for each outcome: `+discrepancy`
 * in it gives discrepancies, `+fail` a failed check, anything else a clear one.
 */

export type DemoResult = { outcome: CheckOutcome; items: { code: CheckItemCode; note: string }[] };

export function demoResultFor(order: Pick<ProviderOrder, 'candidate'>): DemoResult {
  const email = order.candidate.email ?? '';
  if (email.includes('+fail')) return { outcome: 'failed', items: [] };
  if (email.includes('+discrepancy')) return { outcome: 'discrepancies', items: [{ code: 'employment_history', note: 'Dates of the last employment differ by 4 months from the résumé' }] };
  return { outcome: 'clear', items: [] };
}

/** The callback body the demo provider sends for an order (also what the demo world's seed delivers). */
export function demoCallbackBody(order: Pick<ProviderOrder, 'checkId' | 'candidate'>, reference: string): string {
  return JSON.stringify({ eventId: `demo-${order.checkId}`, checkId: order.checkId, reference, ...demoResultFor(order) });
}

const OrderBody = z.object({
  checkId: z.string().min(1).max(64),
  stage: z.enum(['offer', 'reverification']),
  callbackUrl: z.string().url().max(500),
  candidate: z.object({ name: z.string().max(200), phone: z.string().max(40).nullable(), email: z.string().max(254).nullable() }),
});

export function registerDemoProvider(app: App, deps: AppDeps): void {
  const timers = new Set<NodeJS.Timeout>();
  app.addHook('onClose', async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  });
  registerSignedCallback(app, {
    path: DEMO_PROVIDER_PATH,
    header: SIGNATURE_HEADER,
    secret: () => demoSecret(deps),
    nowSeconds: () => Math.floor(deps.wallClock.now().getTime() / 1000),
    hide: true,
    tags: ['demo'],
    summary: 'The demo background-check provider takes an order (in-process stand-in; not part of the API)',
    bodyDescription: 'JSON: { checkId, stage, callbackUrl, candidate }',
    body: OrderBody,
    response: z.object({ reference: z.string() }),
    handle: async (order) => {
      const reference = `DEMO-${newId().slice(0, 8).toUpperCase()}`;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const body = demoCallbackBody(order, reference);
        const signature = signCallback(callbackSecret(deps), Math.floor(deps.wallClock.now().getTime() / 1000), body);
        fetch(order.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body, signal: AbortSignal.timeout(10_000) }).then(
          async (res) => {
            if (!res.ok) app.log.warn(`demo provider: the callback for ${order.checkId} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
          },
          (err: unknown) => app.log.warn(`demo provider: the callback for ${order.checkId} failed: ${String(err)}`),
        );
      }, deps.config.backgroundChecks.demoDelayMs);
      timers.add(timer);
      return { reference };
    },
  });
}
