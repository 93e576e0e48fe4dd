import type { MessageKey } from '../../i18n/zh-CN.ts';

/** How a result stands against its reference range (ARCHITECTURE §6: high red ↑, low blue ↓, critical purple and flashing). */
export type Abnormality = 'normal' | 'high' | 'low' | 'abnormal' | 'critical-high' | 'critical-low' | 'critical';

/**
 * FHIR v3 ObservationInterpretation codes → abnormality. HH/LL/AA are the critical (危急值) codes; HU/LU
 * ("significantly high/low") are treated as critical too, as Chinese LIS do for 极高/极低. '<'/'>' (off scale)
 * read as low/high. Codes not listed (susceptibility S/R/I, B/W better/worse…) carry no colour.
 */
const BY_CODE: Record<string, Abnormality> = {
  N: 'normal',
  H: 'high',
  HX: 'high',
  '>': 'high',
  L: 'low',
  LX: 'low',
  '<': 'low',
  A: 'abnormal',
  POS: 'abnormal',
  DET: 'abnormal',
  HH: 'critical-high',
  HU: 'critical-high',
  LL: 'critical-low',
  LU: 'critical-low',
  AA: 'critical',
};

export function abnormalityOf(interpretation: string | undefined): Abnormality {
  if (!interpretation) return 'normal';
  return BY_CODE[interpretation.trim()] ?? BY_CODE[interpretation.trim().toUpperCase()] ?? 'normal';
}

export const isCritical = (a: Abnormality): boolean => a === 'critical' || a === 'critical-high' || a === 'critical-low';

/** The arrow shown after the value: one for abnormal, two for critical. */
export function arrowOf(a: Abnormality): string {
  switch (a) {
    case 'high':
      return '↑';
    case 'low':
      return '↓';
    case 'critical-high':
      return '↑↑';
    case 'critical-low':
      return '↓↓';
    case 'abnormal':
    case 'critical':
      return '*';
    default:
      return '';
  }
}

/** Spoken/tooltip text for screen readers and hover, since colour alone must not carry the meaning. */
export const ABNORMALITY_LABEL: Record<Abnormality, MessageKey> = {
  normal: 'status.normal',
  high: 'status.high',
  low: 'status.low',
  abnormal: 'status.abnormal',
  'critical-high': 'status.criticalHigh',
  'critical-low': 'status.criticalLow',
  critical: 'status.critical',
};
