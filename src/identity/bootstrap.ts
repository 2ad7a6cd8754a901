import { randomUUID } from 'node:crypto';
import { hashPassword } from '../platform/auth/passwords.ts';
import { recordSystem } from '../platform/audit/record.ts';
import { inTransaction } from '../platform/db/database.ts';
import type { AppDeps } from '../platform/deps.ts';
import { normalizeEmail } from './session.rules.ts';
import * as store from './store.ts';

/** Creates the platform org and its first operator on an empty database; does nothing otherwise. */
export async function bootstrapPlatform(deps: AppDeps, ops: { email: string; name: string; password: string }): Promise<{ orgId: string; userId: string } | null> {
  const existing = await deps.db.selectFrom('orgs').select('id').where('kind', '=', 'platform').executeTakeFirst();
  if (existing) return null;
  const passwordHash = await hashPassword(ops.password);
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const org: store.Org = { id: randomUUID(), name: '稳聘平台 Tenure Platform', kind: 'platform', timeZone: 'Asia/Shanghai', createdAt: now.toISOString() };
    await store.insertOrg(tx, org);
    const userId = randomUUID();
    await store.insertUser(tx, { id: userId, orgId: org.id, email: normalizeEmail(ops.email), name: ops.name, role: 'platform_ops', disabled: false, locale: 'zh-CN', createdAt: now.toISOString(), passwordHash });
    await recordSystem(tx, now, { type: 'platform.bootstrapped', subjectType: 'org', subjectId: org.id, orgId: org.id, payload: { opsUserId: userId } });
    return { orgId: org.id, userId };
  });
}
