import { useState } from 'react';
import { App, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { QcLot } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';

/** 修改有效期 of a lot (e.g. after the manufacturer extended it, or opened-vial stability shortened it). */
export function LotExpiryDialog({ scope, lot, onClose, onSaved }: { scope: LabScope; lot: QcLot; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ expiresOn: Dayjs }>();
  const [saving, setSaving] = useState(false);

  const save = async (v: { expiresOn: Dayjs }) => {
    setSaving(true);
    try {
      await qcApi.updateLot(scope, lot.id, { expiresOn: v.expiresOn.format('YYYY-MM-DD') });
      message.success(t('lisQc.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('lisQc.lots.expiryTitle', { lot: lot.lotNo })} okText={t('lisQc.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ expiresOn: dayjs(lot.expiresOn) }}>
        <Form.Item name="expiresOn" label={t('lisQc.lots.expiresOn')} rules={[{ required: true, message: t('lisQc.required') }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
