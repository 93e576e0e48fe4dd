import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { SettingsWords } from './pbrtqc-chart.ts';

/** The words PBRTQC settings are described with, in the UI language. */
export function useSettingsWords(): SettingsWords {
  const { t } = useI18n();
  return useMemo(
    () => ({
      statistic: { 'moving-average': t('lisQc.pbrtqc.stat.moving-average'), 'moving-median': t('lisQc.pbrtqc.stat.moving-median'), ewma: t('lisQc.pbrtqc.stat.ewma') },
      truncation: t('lisQc.pbrtqc.truncation'),
      target: t('lisQc.pbrtqc.target'),
      limits: t('lisQc.pbrtqc.limits'),
    }),
    [t],
  );
}
