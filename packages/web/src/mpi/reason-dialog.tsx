import { useState, type ReactNode } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { errorText } from '../admin/common/errors.ts';
import { useI18n } from '../i18n/i18n.context.tsx';

export interface ReasonDialogProps {
  open: boolean;
  title: string;
  okText: string;
  /** What the change is about, shown above the reason. */
  children?: ReactNode;
  /** Runs the change; a failure is shown and the dialog stays open. */
  onSubmit(reason: string): Promise<void>;
  onClose(): void;
  /** Disables OK (e.g. nothing chosen yet). */
  okDisabled?: boolean;
}

/** A change to the index that must say why (unlink, merge, undo): the reason is required and kept in the history. */
export function ReasonDialog({ open, title, okText, children, onSubmit, onClose, okDisabled }: ReasonDialogProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    // An empty reason is shown on the field by the form itself.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      await onSubmit(values.reason.trim());
      form.resetFields();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('admin.common.cancel')}
      onOk={() => void submit()}
      okButtonProps={{ loading: busy, disabled: okDisabled, danger: true }}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
      width={640}
    >
      {children}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('mpi.persons.reason')} rules={[{ required: true, whitespace: true, message: t('mpi.persons.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
