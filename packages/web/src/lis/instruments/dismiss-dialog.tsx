import { useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Space, Tag } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { instrumentsApi, type UnmatchedResult } from './instruments.api.ts';

// The usual reasons a held result is not a patient's: one click fills the reason, which can still be edited.
const QUICK: MessageKey[] = ['lisInst.um.quick.calibration', 'lisInst.um.quick.qc', 'lisInst.um.quick.rerun', 'lisInst.um.quick.test'];

export interface DismissDialogProps {
  result: UnmatchedResult;
  /** Other open results of the same sample and message, dismissed too when the box is ticked. */
  siblings: UnmatchedResult[];
  scope: { institution?: string };
  onClose(): void;
  /** The ids dismissed. */
  onDismissed(ids: string[]): void;
}

/** 作废: a held result that belongs to no patient (calibration, QC, a rerun) leaves the queue with a reason. */
export function DismissDialog({ result, siblings, scope, onClose, onDismissed }: DismissDialogProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string; siblings: boolean }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    const ids = [result.id, ...(values.siblings ? siblings.map((s) => s.id) : [])];
    const done: string[] = [];
    try {
      for (const id of ids) {
        await instrumentsApi.dismiss(id, values.note.trim(), scope);
        done.push(id);
      }
      message.success(t('lisInst.um.dismissed', { count: done.length }));
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
      if (done.length) onDismissed(done);
    }
  };

  return (
    <Modal
      open
      title={t('lisInst.um.dismissTitle')}
      okText={t('lisInst.um.dismiss')}
      cancelText={t('lisInst.cancel')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        <Tag>{result.instrumentCode}</Tag>
        <span style={{ fontFamily: 'monospace' }}>{result.sampleId}</span> · {result.channel} = {result.value} {result.unit ?? ''}
      </p>
      <Form form={form} layout="vertical" initialValues={{ note: '', siblings: siblings.length > 0 }}>
        <Form.Item name="note" label={t('lisInst.um.dismissReason')} rules={[{ required: true, whitespace: true, message: t('lisInst.um.dismissRequired') }]} style={{ marginBottom: 8 }}>
          <Input.TextArea rows={2} maxLength={500} autoFocus />
        </Form.Item>
        <Space size={[4, 4]} wrap style={{ marginBottom: 16 }}>
          {QUICK.map((key) => (
            <Tag.CheckableTag key={key} checked={false} onChange={() => form.setFields([{ name: 'note', value: t(key), errors: [] }])}>
              {t(key)}
            </Tag.CheckableTag>
          ))}
        </Space>
        {siblings.length > 0 && (
          <Form.Item name="siblings" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('lisInst.um.dismissSiblings', { count: siblings.length })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
