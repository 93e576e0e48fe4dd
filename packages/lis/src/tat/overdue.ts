import { randomUUID } from 'node:crypto';
import type { ModuleContext, Queryable } from '@medunion/kernel';
import type { TatAlert, TatOverdueItem, TatOverdueKind } from '../contracts/qc.ts';
import { catalogueOf } from '../qc/catalogue.ts';
import { iso, isoOrNull } from '../qc/db.ts';
import { tatLimits } from './parameters.ts';
import { reportTargetMinutes, specimenTimes, type SpecimenTimes } from './timeline.ts';

/** Specimens still on their way (not reported, not rejected), first seen within this many days. */
const OPEN_DAYS = 7;

/** The specimens of a laboratory not yet reported or rejected. */
export function openSpecimens(q: Queryable, institution: string, now: Date): Promise<SpecimenTimes[]> {
  return specimenTimes(
    q,
    institution,
    `s.first_seen >= $2 and s.rejected_at is null and s.reviewed_at is null
     and not exists (select 1 from lis_stat_report d where d.specimen_id = s.id and d.final_at is not null)`,
    [new Date(now.getTime() - OPEN_DAYS * 86_400_000).toISOString()],
  );
}

/**
 * What is overdue now (超时未接收 / 超时未登记 / 超时未审核):
 * - not received: collected, not received `lis.tat.notReceivedMinutes` after collection;
 * - not registered: received, not yet in test nor resulted `lis.tat.notRegisteredMinutes` after receipt (登记上机);
 * - not reviewed: received, no report released within its TAT target after receipt (the strictest panel target, or
 *   the stat/routine default).
 * A specimen can be overdue on two counts at once (not registered and not reviewed); each is listed.
 */
export async function findOverdue(ctx: ModuleContext, institution: string, now = new Date()): Promise<TatOverdueItem[]> {
  const specimens = await openSpecimens(ctx.db, institution, now);
  if (!specimens.length) return [];
  const catalogue = await catalogueOf(ctx, institution);
  const limits = await tatLimits(ctx, institution);
  const items: TatOverdueItem[] = [];
  const add = (s: SpecimenTimes, kind: TatOverdueKind, since: string, minutes: number) => {
    const due = Date.parse(since) + minutes * 60_000;
    if (now.getTime() <= due) return;
    items.push({
      specimenId: s.id,
      barcode: s.barcode,
      kind,
      since,
      dueAt: new Date(due).toISOString(),
      overdueMinutes: Math.floor((now.getTime() - due) / 60_000),
      panels: s.panels.map((p) => catalogue.panels.get(p)?.name ?? p),
      department: s.departmentName ?? s.department,
      priority: s.stat ? 'stat' : 'routine',
      status: s.status,
    });
  };
  for (const s of specimens) {
    if (!s.receivedAt) {
      if (s.collectedAt) add(s, 'not-received', s.collectedAt, limits.notReceived);
      continue;
    }
    if (!s.registeredAt) add(s, 'not-registered', s.receivedAt, limits.notRegistered);
    add(s, 'not-reviewed', s.receivedAt, reportTargetMinutes(s, catalogue, limits));
  }
  return items.sort((a, b) => b.overdueMinutes - a.overdueMinutes);
}

/**
 * The TAT job: raises an alert for each newly overdue specimen × kind and resolves the alerts whose specimen has moved
 * on (or was reported or rejected), for every laboratory with specimens on their way. Idempotent; run every minute.
 */
export async function raiseOverdueAlerts(ctx: ModuleContext, now = new Date()): Promise<{ raised: number; resolved: number }> {
  const since = new Date(now.getTime() - OPEN_DAYS * 86_400_000).toISOString();
  const { rows } = await ctx.db.query<{ institution: string }>(
    `select distinct institution from lis_stat_specimen where first_seen >= $1 and reviewed_at is null and rejected_at is null
     union select distinct institution from lis_tat_alert where resolved_at is null`,
    [since],
  );
  let raised = 0;
  let resolved = 0;
  for (const { institution } of rows) {
    const overdue = await findOverdue(ctx, institution, now);
    await ctx.db.transaction(async (tx) => {
      for (const item of overdue) {
        const { rowCount } = await tx.query(
          `insert into lis_tat_alert (id, institution, specimen_id, kind, barcode, since, due_at, detail, raised_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (specimen_id, kind) do nothing`,
          [randomUUID(), institution, item.specimenId, item.kind, item.barcode, item.since, item.dueAt, JSON.stringify({ panels: item.panels, department: item.department, priority: item.priority }), now.toISOString()],
        );
        raised += rowCount;
      }
      const current = overdue.map((i) => `${i.specimenId}|${i.kind}`);
      const { rowCount } = await tx.query(
        `update lis_tat_alert set resolved_at = $2 where institution = $1 and resolved_at is null and not ((specimen_id || '|' || kind) = any($3::text[]))`,
        [institution, now.toISOString(), current],
      );
      resolved += rowCount;
    });
  }
  return { raised, resolved };
}

/** Alerts raised by the job, newest first: open ones by default. */
export async function listAlerts(q: Queryable, institution: string, filter: { state?: 'open' | 'resolved' | 'all'; kind?: TatOverdueKind; limit?: number }): Promise<TatAlert[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `select a.*, s.status from lis_tat_alert a left join lis_stat_specimen s on s.id = a.specimen_id
      where a.institution = $1 and ($2::text is null or a.kind = $2)
        and ($3 = 'all' or ($3 = 'open' and a.resolved_at is null) or ($3 = 'resolved' and a.resolved_at is not null))
      order by a.raised_at desc, a.due_at limit $4`,
    [institution, filter.kind ?? null, filter.state ?? 'open', filter.limit ?? 500],
  );
  const now = Date.now();
  return rows.map((r) => {
    const detail = r.detail as { panels: string[]; department: string | null; priority: string | null };
    const end = r.resolved_at ? Date.parse(iso(r.resolved_at)) : now;
    return {
      id: String(r.id),
      specimenId: String(r.specimen_id),
      barcode: (r.barcode as string | null) ?? null,
      kind: r.kind as TatOverdueKind,
      since: iso(r.since),
      dueAt: iso(r.due_at),
      overdueMinutes: Math.max(0, Math.floor((end - Date.parse(iso(r.due_at))) / 60_000)),
      panels: detail.panels ?? [],
      department: detail.department ?? null,
      priority: detail.priority ?? null,
      status: String(r.status ?? ''),
      raisedAt: iso(r.raised_at),
      resolvedAt: isoOrNull(r.resolved_at),
    };
  });
}
