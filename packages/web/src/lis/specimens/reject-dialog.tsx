import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Space, Tag } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { REJECTION_REASONS, reasonKey, type RejectionReason } from './specimen-labels.ts';
import { specimensApi, type Scope, type SpecimenSummary } from './specimens.api.ts';

export interface RejectDialogProps {
  barcode: string;
  /** Who the tube belongs to, when the page knows (shown so the right tube is rejected). */
  patientName?: string;
  scope: Scope;
  onClose(): void;
  onRejected(specimen: SpecimenSummary): void;
}

/**
 * 拒收: the reason from the rejection-reason list (溶血, 凝块, 量不足 …) and a note; the ordering ward then sees it
 * with a recollection task. Refused by the server once results exist.
 */
export function RejectDialog({ barcode, patientName, scope, onClose, onRejected }: RejectDialogProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ reason: RejectionReason; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      const note = values.note?.trim();
      onRejected(await specimensApi.reject(barcode, { reason: values.reason, ...(note ? { note } : {}) }, scope));
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('lisSpec.reject.title')}
      okText={t('lisSpec.reject.submit')}
      cancelText={t('lisSpec.cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="reject-dialog"
    >
      <Space style={{ marginBottom: 12 }}>
        <Tag style={{ fontFamily: 'monospace' }}>{barcode}</Tag>
        {patientName}
      </Space>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('lisSpec.reject.reason')} rules={[{ required: true, message: t('lisSpec.reject.reasonRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={REJECTION_REASONS.map((r) => ({ value: r, label: t(reasonKey(r)!) }))} style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }} />
        </Form.Item>
        <Form.Item name="note" label={t('lisSpec.reject.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
