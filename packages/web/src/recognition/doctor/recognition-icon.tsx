import { Badge, Button, Tooltip } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';

const GREEN = '#389e0d';

/**
 * The workstation's recognition icon (seed 002 §二 18): green, with the count, and clickable when the patient has
 * recognisable results; grey and disabled when none.
 */
export function RecognitionIcon({ count, onOpen }: { count: number; onOpen(): void }) {
  const { t } = useI18n();
  const some = count > 0;
  const label = some ? t('recognition.doctor.icon.some', { count }) : t('recognition.doctor.icon.none');
  return (
    <Tooltip title={label}>
      <Badge count={count} color={GREEN} offset={[-4, 4]}>
        <Button
          data-testid="recognition-icon"
          data-state={some ? 'green' : 'grey'}
          aria-label={label}
          disabled={!some}
          onClick={onOpen}
          icon={<SafetyCertificateOutlined style={{ color: some ? GREEN : '#bfbfbf', fontSize: 18 }} />}
          style={some ? { borderColor: GREEN, color: GREEN } : undefined}
        >
          {label}
        </Button>
      </Badge>
    </Tooltip>
  );
}
