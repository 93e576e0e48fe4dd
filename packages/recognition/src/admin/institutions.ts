import type { Organization } from '@medplum/fhirtypes';
import { notFound, pinyinKeys, type ModuleContext, type Queryable } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { ORG_CODE_SYSTEM } from '../urls.ts';
import type { RecognitionInstitution, InstitutionInput } from '../contracts/admin.ts';

export type { RecognitionInstitution, InstitutionInput } from '../contracts/admin.ts';

/** 医院级别 (hospital grade): 三级, 二级, 一级, and 未定级 for clinics without one. */
export const LEVELS = ['三级甲等', '三级乙等', '三级', '二级甲等', '二级乙等', '二级', '一级', '未定级'] as const;

interface Row {
  organization_id: string;
  code: string;
  name: string;
  short_name: string | null;
  level: string;
  contact: string | null;
  phone: string | null;
  enabled: boolean;
  updated_at: Date | string;
}

const toInstitution = (r: Row): RecognitionInstitution => ({
  organizationId: r.organization_id,
  code: r.code,
  name: r.name,
  ...(r.short_name ? { shortName: r.short_name } : {}),
  level: r.level,
  ...(r.contact ? { contact: r.contact } : {}),
  ...(r.phone ? { phone: r.phone } : {}),
  enabled: r.enabled,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Name, short name and code, with the pinyin initials and full pinyin of both names, lower-case: one LIKE finds them all. */
const searchKeys = (i: { code: string; name: string; shortName?: string }): string =>
  [i.code, i.name, i.shortName ?? '', ...pinyinKeys(i.name), ...(i.shortName ? pinyinKeys(i.shortName) : [])].join(' ').toLowerCase();

/**
 * Registers or edits a participating institution. The Organization stays the truth for the institution itself
 * (it must exist and not be a department); name and code default to the Organization's.
 */
export async function saveInstitution(ctx: ModuleContext, input: InstitutionInput, actor: string): Promise<RecognitionInstitution> {
  const org = (await ctx.store.read(ctx.systemContext, 'Organization', input.organization).catch(() => undefined)) as Organization | undefined;
  if (!org) throw fieldError(404, 'organization', `机构 ${input.organization} 不存在`, `Organization ${input.organization} does not exist`, 'not-found');
  if (org.partOf && org.type?.some((t) => t.coding?.some((c) => c.code === 'dept'))) {
    throw fieldError(400, 'organization', '科室不能作为互认机构', 'A department cannot take part in recognition');
  }
  const code = input.code ?? org.identifier?.find((i) => i.system === ORG_CODE_SYSTEM)?.value;
  if (!code) throw fieldError(400, 'code', '机构代码为空，且该机构没有机构代码标识', 'code is required: the Organization has no institution code identifier');
  const name = input.name ?? org.name;
  if (!name) throw fieldError(400, 'name', '机构名称为空', 'name is required');
  const taken = await ctx.db.query<{ organization_id: string }>('select organization_id from recognition_institution where code = $1 and organization_id <> $2', [code, input.organization]);
  if (taken.rows.length) throw fieldError(409, 'code', `机构代码 ${code} 已被 ${taken.rows[0].organization_id} 使用`, `Code ${code} is already used by ${taken.rows[0].organization_id}`, 'duplicate');
  const { rows } = await ctx.db.query<Row>(
    `insert into recognition_institution (organization_id, code, name, short_name, level, contact, phone, enabled, search_keys, updated_by, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
     on conflict (organization_id) do update set code = excluded.code, name = excluded.name, short_name = excluded.short_name, level = excluded.level,
       contact = excluded.contact, phone = excluded.phone, enabled = excluded.enabled, search_keys = excluded.search_keys, updated_by = excluded.updated_by, updated_at = now()
     returning *`,
    [input.organization, code, name, input.shortName ?? null, input.level, input.contact ?? null, input.phone ?? null, input.enabled ?? true, searchKeys({ code, name, shortName: input.shortName }), actor],
  );
  return toInstitution(rows[0]);
}

/** Search by name, short name, code or pinyin (initials or full, as a substring). */
export async function listInstitutions(db: Queryable, query: { q?: string; enabled?: boolean }): Promise<RecognitionInstitution[]> {
  const { rows } = await db.query<Row>(
    `select * from recognition_institution
     where ($1::text is null or search_keys like '%' || $1 || '%') and ($2::boolean is null or enabled = $2)
     order by code`,
    [query.q ? query.q.toLowerCase().replace(/[%_\\]/g, '') : null, query.enabled ?? null],
  );
  return rows.map(toInstitution);
}

export async function getInstitution(db: Queryable, organizationId: string): Promise<RecognitionInstitution | undefined> {
  const { rows } = await db.query<Row>('select * from recognition_institution where organization_id = $1', [organizationId]);
  return rows[0] ? toInstitution(rows[0]) : undefined;
}

export async function requireInstitution(db: Queryable, organizationId: string): Promise<RecognitionInstitution> {
  const found = await getInstitution(db, organizationId);
  if (!found) throw notFound(`Institution ${organizationId} does not take part in recognition`);
  return found;
}
