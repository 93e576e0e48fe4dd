import type { ModuleContext, ParameterDefinition } from '@medunion/kernel';

/** System parameters of the QC area (全院参数), set per region or institution in the administration console. */
export const QC_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'lis.qc.runWindowMinutes',
    title: { 'zh-CN': '质控批时间窗（分钟）', en: 'QC run window (minutes)' },
    description: {
      'zh-CN': '同一仪器同一项目在此时间内测定的不同水平质控归为同一批（批内规则一起判断）；同一水平再次测定则开始新的一批',
      en: 'Controls of different levels of one test on one instrument measured within this time form one run (judged together); measuring a level again starts a new run',
    },
    group: 'lis.qc',
    type: 'number',
    default: 30,
    min: 1,
    max: 720,
    scopes: ['region', 'institution'],
  },
  {
    key: 'lis.qc.validHours',
    title: { 'zh-CN': '质控有效时长（小时）', en: 'QC validity (hours)' },
    description: {
      'zh-CN': '最近一批质控早于此时长时，项目的质控状态为“未知”（自动审核据此拦截）',
      en: 'When the last QC run is older than this, the QC status of the test is "unknown" (auto-verification holds on it)',
    },
    group: 'lis.qc',
    type: 'number',
    default: 24,
    min: 1,
    max: 720,
    scopes: ['region', 'institution'],
  },
];

const CACHE_MS = 30_000;
const cache = new Map<string, { value: number; until: number }>();

/**
 * An institution's value of a QC parameter, cached for half a minute: `qcStatusAt` runs for every auto-verified
 * result and must not read the parameter table each time; a changed value applies within 30 s.
 */
export async function qcParameter(ctx: ModuleContext, key: 'lis.qc.runWindowMinutes' | 'lis.qc.validHours', institution: string): Promise<number> {
  const cacheKey = `${key}|${institution}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = Number(await ctx.parameters.resolve(key, { institution }));
  cache.set(cacheKey, { value, until: Date.now() + CACHE_MS });
  return value;
}
