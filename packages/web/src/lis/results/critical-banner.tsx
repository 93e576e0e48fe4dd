import { Alert, Button, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { CriticalWatch } from './use-critical-watch.ts';

/**
 * The bench's 危急值 banner: how many are still unacknowledged, and those raised since the page opened by name —
 * flashing until the user has seen them. The list itself is 危急值 (/lis/critical).
 */
export function CriticalBanner({ watch }: { watch: CriticalWatch }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!watch.open.length) return null;
  const fresh = watch.fresh;
  const names = fresh
    .slice(0, 3)
    .map((c) => `${c.patientName ?? ''} ${c.testName ?? c.testCode ?? ''} ${c.value}${c.unit ? ` ${c.unit}` : ''}`.trim())
    .join(t('lisRes.separator'));
  return (
    <Alert
      data-testid="critical-banner"
      type="error"
      showIcon
      className={fresh.length ? 'mu-result--flash' : undefined}
      style={{ marginBottom: 12 }}
      title={fresh.length ? t('lisRes.critical.fresh', { count: fresh.length, names }) : t('lisRes.critical.open', { count: watch.open.length })}
      action={
        <Space>
          <Button size="small" danger onClick={() => navigate('/lis/critical')}>
            {t('lisRes.critical.go')}
          </Button>
          {fresh.length > 0 && (
            <Button size="small" onClick={watch.dismissFresh}>
              {t('lisRes.critical.seen')}
            </Button>
          )}
        </Space>
      }
    />
  );
}
