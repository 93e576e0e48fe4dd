import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type Queryable } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { checkBody, fieldError, type Schema } from '../routes/check-body.ts';
import { REFERENCE_INTERVALS } from './reference-intervals.ts';

/** How one item's patient results are monitored (the same for every institution and instrument). */
export interface QcSettings {
  enabled: boolean;
  /** Expected mean of the patient stream and its SD: the centre line and the spread the limits are built from. */
  targetMean: number;
  sd: number;
  /** Results outside these are left out of the statistics (they describe the patient, not the method). */
  truncationLow: number;
  truncationHigh: number;
  /** Moving average over the last `blockSize` included results. */
  blockSize: number;
  /** EWMA weight of the newest result (0 < λ ≤ 1). */
  lambda: number;
  maLow: number;
  maHigh: number;
  ewmaLow: number;
  ewmaHigh: number;
}

export type QcOverride = Partial<QcSettings>;

export interface ItemQcSettings {
  item: string;
  name: string;
  /** `reference-interval`: defaults only; `override`: some values set by an administrator; `none`: nothing to derive from. */
  source: 'reference-interval' | 'override' | 'none';
  referenceInterval?: readonly [number, number];
  override: QcOverride;
  settings?: QcSettings;
}

export const DEFAULT_BLOCK_SIZE = 20;
export const DEFAULT_LAMBDA = 0.1;
/** Control limits at ±3 standard errors of the statistic. */
const K = 3;

const round = (v: number): number => Number(v.toPrecision(6));

/**
 * The effective settings: anything the override leaves out is derived. From a reference interval [L, H]: target
 * (L+H)/2, SD (H−L)/4 (a 95 % interval spans ±2 SD), truncation at half an interval width beyond either end;
 * MA limits target ± 3·SD/√N, EWMA limits target ± 3·SD·√(λ/(2−λ)) (the EWMA's asymptotic SD).
 */
export function effectiveSettings(override: QcOverride, interval: readonly [number, number] | undefined): QcSettings | undefined {
  const [low, high] = interval ?? [undefined, undefined];
  const targetMean = override.targetMean ?? (low !== undefined && high !== undefined ? (low + high) / 2 : undefined);
  const sd = override.sd ?? (low !== undefined && high !== undefined ? (high - low) / 4 : undefined);
  if (targetMean === undefined || sd === undefined) return undefined;
  const width = low !== undefined && high !== undefined ? high - low : 4 * sd;
  const blockSize = override.blockSize ?? DEFAULT_BLOCK_SIZE;
  const lambda = override.lambda ?? DEFAULT_LAMBDA;
  const maHalf = (K * sd) / Math.sqrt(blockSize);
  const ewmaHalf = K * sd * Math.sqrt(lambda / (2 - lambda));
  return {
    enabled: override.enabled ?? true,
    targetMean: round(targetMean),
    sd: round(sd),
    truncationLow: round(override.truncationLow ?? (low ?? targetMean - 2 * sd) - width / 2),
    truncationHigh: round(override.truncationHigh ?? (high ?? targetMean + 2 * sd) + width / 2),
    blockSize,
    lambda,
    maLow: round(override.maLow ?? targetMean - maHalf),
    maHigh: round(override.maHigh ?? targetMean + maHalf),
    ewmaLow: round(override.ewmaLow ?? targetMean - ewmaHalf),
    ewmaHigh: round(override.ewmaHigh ?? targetMean + ewmaHalf),
  };
}

export const settingsSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', description: '是否开展 PBRTQC' },
    targetMean: { type: 'number', description: '目标均值（患者数据均值）' },
    sd: { type: 'number', description: '患者数据标准差' },
    truncationLow: { type: 'number', description: '截断下限：低于此值的结果不参与统计' },
    truncationHigh: { type: 'number', description: '截断上限' },
    blockSize: { type: 'integer', minimum: 2, description: '移动均值块大小 N' },
    lambda: { type: 'number', description: 'EWMA 权重 λ（0 < λ ≤ 1）' },
    maLow: { type: 'number', description: '移动均值控制下限' },
    maHigh: { type: 'number', description: '移动均值控制上限' },
    ewmaLow: { type: 'number', description: 'EWMA 控制下限' },
    ewmaHigh: { type: 'number', description: 'EWMA 控制上限' },
  },
  examples: [{ targetMean: 140, sd: 8, blockSize: 20, lambda: 0.1 }],
};

const problem = (field: string, zh: string, en: string): OperationOutcomeIssue => ({ severity: 'error', code: 'value', details: { text: `${zh} / ${en}` }, expression: [field] });

/** Every problem of an override at once (types, ranges, and limits that do not enclose the target), each naming its field. */
export function checkOverride(body: unknown, interval: readonly [number, number] | undefined): QcOverride {
  if (body === undefined || body === null) throw fieldError(400, '$', '缺少请求体', 'The request body is missing');
  const issues = checkBody(body, settingsSchema);
  if (issues.length) throw new FhirError(400, issues);
  const o = body as QcOverride;
  if (o.sd !== undefined && o.sd <= 0) issues.push(problem('sd', 'sd 必须大于 0', 'sd must be greater than 0'));
  if (o.lambda !== undefined && !(o.lambda > 0 && o.lambda <= 1)) issues.push(problem('lambda', 'lambda 应在 (0, 1] 之内', 'lambda must be in (0, 1]'));
  if (o.blockSize !== undefined && o.blockSize > 500) issues.push(problem('blockSize', 'blockSize 不能大于 500', 'blockSize must be at most 500'));
  if (issues.length) throw new FhirError(400, issues);
  const s = effectiveSettings(o, interval);
  if (!s) throw new FhirError(400, [problem('targetMean', '该项目没有参考区间，须同时给出 targetMean 和 sd', 'The item has no reference interval: give targetMean and sd'), problem('sd', '缺少 sd', 'sd is required')]);
  const pairs: [keyof QcSettings, keyof QcSettings][] = [
    ['truncationLow', 'truncationHigh'],
    ['maLow', 'maHigh'],
    ['ewmaLow', 'ewmaHigh'],
  ];
  for (const [lo, hi] of pairs) {
    if (!((s[lo] as number) < s.targetMean && s.targetMean < (s[hi] as number))) {
      const field = o[lo] !== undefined ? lo : o[hi] !== undefined ? hi : o.targetMean !== undefined ? 'targetMean' : lo;
      issues.push(problem(field, `${lo}（${s[lo]}）与 ${hi}（${s[hi]}）必须位于目标均值 ${s.targetMean} 两侧`, `${lo} (${s[lo]}) and ${hi} (${s[hi]}) must lie either side of the target mean ${s.targetMean}`));
    }
  }
  if (issues.length) throw new FhirError(400, issues);
  return o;
}

/** A numeric lab analyte of the catalogue (panels and exams have no value to average). */
export function qcItem(code: string): { code: string; name: string } {
  const item = CATALOGUE.get(code);
  if (!item || item.kind !== 'lab' || !item.parent) throw fieldError(404, 'item', `${code} 不是区域检验目录中的检验项目（明细）`, `${code} is not an analyte of the regional lab catalogue`, 'not-found');
  return { code, name: item.name };
}

export async function loadOverride(db: Queryable, item: string): Promise<QcOverride> {
  const { rows } = await db.query<{ settings: QcOverride | string }>('select settings from recognition_qc_setting where item_code = $1', [item]);
  const raw = rows[0]?.settings;
  return raw === undefined ? {} : typeof raw === 'string' ? (JSON.parse(raw) as QcOverride) : raw;
}

export async function itemSettings(db: Queryable, code: string): Promise<ItemQcSettings> {
  const { name } = qcItem(code);
  const override = await loadOverride(db, code);
  const interval = REFERENCE_INTERVALS[code];
  const settings = effectiveSettings(override, interval);
  const source = Object.keys(override).length ? 'override' : interval ? 'reference-interval' : 'none';
  return { item: code, name, source, ...(interval ? { referenceInterval: interval } : {}), override, ...(settings ? { settings } : {}) };
}

/** Every analyte of the catalogue with its effective settings. */
export async function listItemSettings(db: Queryable): Promise<ItemQcSettings[]> {
  const codes = [...CATALOGUE.values()].filter((i) => i.kind === 'lab' && i.parent).map((i) => i.code);
  const out: ItemQcSettings[] = [];
  for (const code of codes) out.push(await itemSettings(db, code));
  return out;
}

/** Replaces the item's override (an empty object returns it to the defaults). */
export async function saveOverride(db: Queryable, code: string, body: unknown, actor: string): Promise<ItemQcSettings> {
  qcItem(code);
  const override = checkOverride(body, REFERENCE_INTERVALS[code]);
  if (Object.keys(override).length) {
    await db.query(
      `insert into recognition_qc_setting (item_code, settings, updated_by) values ($1, $2, $3)
       on conflict (item_code) do update set settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now()`,
      [code, JSON.stringify(override), actor],
    );
  } else {
    await db.query('delete from recognition_qc_setting where item_code = $1', [code]);
  }
  return itemSettings(db, code);
}
