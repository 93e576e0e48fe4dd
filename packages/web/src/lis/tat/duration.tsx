import { useI18n } from '../../i18n/i18n.context.tsx';
import { splitMinutes } from './tat-format.ts';

/** A duration in minutes as people read it: 45 分钟, 4 小时, 2 小时 5 分钟; '–' when there is none. */
export function useDurationText(): (minutes: number | null | undefined) => string {
  const { t } = useI18n();
  return (minutes) => {
    const parts = splitMinutes(minutes);
    if (!parts) return '–';
    if (!parts.hours) return t('lisTat.duration.m', { m: parts.minutes });
    return parts.minutes ? t('lisTat.duration.hm', { h: parts.hours, m: parts.minutes }) : t('lisTat.duration.h', { h: parts.hours });
  };
}
