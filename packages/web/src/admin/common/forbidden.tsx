import { Result } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';

/** Shown when a page is opened (deep link) without its permission; the API would refuse anyway. */
export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('admin.common.forbidden')} />;
}
