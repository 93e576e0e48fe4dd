import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { QcMaterial } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { InstrumentPicker } from './lab-pickers.tsx';
import { qcApi, type LabScope } from './qc.api.ts';
import type { Lab } from './use-lab.ts';

interface LotForm {
  lotNo: string;
  expiresOn: Dayjs;
  levels: { level: string; name?: string; sampleId?: string; instrumentId?: string }[];
}

/**
 * 新增批号: the lot number, expiry and its levels, each with the sample id analyzers report it under (QC1…) and
 * optionally the one analyzer that does. A sample id another lot's level held moves to the new lot (the server
 * lists the moves, shown here).
 */
export function LotDialog({ lab, scope, material, onClose, onSaved }: { lab: Lab; scope: LabScope; material: QcMaterial; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LotForm>();
  const [saving, setSaving] = useState(false);

  const save = async (v: LotForm) => {
    setSaving(true);
    try {
      const { moved } = await qcApi.createLot(scope, {
        materialId: material.id,
        lotNo: v.lotNo.trim(),
        expiresOn: v.expiresOn.format('YYYY-MM-DD'),
        levels: v.levels.map((l) => ({
          level: l.level.trim(),
          ...(l.name?.trim() ? { name: l.name.trim() } : {}),
          samples: l.sampleId?.trim() ? [{ sampleId: l.sampleId.trim(), ...(l.instrumentId ? { instrumentId: l.instrumentId } : {}) }] : [],
        })),
      });
      message.success(moved.length ? t('lisQc.lots.savedMoved', { samples: moved.map((m) => m.sampleId).join('、') }) : t('lisQc.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open width={720} title={t('lisQc.lots.add', { material: material.name })} okText={t('lisQc.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<LotForm> form={form} layout="vertical" onFinish={save} initialValues={{ levels: [{ level: '1', sampleId: 'QC1' }, { level: '2', sampleId: 'QC2' }] }}>
        <Space size={16} align="start">
          <Form.Item name="lotNo" label={t('lisQc.lots.lotNo')} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
            <Input maxLength={60} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('lisQc.lots.expiresOn')} rules={[{ required: true, message: t('lisQc.required') }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.List name="levels" rules={[{ validator: async (_, levels: unknown[]) => (levels?.length ? undefined : Promise.reject(new Error(t('lisQc.lots.levelsRequired')))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'level']} label={t('lisQc.lots.level')} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
                    <Input maxLength={10} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} label={t('lisQc.lots.levelName')}>
                    <Input maxLength={40} style={{ width: 120 }} placeholder={t('lisQc.lots.levelNameHint')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'sampleId']} label={t('lisQc.lots.sampleId')}>
                    <Input maxLength={64} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'instrumentId']} label={t('lisQc.lots.sampleInstrument')}>
                    <InstrumentPicker lab={lab} style={{ width: 200 }} placeholder={t('lisQc.lots.anyInstrument')} />
                  </Form.Item>
                  <MinusCircleOutlined style={{ marginTop: 38 }} aria-label={t('lisQc.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ level: String(fields.length + 1) })} disabled={fields.length >= 6}>
                {t('lisQc.lots.addLevel')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
