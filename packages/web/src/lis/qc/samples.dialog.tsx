import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { QcLevel, QcSampleId } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { InstrumentPicker } from './lab-pickers.tsx';
import { qcApi, type LabScope } from './qc.api.ts';
import type { Lab } from './use-lab.ts';

/**
 * 质控样本号 of a level: the sample ids analyzers report this control under, each for any analyzer or one. The LIS
 * recognises a QC sample by them (isQcSample), so a control vial is never filed as a patient.
 */
export function SamplesDialog({ lab, scope, level, title, onClose, onSaved }: { lab: Lab; scope: LabScope; level: QcLevel; title: string; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ samples: QcSampleId[] }>();
  const [saving, setSaving] = useState(false);

  const save = async (v: { samples?: QcSampleId[] }) => {
    setSaving(true);
    try {
      const samples = (v.samples ?? []).filter((s) => s.sampleId?.trim()).map((s) => ({ sampleId: s.sampleId.trim(), ...(s.instrumentId ? { instrumentId: s.instrumentId } : {}) }));
      const { moved } = await qcApi.setLevelSamples(scope, level.id, samples);
      message.success(moved.length ? t('lisQc.lots.savedMoved', { samples: moved.map((m) => m.sampleId).join('、') }) : t('lisQc.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open width={600} title={t('lisQc.samples.title', { level: title })} okText={t('lisQc.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('lisQc.samples.hint')}</Typography.Paragraph>
      <Form form={form} onFinish={save} initialValues={{ samples: level.samples }}>
        <Form.List name="samples">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start">
                  <Form.Item name={[field.name, 'sampleId']} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
                    <Input maxLength={64} style={{ width: 140 }} placeholder={t('lisQc.lots.sampleId')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'instrumentId']}>
                    <InstrumentPicker lab={lab} style={{ width: 260 }} placeholder={t('lisQc.lots.anyInstrument')} />
                  </Form.Item>
                  <MinusCircleOutlined style={{ marginTop: 8 }} aria-label={t('lisQc.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ sampleId: '' })} disabled={fields.length >= 20}>
                {t('lisQc.samples.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
