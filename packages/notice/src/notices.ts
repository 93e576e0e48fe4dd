import type { Communication } from '@medplum/fhirtypes';
import type { Db, ModuleContext, RequestContext } from '@medunion/kernel';
import { NOTICE_CATEGORY_SYSTEM } from './terminology.ts';

export const EXPIRY_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/notice-expires';

export interface NewNotice {
  subject: string;
  body?: string;
  category?: 'announcement' | 'notice' | 'alert';
  expiresAt?: string;
}

/** A notice is a FHIR Communication (category from our CodeSystem), written through the store. */
export async function publishNotice(ctx: ModuleContext, request: RequestContext, notice: NewNotice): Promise<Communication> {
  const expiresAt = notice.expiresAt ?? (await defaultExpiry(ctx, request.principal.institution));
  const communication: Communication = {
    resourceType: 'Communication',
    status: 'in-progress',
    category: [{ coding: [{ system: NOTICE_CATEGORY_SYSTEM, code: notice.category ?? 'notice' }] }],
    topic: { text: notice.subject },
    sent: new Date().toISOString(),
    payload: notice.body ? [{ contentString: notice.body }] : undefined,
    ...(expiresAt ? { extension: [{ url: EXPIRY_EXTENSION, valueDateTime: expiresAt }] } : {}),
  };
  const result = await ctx.store.create(request, communication);
  return result.resource as Communication;
}

/** Expiry from the parameter `notice.defaultExpiryDays` of the publishing institution; undefined when it is 0. */
async function defaultExpiry(ctx: ModuleContext, institution: string | undefined): Promise<string | undefined> {
  const days = (await ctx.parameters.resolve('notice.defaultExpiryDays', { institution })) as number;
  return days > 0 ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined;
}

/** Reaction to `Communication:create`: index notices into the module's inbox table (idempotent). */
export async function indexNotice(db: Db, c: Communication, institution: string | null | undefined): Promise<void> {
  const category = c.category?.[0]?.coding?.find((x) => x.system === NOTICE_CATEGORY_SYSTEM)?.code;
  if (!category) return; // not a notice
  const expires = c.extension?.find((e) => e.url === EXPIRY_EXTENSION)?.valueDateTime ?? null;
  await db.query(
    `insert into notice_inbox (notice_id, institution, category, subject, sent_at, expires_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (notice_id) do nothing`,
    [c.id, institution ?? null, category, c.topic?.text ?? '', c.sent ?? new Date().toISOString(), expires],
  );
}

/** Notices visible to an institution (its own and region-wide) that the user has not read. */
export async function unreadCount(db: Db, userId: string, institution: string | undefined): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>(
    `select count(*) as n from notice_inbox i
     where (i.institution is null or i.institution = $2 or $2::text is null)
       and (i.expires_at is null or i.expires_at > now())
       and not exists (select 1 from notice_read r where r.notice_id = i.notice_id and r.user_id = $1)`,
    [userId, institution ?? null],
  );
  return Number(rows[0].n);
}

/**
 * Marks a notice read. Visibility is the inbox's, as in unreadCount (region-wide notices have no owning
 * institution, so staff cannot FHIR-read them, yet they are counted): false when the user cannot see it.
 */
export async function markRead(db: Db, noticeId: string, userId: string, institution: string | undefined): Promise<boolean> {
  const { rows } = await db.query(
    'select 1 from notice_inbox i where i.notice_id = $1 and (i.institution is null or i.institution = $2 or $2::text is null)',
    [noticeId, institution ?? null],
  );
  if (rows.length === 0) return false;
  await db.query('insert into notice_read (notice_id, user_id) values ($1, $2) on conflict do nothing', [noticeId, userId]);
  return true;
}

/** Job: close notices whose expiry has passed (status completed), through the store so it is audited and versioned. */
export async function expireNotices(ctx: ModuleContext): Promise<number> {
  const { rows } = await ctx.db.query<{ notice_id: string }>('select notice_id from notice_inbox where expires_at <= now()');
  let closed = 0;
  for (const { notice_id } of rows) {
    const current = (await ctx.store.read(ctx.systemContext, 'Communication', notice_id).catch(() => undefined)) as Communication | undefined;
    if (!current || current.status === 'completed') continue;
    await ctx.store.update(ctx.systemContext, { ...current, status: 'completed' });
    closed++;
  }
  return closed;
}
