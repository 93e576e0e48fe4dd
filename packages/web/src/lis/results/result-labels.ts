import type { MessageKey } from '../../i18n/zh-CN.ts';

/** FHIR statuses of results and reports as the bench names them (待审核, 已审核, 已召回…). */
export const RESULT_STATUSES = ['registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error'] as const;
type ResultStatus = (typeof RESULT_STATUSES)[number];

export const RESULT_STATUS_PALETTE: Record<string, string> = {
  registered: 'default',
  partial: 'default',
  preliminary: 'gold',
  final: 'green',
  amended: 'cyan',
  corrected: 'cyan',
  cancelled: 'default',
  'entered-in-error': 'magenta',
};

export function resultStatusKey(status: string): MessageKey {
  return (RESULT_STATUSES as readonly string[]).includes(status) ? `lisRes.status.${status as ResultStatus}` : 'lisRes.status.unknown';
}

/** Where a result came from: the analyzer, typed at the bench, or computed by a formula. */
export const SOURCE_KEYS: Record<'instrument' | 'manual' | 'calculated', MessageKey> = {
  instrument: 'lisRes.source.instrument',
  manual: 'lisRes.source.manual',
  calculated: 'lisRes.source.calculated',
};
