import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Space, Tag } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { REJECTION_REASONS, reasonKey, type RejectionReason } from './specimen-labels.ts';
import { specimensApi, type Scope, type SpecimenSummary } from './specimens.api.ts';

type Kind = 'quality' | 'green-channel';
interface Values {
  kind: Kind;
  problem?: RejectionReason;
  reason: string;
}

// The usual grounds, one click each; the text can still be edited.
const QUICK: Record<Kind, MessageKey[]> = {
  quality: ['lisSpec.concession.quick.hardToRecollect', 'lisSpec.concession.quick.clinicianAsked', 'lisSpec.concession.quick.noted'],
  'green-channel': ['lisSpec.concession.quick.emergency', 'lisSpec.concession.quick.greenChannel', 'lisSpec.concession.quick.approved', 'lisSpec.concession.quick.publicFunded'],
};

export interface ConcessionDialogProps {
  barcode: string;
  patientName?: string;
  /** The rejection reason of a rejected tube: what a quality concession accepts. */
  rejectedFor?: string;
  scope: Scope;
  onClose(): void;
  onDone(specimen: SpecimenSummary): void;
}

/**
 * 让步检验: test a tube despite a named problem (also one already rejected — it is received again and the ward's
 * recollection task cancelled), or take it ahead of the normal flow (急诊, 绿色通道, 院批), which makes it stat.
 */
export function ConcessionDialog({ barcode, patientName, rejectedFor, scope, onClose, onDone }: ConcessionDialogProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const kind = Form.useWatch('kind', form) ?? (rejectedFor ? 'quality' : 'green-channel');

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await specimensApi.concession(barcode, { kind: values.kind, reason: values.reason.trim(), ...(values.kind === 'quality' && values.problem ? { problem: values.problem } : {}) }, scope));
    } catch (err) {
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('lisSpec.concession.title')}
      okText={t('lisSpec.concession.submit')}
      cancelText={t('lisSpec.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="concession-dialog"
    >
      <Space style={{ marginBottom: 12 }}>
        <Tag style={{ fontFamily: 'monospace' }}>{barcode}</Tag>
        {patientName}
      </Space>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={{ kind: rejectedFor ? 'quality' : 'green-channel', problem: (REJECTION_REASONS as readonly string[]).includes(rejectedFor ?? '') ? rejectedFor : undefined, reason: '' }}>
        <Form.Item name="kind" label={t('lisSpec.concession.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'quality', label: t('lisSpec.concession.quality') },
              { value: 'green-channel', label: t('lisSpec.concession.greenChannel') },
            ]}
          />
        </Form.Item>
        {kind === 'quality' && (
          <Form.Item name="problem" label={t('lisSpec.concession.problem')} rules={[{ required: true, message: t('lisSpec.concession.problemRequired') }]}>
            <Select options={REJECTION_REASONS.map((r) => ({ value: r, label: t(reasonKey(r)!) }))} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('lisSpec.concession.reason')} rules={[{ required: true, whitespace: true, message: t('lisSpec.concession.reasonRequired') }]} style={{ marginBottom: 8 }}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Space size={[4, 4]} wrap>
          {QUICK[kind].map((key) => (
            <Tag.CheckableTag key={key} checked={false} onChange={() => form.setFields([{ name: 'reason', value: t(key), errors: [] }])}>
              {t(key)}
            </Tag.CheckableTag>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}
