import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Space, Tag } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

export type ReasonKind = 'unreview' | 'recall';

// The usual reasons, one click each; the text can still be edited.
const QUICK: Record<ReasonKind, MessageKey[]> = {
  unreview: ['lisRes.reason.quick.recheck', 'lisRes.reason.quick.entryError', 'lisRes.reason.quick.clinician'],
  recall: ['lisRes.reason.quick.wrongPatient', 'lisRes.reason.quick.hemolysis', 'lisRes.reason.quick.entryError'],
};

export interface ReasonDialogProps {
  kind: ReasonKind;
  /** What is withdrawn, e.g. the report number. */
  subject: string;
  onClose(): void;
  /** Runs the withdrawal; a refusal is shown in the dialog, which stays open. */
  onConfirm(reason: string): Promise<void>;
}

/** 取消审核 / 召回: both need a reason (2–500 characters), kept in the report's trail. */
export function ReasonDialog({ kind, subject, onClose, onConfirm }: ReasonDialogProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(values.reason.trim());
      message.success(t(kind === 'recall' ? 'lisRes.recall.done' : 'lisRes.unreview.done', { subject }));
      onClose();
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(kind === 'recall' ? 'lisRes.recall.title' : 'lisRes.unreview.title', { subject })}
      okText={t(kind === 'recall' ? 'lisRes.recall.ok' : 'lisRes.unreview.ok')}
      cancelText={t('lisRes.cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(kind === 'recall' ? 'lisRes.recall.hint' : 'lisRes.unreview.hint')} />
      <Form form={form} layout="vertical" initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('lisRes.reason.label')}
          rules={[
            { required: true, whitespace: true, message: t('lisRes.reason.required') },
            { min: 2, message: t('lisRes.reason.required') },
          ]}
          style={{ marginBottom: 8 }}
        >
          <Input.TextArea rows={2} maxLength={500} autoFocus />
        </Form.Item>
        <Space size={[4, 4]} wrap>
          {QUICK[kind].map((key) => (
            <Tag.CheckableTag key={key} checked={false} onChange={() => form.setFields([{ name: 'reason', value: t(key), errors: [] }])}>
              {t(key)}
            </Tag.CheckableTag>
          ))}
        </Space>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} />}
    </Modal>
  );
}
