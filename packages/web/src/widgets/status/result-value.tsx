import { Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { colourOf } from './abnormal-colours.ts';
import { ABNORMALITY_LABEL, abnormalityOf, arrowOf, isCritical } from './interpretation.ts';
import { useAbnormalColours } from './use-abnormal-colours.ts';
import './result-value.css';

export interface ResultValueProps {
  value: string | number;
  unit?: string;
  /** FHIR v3 ObservationInterpretation code: H, HH, L, LL, A, AA, N, HU, LU, <, >… */
  interpretation?: string;
  /** e.g. '3.5-9.5'; shown on hover. */
  referenceRange?: string;
}

/**
 * A result value coloured by its interpretation: high red ↑, low blue ↓, critical purple ↑↑/↓↓ and flashing
 * (colours from the parameters `ui.abnormal.*`, overridable per user). The arrow and the tooltip carry the
 * meaning for readers who cannot tell the colours apart.
 */
export function ResultValue({ value, unit, interpretation, referenceRange }: ResultValueProps) {
  const { t } = useI18n();
  const { colours } = useAbnormalColours();
  const abnormality = abnormalityOf(interpretation);
  const critical = isCritical(abnormality);
  const classes = ['mu-result'];
  if (abnormality !== 'normal') classes.push('mu-result--abnormal');
  if (critical) classes.push('mu-result--critical');
  if (critical && colours.criticalFlash) classes.push('mu-result--flash');
  const arrow = arrowOf(abnormality);
  const hint = [abnormality === 'normal' ? '' : t(ABNORMALITY_LABEL[abnormality]), referenceRange ? t('status.referenceRange', { range: referenceRange }) : ''].filter(Boolean).join(' · ');

  const node = (
    <span className={classes.join(' ')} style={{ color: colourOf(abnormality, colours) }} data-abnormality={abnormality} aria-label={hint ? `${value} ${unit ?? ''} ${hint}` : undefined}>
      {value}
      {arrow && <span className="mu-result__arrow">{arrow}</span>}
      {unit && <span className="mu-result__unit">{unit}</span>}
    </span>
  );
  return hint ? <Tooltip title={hint}>{node}</Tooltip> : node;
}
