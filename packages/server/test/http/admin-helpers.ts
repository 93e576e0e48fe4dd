import type { TestPlatform } from '../platform.ts';
import { json } from './helpers.ts';

/** The caller's user id, as the server sees it. */
export async function userIdOf(t: TestPlatform, token: string): Promise<string> {
  return (await json<{ id: string }>(await t.request('GET', '/auth/me', { token }))).id;
}

/** Details (AuditEvent.outcomeDesc) of the audit entries recorded for an actor, oldest first, read from the audit table. */
export async function auditDetailsOf(t: TestPlatform, agentId: string): Promise<string[]> {
  const { rows } = await t.platform.kernel.db.query<{ detail: string | null }>(
    "select event->>'outcomeDesc' as detail from audit_log where agent_id = $1 and action = 'operation' order by seq",
    [agentId],
  );
  return rows.map((r) => r.detail ?? '');
}
