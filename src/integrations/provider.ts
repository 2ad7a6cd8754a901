import { createHmac } from 'node:crypto';
import type { AppDeps } from '../platform/deps.ts';
import { signCallback } from '../platform/http/signed-callback.ts';
import type { CheckStage } from './background-check.rules.ts';

/**
 * Background-check providers (docs/integrations.md). One interface, one generic HTTP adapter: Tenure POSTs the
 * order as JSON, signed `Tenure-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` with the shared
 * secret, and expects a 2xx answer `{ "reference": "…" }`; the provider later POSTs the result to the callback URL
 * it was given, signed the same way. With no provider configured the demo provider (demo-provider.ts) answers on
 * this server's own address, through the very same adapter.
 */

export const SIGNATURE_HEADER = 'tenure-signature';
export const CALLBACK_PATH = '/api/v1/integrations/background-checks/callback';
export const DEMO_PROVIDER_PATH = '/demo-provider/background-checks';

export type ProviderOrder = {
  checkId: string;
  stage: CheckStage;
  callbackUrl: string;
  candidate: { name: string; phone: string | null; email: string | null };
};

export interface BackgroundCheckProvider {
  /** `http` (configured) or `demo`; stored on each check. */
  readonly name: string;
  order(order: ProviderOrder): Promise<{ reference: string }>;
}

/** The generic HTTP adapter. Throws with a short reason when the provider does not take the order. */
export function httpProvider(name: string, url: string, secret: string, nowSeconds: () => number): BackgroundCheckProvider {
  return {
    name,
    async order(order) {
      const body = JSON.stringify(order);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(secret, nowSeconds(), body) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new Error(`provider unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`provider answered ${res.status}`);
      let reference: unknown;
      try {
        reference = (JSON.parse(text) as { reference?: unknown }).reference;
      } catch {
        throw new Error('provider answered without JSON');
      }
      if (typeof reference !== 'string' || reference.length === 0 || reference.length > 200) throw new Error('provider answered without a reference');
      return { reference };
    },
  };
}

// The address this server listens on, per running app (set when it starts listening): the demo provider's and
// the callback's address when TENURE_PUBLIC_URL is not set.
const listeningOrigins = new WeakMap<AppDeps, string>();

export function setListeningOrigin(deps: AppDeps, origin: string): void {
  listeningOrigins.set(deps, origin);
}

function selfOrigin(deps: AppDeps): string | undefined {
  return listeningOrigins.get(deps) ?? deps.config.publicUrl;
}

/** The demo provider's shared secret: derived from the server's own secret, so it survives restarts and is never configured. */
export function demoSecret(deps: AppDeps): string {
  return createHmac('sha256', deps.keyedHashSecret).update('tenure demo background-check provider').digest('hex');
}

export function usesDemoProvider(deps: AppDeps): boolean {
  return deps.config.backgroundChecks.url === undefined;
}

/** The secret callbacks are checked with: the configured provider's, or the demo provider's. */
export function callbackSecret(deps: AppDeps): string {
  return deps.config.backgroundChecks.secret ?? demoSecret(deps);
}

export function providerName(deps: AppDeps): string {
  return usesDemoProvider(deps) ? 'demo' : 'http';
}

/** Where the provider sends the result: the public URL when set, else the address this server listens on. */
export function callbackUrl(deps: AppDeps): string | undefined {
  // The demo provider runs in this very process: it calls back where this server listens.
  const origin = usesDemoProvider(deps) ? selfOrigin(deps) : (deps.config.publicUrl ?? selfOrigin(deps));
  return origin && `${origin}${CALLBACK_PATH}`;
}

/** The provider in force, or undefined when the demo provider's own server is not listening yet (seeding, CLI). */
export function currentProvider(deps: AppDeps): BackgroundCheckProvider | undefined {
  const now = () => Math.floor(deps.wallClock.now().getTime() / 1000);
  const { url, secret } = deps.config.backgroundChecks;
  if (url !== undefined && secret !== undefined) return httpProvider('http', url, secret, now);
  const origin = listeningOrigins.get(deps);
  return origin ? httpProvider('demo', `${origin}${DEMO_PROVIDER_PATH}`, demoSecret(deps), now) : undefined;
}
