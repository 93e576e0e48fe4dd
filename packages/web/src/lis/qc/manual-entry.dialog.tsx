import { useMemo, useState } from 'react';
import { App, DatePicker, Descriptions, Form, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { QcMaterial, QcRecordOutcome } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';
import { entryLevels } from './qc-series.ts';
import { labToday } from './qc-text.ts';

interface EntryForm {
  levelId: string;
  value: number;
  measuredAt: Dayjs;
}

/**
 * 手工录入质控结果 for the chosen test on the chosen instrument: the level (active lots; levels with a target here
 * first), the measured value and when. The server judges the whole run at once (Westgard) and opens an
 * out-of-control event on a reject; the outcome is reported back to the page.
 */
export function ManualEntryDialog({
  scope,
  instrumentId,
  testCode,
  title,
  materials,
  targetLevelIds,
  onClose,
  onRecorded,
}: {
  scope: LabScope;
  instrumentId: string;
  testCode: string;
  title: string;
  materials: QcMaterial[];
  targetLevelIds: ReadonlySet<string>;
  onClose(): void;
  onRecorded(outcome: QcRecordOutcome): void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const [saving, setSaving] = useState(false);
  const levels = useMemo(() => entryLevels(materials, targetLevelIds, instrumentId), [materials, targetLevelIds, instrumentId]);

  const save = async (v: EntryForm) => {
    setSaving(true);
    try {
      onRecorded(await qcApi.recordResult(scope, { instrumentId, testCode, levelId: v.levelId, value: v.value, measuredAt: v.measuredAt.toISOString() }));
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('lisQc.entry.title')} okText={t('lisQc.entry.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('lisQc.entry.series')}>{title}</Descriptions.Item>
      </Descriptions>
      <Form<EntryForm> form={form} layout="vertical" onFinish={save} initialValues={{ measuredAt: dayjs(), levelId: levels.find((l) => l.targeted)?.id }}>
        <Form.Item name="levelId" label={t('lisQc.level')} rules={[{ required: true, message: t('lisQc.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={levels.map((l) => ({
              value: l.id,
              label: `${t('lisQc.levelName', { material: l.label.material, level: l.label.level })} · ${l.label.lot}${l.targeted ? '' : ` · ${t('lisQc.entry.noTarget')}`}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="value" label={t('lisQc.results.value')} rules={[{ required: true, message: t('lisQc.required') }]}>
          <InputNumber style={{ width: '100%' }} step={0.01} autoFocus />
        </Form.Item>
        <Form.Item name="measuredAt" label={t('lisQc.results.measuredAt')} rules={[{ required: true, message: t('lisQc.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} disabledDate={(d) => d.isAfter(labToday(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
