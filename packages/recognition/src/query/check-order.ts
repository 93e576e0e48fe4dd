import type { ModuleContext } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { recognizableForRecords } from '../core/recognizable.ts';
import { fieldError } from '../routes/check-body.ts';
import { translateItems } from '../upload/codes.ts';
import { EXAM_CATALOGUE, EXAM_ITEM_KIND, LAB_CATALOGUE, LAB_ITEM_KIND } from '../urls.ts';
import { withValues } from './results.ts';
import type { OrderItem, Duplicate, OrderCheck } from '../contracts/query.ts';

export type { OrderItem, Duplicate, OrderCheck } from '../contracts/query.ts';

/**
 * The regional codes of an order's items: catalogue codes are taken as they are (400 naming `items[i].code` when
 * not in the catalogue); local codes go through the institution's mapping (422 listing every unmapped one).
 */
export async function regionalCodes(ctx: ModuleContext, institution: string, items: OrderItem[]): Promise<{ code: string; name: string }[]> {
  const out: ({ code: string; name: string } | undefined)[] = items.map((item, i) => {
    if (item.code === undefined) return undefined;
    const known = CATALOGUE.get(item.code);
    if (!known) throw fieldError(400, `items[${i}].code`, `项目 ${item.code} 不在区域互认项目目录中`, `Item ${item.code} is not in the regional recognition catalogue`, 'code-invalid');
    return { code: known.code, name: known.name };
  });
  for (const kind of ['lab', 'exam'] as const) {
    const locals = items.flatMap((item, i) => (item.code === undefined && item.localCode !== undefined && (item.kind ?? 'lab') === kind ? [{ field: `items[${i}].localCode`, code: item.localCode, name: item.name ?? item.localCode, i }] : []));
    if (!locals.length) continue;
    const { items: mapped } = await translateItems(ctx, institution, kind === 'lab' ? LAB_ITEM_KIND : EXAM_ITEM_KIND, kind === 'lab' ? LAB_CATALOGUE : EXAM_CATALOGUE, locals);
    for (const l of locals) out[l.i] = { code: mapped.get(l.code)!.code, name: mapped.get(l.code)!.name };
  }
  return out.map((o, i) => {
    if (!o) throw fieldError(400, `items[${i}].code`, '每个项目需要 code（区域代码）或 localCode（院内代码）', 'Each item needs code (regional) or localCode (local)', 'required');
    return o;
  });
}

/** 处方保存互认逻辑校验: which items of the order repeat a result that is recognisable now (for the person's source records). */
export async function checkOrder(ctx: ModuleContext, sources: string[], items: { code: string; name: string }[], at: Date): Promise<OrderCheck> {
  const offered = await withValues(ctx, await recognizableForRecords(ctx, sources, [...new Set(items.map((i) => i.code))], at));
  const duplicates: Duplicate[] = [];
  const clear: OrderCheck['clear'] = [];
  items.forEach((item, index) => {
    const results = offered.filter((r) => r.itemCode === item.code);
    if (results.length) duplicates.push({ index, itemCode: item.code, itemName: item.name, result: results[0], results, decisionRequired: true });
    else clear.push({ index, itemCode: item.code, itemName: item.name });
  });
  return { decisionRequired: duplicates.length > 0, duplicates, clear };
}
