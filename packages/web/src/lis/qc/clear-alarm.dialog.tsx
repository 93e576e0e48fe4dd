import { useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import type { PbrtqcAlarm } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';
import { textIn } from './qc-text.ts';

/** 解除报警 of a PBRTQC alarm, with the note the server requires (what was checked); the stream restarts. */
export function ClearAlarmDialog({ scope, alarm, title, onClose, onCleared }: { scope: LabScope; alarm: PbrtqcAlarm; title: string; onClose(): void; onCleared(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [saving, setSaving] = useState(false);

  const clear = async ({ note }: { note: string }) => {
    setSaving(true);
    try {
      await qcApi.clearAlarm(scope, alarm.id, note.trim());
      message.success(t('lisQc.pbrtqc.cleared'));
      onCleared();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('lisQc.pbrtqc.clearTitle', { stream: title })} okText={t('lisQc.pbrtqc.clear')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{textIn(alarm.reason, locale)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={clear}>
        <Form.Item name="note" label={t('lisQc.pbrtqc.note')} rules={[{ required: true, whitespace: true, message: t('lisQc.pbrtqc.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('lisQc.pbrtqc.noteHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
