import { FhirError, notFound, type Db, type Queryable } from '@medunion/kernel';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { CATALOGUE, type ItemKind } from '../catalogue/index.ts';

export interface ItemPrice {
  code: string;
  name: string;
  kind: ItemKind;
  /** 元; null when neither the year nor the defaults price the item. */
  price: number | null;
  /** Where the price comes from: the year's own list, or the shipped illustrative defaults. */
  source: 'year' | 'default' | null;
}

/** `price: null` removes the year's own price (the default applies again). */
export interface PriceInput {
  code: string;
  price: number | null;
}

export const MAX_PRICE = 1_000_000;

async function requireYear(db: Queryable, year: number): Promise<void> {
  if (!(await db.query('select 1 from recognition_year where year = $1', [year])).rows.length) throw notFound(`Recognition year ${year} does not exist`);
}

/** The year's items with their effective price (the year's own, else the default). */
export async function listPrices(db: Queryable, year: number): Promise<ItemPrice[]> {
  await requireYear(db, year);
  const { rows } = await db.query<{ code: string; name: string; kind: ItemKind; own: string | null; fallback: string | null }>(
    `select i.code, i.name, i.kind, p.price as own, d.price as fallback
     from recognition_item i
     left join recognition_item_price p on p.year = i.year and p.item_code = i.code
     left join recognition_price_default d on d.item_code = i.code
     where i.year = $1
     order by i.kind desc, i.code`,
    [year],
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    price: r.own !== null ? Number(r.own) : r.fallback !== null ? Number(r.fallback) : null,
    source: r.own !== null ? 'year' : r.fallback !== null ? 'default' : null,
  }));
}

/** What the schema cannot say: catalogue codes, sane amounts in fen, no code twice. Every problem named at once. */
function checkPrices(inputs: PriceInput[]): void {
  const seen = new Set<string>();
  const issues: OperationOutcomeIssue[] = [];
  const problem = (path: string, zh: string, en: string) => issues.push({ severity: 'error', code: 'value', details: { text: `${zh} / ${en}` }, expression: [path] });
  inputs.forEach((input, i) => {
    if (!CATALOGUE.has(input.code)) problem(`prices[${i}].code`, `项目 ${input.code} 不在区域互认项目目录中`, `${input.code} is not in the regional recognition catalogue`);
    else if (seen.has(input.code)) problem(`prices[${i}].code`, `项目 ${input.code} 重复`, `${input.code} is listed twice`);
    seen.add(input.code);
    if (input.price === null) return;
    // Range and precision are checked here rather than in the schema, so they are reported together with unknown codes.
    if (input.price < 0 || input.price > MAX_PRICE) problem(`prices[${i}].price`, `价格应在 0 至 ${MAX_PRICE} 元之间`, `price must be from 0 to ${MAX_PRICE}`);
    else if (Math.round(input.price * 100) !== input.price * 100) problem(`prices[${i}].price`, '价格最多两位小数（分）', 'price takes at most two decimals (fen)');
  });
  if (issues.length) throw new FhirError(400, issues);
}

/** Sets (or, with `price: null`, removes) a year's prices, all or nothing; returns the year's list. */
export async function savePrices(db: Db, year: number, inputs: PriceInput[], actor: string): Promise<ItemPrice[]> {
  checkPrices(inputs);
  return db.transaction(async (tx) => {
    await requireYear(tx, year);
    for (const input of inputs) {
      if (input.price === null) {
        await tx.query('delete from recognition_item_price where year = $1 and item_code = $2', [year, input.code]);
      } else {
        await tx.query(
          `insert into recognition_item_price (year, item_code, price, updated_by) values ($1, $2, $3, $4)
           on conflict (year, item_code) do update set price = excluded.price, updated_by = excluded.updated_by, updated_at = now()`,
          [year, input.code, input.price, actor],
        );
      }
    }
    return listPrices(tx, year);
  });
}
