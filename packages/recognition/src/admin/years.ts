import { FhirError, notFound, type Db, type Queryable } from '@medunion/kernel';
import { CATALOGUE, type ItemKind } from '../catalogue/index.ts';
import { fieldError } from '../routes/check-body.ts';
import type { RecognitionYear, YearItem, YearItemInput } from '../contracts/admin.ts';

export type { RecognitionYear, YearItem, YearItemInput } from '../contracts/admin.ts';

interface ItemRow {
  code: string;
  kind: ItemKind;
  name: string;
  validity_days: number;
  specimen: string | null;
  body_part: string | null;
  method_constraint: string | null;
  active: boolean;
}

const toItem = (r: ItemRow): YearItem => ({
  code: r.code,
  kind: r.kind,
  name: r.name,
  validityDays: r.validity_days,
  ...(r.specimen ? { specimen: r.specimen } : {}),
  ...(r.body_part ? { bodyPart: r.body_part } : {}),
  ...(r.method_constraint ? { methodConstraint: r.method_constraint } : {}),
  active: r.active,
});

export async function listYears(db: Queryable): Promise<RecognitionYear[]> {
  const { rows } = await db.query<{ year: number; name: string; created_at: Date | string; n: number | string }>(
    `select y.year, y.name, y.created_at, (select count(*) from recognition_item i where i.year = y.year and i.active) as n
     from recognition_year y order by y.year desc`,
  );
  return rows.map((r) => ({ year: r.year, name: r.name, itemCount: Number(r.n), createdAt: new Date(r.created_at).toISOString() }));
}

/**
 * Creates a recognition year (互认年度); with `copyFrom`, the items of that year come along (复制上一年度互认项目),
 * in the same transaction. Qualifications are not copied: they are granted per year.
 */
export async function createYear(db: Db, input: { year: number; name?: string; copyFrom?: number }, actor: string): Promise<RecognitionYear> {
  return db.transaction(async (tx) => {
    if ((await tx.query('select 1 from recognition_year where year = $1', [input.year])).rows.length) {
      throw fieldError(409, 'year', `互认年度 ${input.year} 已存在`, `Recognition year ${input.year} exists`, 'duplicate');
    }
    if (input.copyFrom !== undefined && !(await tx.query('select 1 from recognition_year where year = $1', [input.copyFrom])).rows.length) {
      throw fieldError(404, 'copyFrom', `互认年度 ${input.copyFrom} 不存在`, `Recognition year ${input.copyFrom} does not exist`, 'not-found');
    }
    await tx.query('insert into recognition_year (year, name, created_by) values ($1, $2, $3)', [input.year, input.name ?? `${input.year}年度`, actor]);
    if (input.copyFrom !== undefined) {
      await tx.query(
        `insert into recognition_item (year, code, kind, name, validity_days, specimen, body_part, method_constraint, active)
         select $1, code, kind, name, validity_days, specimen, body_part, method_constraint, active from recognition_item where year = $2`,
        [input.year, input.copyFrom],
      );
    }
    return (await listYears(tx)).find((y) => y.year === input.year)!;
  });
}

async function requireYear(db: Queryable, year: number): Promise<void> {
  if (!(await db.query('select 1 from recognition_year where year = $1', [year])).rows.length) throw notFound(`Recognition year ${year} does not exist`);
}

export async function listItems(db: Queryable, year: number, kind?: ItemKind): Promise<YearItem[]> {
  await requireYear(db, year);
  const { rows } = await db.query<ItemRow>('select * from recognition_item where year = $1 and ($2::text is null or kind = $2) order by kind desc, code', [year, kind ?? null]);
  return rows.map(toItem);
}

/**
 * Sets a year's items (年度互认项目), all or nothing. Codes must be in the regional catalogue; name, validity
 * window, specimen and body part default to the catalogue's (a member analyte inherits its panel's).
 */
export async function saveItems(db: Db, year: number, inputs: YearItemInput[]): Promise<YearItem[]> {
  const issues = inputs.flatMap((input, i) =>
    CATALOGUE.has(input.code)
      ? []
      : [{ severity: 'error' as const, code: 'code-invalid' as const, details: { text: `项目 ${input.code} 不在区域互认项目目录中 / ${input.code} is not in the regional recognition catalogue` }, expression: [`items[${i}].code`] }],
  );
  if (issues.length) throw new FhirError(400, issues);
  return db.transaction(async (tx) => {
    await requireYear(tx, year);
    for (const input of inputs) {
      const item = CATALOGUE.get(input.code)!;
      const parent = item.parent ? CATALOGUE.get(item.parent) : undefined;
      await tx.query(
        `insert into recognition_item (year, code, kind, name, validity_days, specimen, body_part, method_constraint, active)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (year, code) do update set name = excluded.name, validity_days = excluded.validity_days, specimen = excluded.specimen,
           body_part = excluded.body_part, method_constraint = excluded.method_constraint, active = excluded.active, updated_at = now()`,
        [
          year,
          item.code,
          item.kind,
          input.name ?? item.name,
          input.validityDays ?? item.validityDays ?? parent?.validityDays ?? 30,
          input.specimen ?? item.specimen ?? parent?.specimen ?? null,
          input.bodyPart ?? item.bodyPart ?? null,
          input.methodConstraint ?? null,
          input.active ?? true,
        ],
      );
    }
    const { rows } = await tx.query<ItemRow>('select * from recognition_item where year = $1 and code = any($2::text[]) order by code', [year, inputs.map((i) => i.code)]);
    return rows.map(toItem);
  });
}
