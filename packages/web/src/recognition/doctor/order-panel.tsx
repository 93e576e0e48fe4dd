import { useState } from 'react';
import { Button, Segmented, Space } from 'antd';
import type { Coding } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { EXAM_CATALOGUE, LAB_CATALOGUE } from './recognition.api.ts';

const SOURCES = { lab: { codeSystem: LAB_CATALOGUE }, exam: { codeSystem: EXAM_CATALOGUE } };

/** 开立检查检验: items picked from the regional recognition catalogues (pinyin search), then saved. */
export function OrderPanel({ initial, busy, onSave }: { initial: string[]; busy: boolean; onSave(codes: string[]): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'lab' | 'exam'>('lab');
  const [picked, setPicked] = useState<Record<'lab' | 'exam', Coding[]>>({ lab: initial.map((code) => ({ code })), exam: [] });
  const codes = [...picked.lab, ...picked.exam].flatMap((c) => (c.code ? [c.code] : []));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented<'lab' | 'exam'>
        value={kind}
        onChange={setKind}
        options={[
          { value: 'lab', label: `${t('recognition.doctor.order.lab')}${picked.lab.length ? ` (${picked.lab.length})` : ''}` },
          { value: 'exam', label: `${t('recognition.doctor.order.exam')}${picked.exam.length ? ` (${picked.exam.length})` : ''}` },
        ]}
      />
      <DictionaryPicker
        key={kind}
        id="recognition-order-items"
        source={SOURCES[kind]}
        multiple
        placeholder={t('recognition.doctor.order.items')}
        value={picked[kind]}
        onChange={(v) => setPicked((p) => ({ ...p, [kind]: (Array.isArray(v) ? v : v ? [v] : []) }))}
        style={{ width: '100%' }}
      />
      <Button type="primary" disabled={!codes.length} loading={busy} onClick={() => onSave(codes)}>
        {t('recognition.doctor.order.save')}
      </Button>
    </Space>
  );
}
