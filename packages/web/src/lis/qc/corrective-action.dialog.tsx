import { useState } from 'react';
import { App, Checkbox, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { QcCauseCategory, QcEvent } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';
import type { RunChoice } from './qc-series.ts';
import { labToday, VERDICT_TAG } from './qc-text.ts';

export const CAUSE_CATEGORIES: QcCauseCategory[] = ['reagent', 'calibration', 'control-material', 'instrument', 'operator', 'environment', 'random', 'other'];

interface ActionForm {
  causeCategory: QcCauseCategory;
  cause: string;
  action: string;
  rerunRunId?: string;
  close: boolean;
  performedAt: Dayjs;
}

/**
 * 失控处理: the cause (category and analysis), the corrective action, the re-run that showed it solved, who and when
 * (the signed-in user; the time defaults to now). With 关闭失控事件 the event closes — the test is back in control
 * once an accepted run follows.
 */
export function CorrectiveActionDialog({ scope, event, title, reason, reruns, onClose, onSaved }: { scope: LabScope; event: QcEvent; title: string; reason: string; reruns: RunChoice[]; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const [saving, setSaving] = useState(false);
  const accepted = reruns.find((r) => r.status === 'accept');

  const save = async (v: ActionForm) => {
    setSaving(true);
    try {
      await qcApi.recordAction(scope, event.id, {
        causeCategory: v.causeCategory,
        cause: v.cause.trim(),
        action: v.action.trim(),
        ...(v.rerunRunId ? { rerunRunId: v.rerunRunId } : {}),
        close: v.close,
        performedAt: v.performedAt.toISOString(),
      });
      message.success(v.close ? t('lisQc.action.savedClosed') : t('lisQc.action.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t('lisQc.action.title', { test: title })} okText={t('lisQc.action.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} width={640} destroyOnHidden>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('lisQc.events.openedAt')}>{dayjs(event.openedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        <Descriptions.Item label={t('lisQc.events.rules')}>
          <Space size={4}>
            {event.rules.map((r) => (
              <Tag key={r} color="red">
                {r}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('lisQc.events.reason')}>{reason}</Descriptions.Item>
      </Descriptions>
      <Form<ActionForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ close: true, performedAt: dayjs(), rerunRunId: accepted?.runId }}
      >
        <Form.Item name="causeCategory" label={t('lisQc.action.causeCategory')} rules={[{ required: true, message: t('lisQc.required') }]}>
          <Select options={CAUSE_CATEGORIES.map((c) => ({ value: c, label: t(`lisQc.cause.${c}`) }))} />
        </Form.Item>
        <Form.Item name="cause" label={t('lisQc.action.cause')} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('lisQc.action.causeHint')} />
        </Form.Item>
        <Form.Item name="action" label={t('lisQc.action.action')} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('lisQc.action.actionHint')} />
        </Form.Item>
        <Form.Item name="rerunRunId" label={t('lisQc.action.rerun')} extra={reruns.length ? undefined : t('lisQc.action.noRerun')}>
          <Select
            allowClear
            placeholder={t('lisQc.action.rerunHint')}
            options={reruns.map((r) => ({
              value: r.runId,
              label: (
                <Space size={4}>
                  {dayjs(r.at).format('MM-DD HH:mm')}
                  <span>{t('lisQc.action.rerunLevels', { levels: r.levels.join('、') })}</span>
                  {r.status && <Tag color={VERDICT_TAG[r.status]}>{t(`lisQc.verdict.${r.status}`)}</Tag>}
                </Space>
              ),
            }))}
          />
        </Form.Item>
        <Space size={24} align="start" wrap>
          <Form.Item name="performedAt" label={t('lisQc.action.performedAt')} rules={[{ required: true, message: t('lisQc.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} disabledDate={(d) => d.isAfter(labToday(), 'day')} />
          </Form.Item>
          <Form.Item label={t('lisQc.action.performedBy')}>
            <span>{me.displayName ?? me.username}</span>
          </Form.Item>
        </Space>
        <Form.Item name="close" valuePropName="checked" extra={t('lisQc.action.closeHint')}>
          <Checkbox>{t('lisQc.action.close')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
