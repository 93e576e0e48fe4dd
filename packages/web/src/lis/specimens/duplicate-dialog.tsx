import { Alert, List, Modal, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { LabDuplicateOrder } from './specimens.api.ts';

export interface DuplicateDialogProps {
  duplicates: LabDuplicateOrder[];
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * 重复开单提醒: the patient already has these panels ordered and not yet reported. Ordering again needs a deliberate
 * confirmation (the server writes nothing until the order is resent with `confirmDuplicates`); cancelling is the
 * default button, so an Enter does not order twice.
 */
export function DuplicateDialog({ duplicates, busy, onConfirm, onCancel }: DuplicateDialogProps) {
  const { t, locale } = useI18n();
  const when = (at?: string) => (at ? new Date(at).toLocaleString(locale, { hour12: false }) : '');
  return (
    <Modal
      open
      title={t('lisSpec.duplicate.title')}
      okText={t('lisSpec.duplicate.confirm')}
      cancelText={t('lisSpec.duplicate.cancel')}
      okButtonProps={{ danger: true, loading: busy, autoFocus: false }}
      cancelButtonProps={{ autoFocus: true }}
      onOk={onConfirm}
      onCancel={onCancel}
      destroyOnHidden
      data-testid="duplicate-dialog"
    >
      <Alert type="warning" showIcon title={t('lisSpec.duplicate.explain', { count: duplicates.length })} style={{ marginBottom: 12 }} />
      <List
        size="small"
        bordered
        dataSource={duplicates}
        renderItem={(d) => (
          <List.Item>
            {d.requisition ? (
              <span>
                <Typography.Text strong>{d.panelName}</Typography.Text>
                {' · '}
                {t('lisSpec.duplicate.earlier', { requisition: d.requisition, at: when(d.authoredOn) })}
              </span>
            ) : (
              d.panelName
            )}
          </List.Item>
        )}
      />
    </Modal>
  );
}
