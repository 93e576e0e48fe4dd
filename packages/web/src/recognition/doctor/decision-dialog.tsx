import { useState } from 'react';
import { Alert, Button, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { Coding } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { REFUSAL_REASONS, type Duplicate } from './recognition.api.ts';
import { localTime, ResultCell } from './results-table.tsx';

/** The doctor's choice for one duplicate item. */
export interface Choice {
  kind?: 'recognize' | 'refuse';
  reasonCode?: string;
  reasonText?: string;
}

/** Whether a choice is complete: recognised, or refused with a reason (and text when the reason is 其他). */
export const choiceComplete = (c: Choice | undefined): boolean =>
  c?.kind === 'recognize' || (c?.kind === 'refuse' && !!c.reasonCode && (c.reasonCode !== 'other' || !!c.reasonText?.trim()));

const REASONS_SOURCE = { codeSystem: REFUSAL_REASONS };

/**
 * The forced recognition dialog (seed 002 §二 18.2–3): it has no close button, ignores the mask and Esc, and its
 * only button stays disabled until every duplicate has 互认 or 不互认 with a reason. It does not record anything
 * itself: `onConfirm` gets the choices in the duplicates' order and records them.
 */
export function DecisionDialog({ duplicates, busy, error, onConfirm }: { duplicates: Duplicate[]; busy: boolean; error?: string; onConfirm(choices: Choice[]): void }) {
  const { t } = useI18n();
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const set = (index: number, change: Choice) => setChoices((c) => ({ ...c, [index]: { ...c[index], ...change } }));
  const pending = duplicates.filter((d) => !choiceComplete(choices[d.index])).length;

  return (
    <Modal
      open
      width={960}
      title={t('recognition.doctor.dialog.title')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      rootClassName="recognition-forced-dialog"
      footer={
        <Space>
          {pending > 0 && <Typography.Text type="secondary">{t('recognition.doctor.dialog.pending', { count: pending })}</Typography.Text>}
          <Button type="primary" disabled={pending > 0} loading={busy} onClick={() => onConfirm(duplicates.map((d) => choices[d.index]))}>
            {t('recognition.doctor.dialog.confirm')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('recognition.doctor.dialog.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<Duplicate>
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={duplicates}
        columns={[
          { title: t('recognition.doctor.col.item'), render: (_, d) => (<><Tag>{d.itemCode}</Tag>{d.itemName}</>) },
          { title: t('recognition.doctor.col.result'), render: (_, d) => <ResultCell result={d.result} /> },
          { title: t('recognition.doctor.col.institution'), render: (_, d) => d.result.institutionName },
          { title: t('recognition.doctor.col.effective'), render: (_, d) => localTime(d.result.effective) },
          {
            title: t('recognition.doctor.col.decision'),
            width: 320,
            render: (_, d) => {
              const c = choices[d.index];
              return (
                <Space orientation="vertical" style={{ width: '100%' }} data-testid={`decision-${d.itemCode}`}>
                  <Radio.Group value={c?.kind} onChange={(e) => set(d.index, { kind: e.target.value as Choice['kind'] })}>
                    <Radio value="recognize">{t('recognition.doctor.dialog.recognise')}</Radio>
                    <Radio value="refuse">{t('recognition.doctor.dialog.refuse')}</Radio>
                  </Radio.Group>
                  {c?.kind === 'refuse' && (
                    <DictionaryPicker
                      source={REASONS_SOURCE}
                      placeholder={t('recognition.doctor.dialog.reason')}
                      value={c.reasonCode ? { code: c.reasonCode } : undefined}
                      onChange={(v) => set(d.index, { reasonCode: (v as Coding | undefined)?.code })}
                      style={{ width: '100%' }}
                    />
                  )}
                  {c?.kind === 'refuse' && c.reasonCode === 'other' && (
                    <Input.TextArea rows={2} maxLength={500} placeholder={t('recognition.doctor.dialog.reasonText')} value={c.reasonText} onChange={(e) => set(d.index, { reasonText: e.target.value })} />
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </Modal>
  );
}
