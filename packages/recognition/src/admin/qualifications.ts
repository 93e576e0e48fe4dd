import { FhirError, type Db, type Queryable } from '@medunion/kernel';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Qualification, QualificationInput } from '../contracts/admin.ts';

export type { Qualification, QualificationInput } from '../contracts/admin.ts';

interface Row {
  year: number;
  item_code: string;
  institution: string;
  allowed: boolean;
  valid_from: Date | string | null;
  valid_to: Date | string | null;
  updated_by: string | null;
  updated_at: Date | string;
}

const day = (v: Date | string | null): string | undefined => (v === null ? undefined : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

const toQualification = (r: Row): Qualification => ({
  year: r.year,
  item: r.item_code,
  institution: r.institution,
  allowed: r.allowed,
  ...(day(r.valid_from) ? { from: day(r.valid_from) } : {}),
  ...(day(r.valid_to) ? { to: day(r.valid_to) } : {}),
  ...(r.updated_by ? { updatedBy: r.updated_by } : {}),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listQualifications(db: Queryable, year: number, filter: { institution?: string; item?: string }): Promise<Qualification[]> {
  const { rows } = await db.query<Row>(
    `select year, item_code, institution, allowed, to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to, updated_by, updated_at
     from recognition_qualification where year = $1 and ($2::text is null or institution = $2) and ($3::text is null or item_code = $3)
     order by item_code, institution`,
    [year, filter.institution ?? null, filter.item ?? null],
  );
  return rows.map(toQualification);
}

/**
 * Grants or withholds recognition per item × institution for a year (互认资格授权), all or nothing: every entry
 * is checked against the year's items and the participating institutions before anything is written.
 */
export async function saveQualifications(db: Db, year: number, entries: QualificationInput[], actor: string): Promise<Qualification[]> {
  return db.transaction(async (tx) => {
    const items = new Set((await tx.query<{ code: string }>('select code from recognition_item where year = $1', [year])).rows.map((r) => r.code));
    const institutions = new Set((await tx.query<{ organization_id: string }>('select organization_id from recognition_institution')).rows.map((r) => r.organization_id));
    const issues: OperationOutcomeIssue[] = [];
    const problem = (field: string, zh: string, en: string) => issues.push({ severity: 'error', code: 'value', details: { text: `${zh} / ${en}` }, expression: [field] });
    entries.forEach((e, i) => {
      if (!items.has(e.item)) problem(`entries[${i}].item`, `${year} 年度没有互认项目 ${e.item}`, `Year ${year} has no recognition item ${e.item}`);
      if (!institutions.has(e.institution)) problem(`entries[${i}].institution`, `${e.institution} 不是互认机构`, `${e.institution} is not a participating institution`);
      if (e.from && e.to && e.from > e.to) problem(`entries[${i}].to`, '结束日期早于开始日期', 'to is before from');
    });
    if (issues.length) throw new FhirError(400, issues);
    for (const e of entries) {
      await tx.query(
        `insert into recognition_qualification (year, item_code, institution, allowed, valid_from, valid_to, updated_by, updated_at)
         values ($1, $2, $3, $4, $5::date, $6::date, $7, now())
         on conflict (year, item_code, institution) do update set allowed = excluded.allowed, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
           updated_by = excluded.updated_by, updated_at = now()`,
        [year, e.item, e.institution, e.allowed, e.from ?? null, e.to ?? null, actor],
      );
    }
    return (await listQualifications(tx, year, {})).filter((q) => entries.some((e) => e.item === q.item && e.institution === q.institution));
  });
}
