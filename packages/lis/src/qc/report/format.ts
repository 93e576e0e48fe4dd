/** A figure with a fixed number of decimals for a printed table; blank when there is none. */
export function fixed(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return value.toFixed(decimals);
}

/** China-time `YYYY-MM-DD HH:mm` of an instant. */
export function chinaMinute(at: string | null | undefined): string {
  if (!at) return '';
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const CAUSE_NAMES: Record<string, string> = {
  reagent: '试剂',
  calibration: '校准',
  'control-material': '质控品',
  instrument: '仪器',
  operator: '操作',
  environment: '环境',
  random: '随机误差',
  other: '其他',
};
