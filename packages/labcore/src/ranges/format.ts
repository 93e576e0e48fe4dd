import { formatNumber } from '../text.ts';
import type { ReferenceRange } from './types.ts';

/** The range as a report prints it: `3.5–5.3`, `<5.2`, `≥1.04`, `阴性`. */
export function formatReferenceRange(r: ReferenceRange): string {
  if (r.text) return r.text;
  if (r.low !== undefined && r.high !== undefined) return `${formatNumber(r.low)}–${formatNumber(r.high)}`;
  if (r.high !== undefined) return `${r.highExclusive ? '<' : '≤'}${formatNumber(r.high)}`;
  if (r.low !== undefined) return `${r.lowExclusive ? '>' : '≥'}${formatNumber(r.low)}`;
  return r.expected?.join('/') ?? '';
}
