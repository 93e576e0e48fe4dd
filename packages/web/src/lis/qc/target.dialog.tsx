import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';
import type { TargetRow } from './qc-series.ts';
import { cvOf, fixed, labToday, targetInput, type TargetForm } from './qc-text.ts';

type DialogForm = Omit<TargetForm, 'from' | 'to'> & { period?: [Dayjs, Dayjs]; validFrom?: Dayjs };

/**
 * 设定靶值 (质控靶值更改权限, `lis.qc.manage`): fixed — mean with SD or CV % (from the insert sheet or the lab's own
 * data) — or cumulative from a period's results (≥ 20 by default, WS/T 641). The new version takes effect from
 * `validFrom` (default now) and closes the one in force; results already judged keep their target.
 */
export function TargetDialog({ scope, instrumentId, testCode, row, title, decimals, onClose, onSaved }: { scope: LabScope; instrumentId: string; testCode: string; row: TargetRow; title: string; decimals: number; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DialogForm>();
  const [saving, setSaving] = useState(false);
  const source = Form.useWatch('source', form) ?? 'fixed';
  const spread = Form.useWatch('spread', form) ?? 'sd';
  const mean = Form.useWatch('mean', form);
  const sd = Form.useWatch('sd', form);
  const cv = Form.useWatch('cv', form);
  const derived = typeof mean === 'number' ? (spread === 'sd' && typeof sd === 'number' ? t('lisQc.targets.derivedCv', { cv: fixed(cvOf(mean, sd), 2) }) : spread === 'cv' && typeof cv === 'number' ? t('lisQc.targets.derivedSd', { sd: fixed((Math.abs(mean) * cv) / 100, decimals + 2) }) : '') : '';

  const save = async (v: DialogForm) => {
    setSaving(true);
    try {
      const body = targetInput({ testCode, instrumentId, levelId: row.levelId }, { ...v, from: v.period?.[0].format('YYYY-MM-DD'), to: v.period?.[1].format('YYYY-MM-DD') });
      await qcApi.setTarget(scope, { ...body, ...(v.validFrom ? { validFrom: v.validFrom.toISOString() } : {}) });
      message.success(t('lisQc.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  const current = row.target;
  return (
    <Modal open width={600} title={t('lisQc.targets.setTitle', { level: title })} okText={t('lisQc.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {current && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('lisQc.targets.current', { mean: fixed(current.mean, decimals + 1), sd: fixed(current.sd, decimals + 2), cv: fixed(current.cv, 2), since: dayjs(current.validFrom).format('YYYY-MM-DD HH:mm') })}
        />
      )}
      <Form<DialogForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ source: 'fixed', spread: 'sd', mean: current?.mean, sd: current?.sd, minResults: 20, period: [labToday().subtract(1, 'month').startOf('month'), labToday().subtract(1, 'month').endOf('month')] }}
      >
        <Form.Item name="source" label={t('lisQc.targets.source')}>
          <Radio.Group>
            <Radio value="fixed">{t('lisQc.targets.fixed')}</Radio>
            <Radio value="cumulative">{t('lisQc.targets.cumulative')}</Radio>
          </Radio.Group>
        </Form.Item>
        {source === 'fixed' ? (
          <>
            <Space align="start" wrap>
              <Form.Item name="mean" label={t('lisQc.stats.mean')} rules={[{ required: true, message: t('lisQc.required') }]}>
                <InputNumber style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name="spread" label={t('lisQc.targets.spread')}>
                <Radio.Group optionType="button" options={[{ value: 'sd', label: 'SD' }, { value: 'cv', label: 'CV%' }]} />
              </Form.Item>
              {spread === 'sd' ? (
                <Form.Item name="sd" label="SD" rules={[{ required: true, message: t('lisQc.required') }, { type: 'number', min: 0.000001, message: t('lisQc.targets.positive') }]}>
                  <InputNumber style={{ width: 120 }} />
                </Form.Item>
              ) : (
                <Form.Item name="cv" label="CV%" rules={[{ required: true, message: t('lisQc.required') }, { type: 'number', min: 0.000001, max: 100, message: t('lisQc.targets.positive') }]}>
                  <InputNumber style={{ width: 120 }} />
                </Form.Item>
              )}
            </Space>
            {derived && <Typography.Paragraph type="secondary">{derived}</Typography.Paragraph>}
          </>
        ) : (
          <Space align="start" wrap>
            <Form.Item name="period" label={t('lisQc.targets.period')} rules={[{ required: true, message: t('lisQc.required') }]}>
              <DatePicker.RangePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="minResults" label={t('lisQc.targets.minResults')}>
              <InputNumber min={10} max={1000} precision={0} style={{ width: 100 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="validFrom" label={t('lisQc.targets.validFrom')} extra={t('lisQc.targets.validFromHint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="reason" label={t('lisQc.targets.reason')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('lisQc.targets.reasonHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
