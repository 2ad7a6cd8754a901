import type { AppDeps } from '../platform/deps.ts';
import type { App } from '../platform/http/types.ts';

export function registerClaimRoutes(_app: App, _deps: AppDeps): void {}
