import { useState, type KeyboardEvent, type RefObject } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Space, type InputRef } from 'antd';
import { DeleteOutlined, LinkOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { CodePicker } from './code-picker.tsx';
import { instrumentsApi, type UnmatchedResult } from './instruments.api.ts';
import { assignDraft, assignInput } from './unmatched-logic.ts';
import type { CatalogueTests } from './use-catalogue-tests.ts';

interface AssignValues {
  specimen: string;
  testCode?: string;
  saveMapping: boolean;
  includeSameSample: boolean;
  note?: string;
}

export interface AssignPanelProps {
  result: UnmatchedResult;
  /** Other open results of the same sample and message (offered to assign together). */
  siblings: UnmatchedResult[];
  tests: CatalogueTests;
  /** May save the channel mapping on the instrument (`lis.instrument.manage`). */
  canMapChannels: boolean;
  scope: { institution?: string };
  /** The barcode input, focused by the page's F2. */
  scanRef: RefObject<InputRef | null>;
  /** ↑/↓ in the barcode box move through the queue. */
  onMove(step: number): void;
  onAssigned(ids: string[]): void;
  onDismiss(): void;
}

/**
 * 归属: the barcode box takes a scan (the scanner's Enter assigns at once); the test is asked for when the channel
 * is not mapped, and the mapping can be kept on the instrument. Server issues land on the box or the test.
 */
export function AssignPanel({ result, siblings, tests, canMapChannels, scope, scanRef, onMove, onAssigned, onDismiss }: AssignPanelProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string>();
  const draft = assignDraft(result);
  const testCode = Form.useWatch('testCode', form);

  const submit = async (values: AssignValues) => {
    setBusy(true);
    setGeneral(undefined);
    try {
      const answer = await instrumentsApi.assign(result.id, assignInput(result, values), scope);
      if (answer.ok) {
        const { assigned, instrument } = answer.value;
        message.success(t('lisInst.um.assigned', { count: assigned.length, barcode: assigned[0]?.specimen?.barcode ?? values.specimen }));
        if (instrument) message.info(t('lisInst.um.mappingSaved', { code: instrument.code }));
        onAssigned(assigned.map((a) => a.id));
        return;
      }
      const local = (text: string) => localizeServerText(text, locale);
      const onInputs = answer.issues.filter((i) => i.expression?.some((e) => e === 'specimen' || e === 'testCode'));
      form.setFields(onInputs.map((i) => ({ name: i.expression!.find((e) => e === 'specimen' || e === 'testCode')!, errors: [local(i.details?.text ?? answer.message)] })));
      const rest = answer.issues.filter((i) => !onInputs.includes(i));
      if (rest.length || !onInputs.length) setGeneral(local(rest[0]?.details?.text ?? answer.message));
    } catch (err) {
      setGeneral(localizeServerText(err instanceof Error ? err.message : String(err), locale));
    } finally {
      setBusy(false);
      // The next scan replaces what was typed.
      scanRef.current?.focus({ cursor: 'all' });
    }
  };

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onMove(e.key === 'ArrowDown' ? 1 : -1);
    }
  };

  return (
    <Form<AssignValues>
      form={form}
      layout="vertical"
      data-testid="assign-panel"
      initialValues={{ specimen: draft.specimen, testCode: draft.testCode, saveMapping: draft.saveMapping, includeSameSample: draft.includeSameSample, note: '' }}
      onFinish={(values) => void submit(values)}
    >
      {general && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={general} />}
      <Form.Item name="specimen" label={t('lisInst.um.specimen')} rules={[{ required: true, whitespace: true, message: t('lisInst.um.specimenRequired') }]}>
        <Input ref={scanRef} autoFocus size="large" maxLength={64} autoComplete="off" placeholder={t('lisInst.um.specimenPlaceholder')} onKeyDown={onScanKey} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="testCode" label={t('lisInst.um.test')} rules={draft.needsTest ? [{ required: true, message: t('lisInst.um.testRequired') }] : undefined}>
        <CodePicker concepts={tests.concepts} placeholder={t('lisInst.channels.testPlaceholder')} />
      </Form.Item>
      {canMapChannels && (
        <Form.Item name="saveMapping" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox disabled={!testCode}>{t('lisInst.um.saveMapping', { channel: result.channel })}</Checkbox>
        </Form.Item>
      )}
      {siblings.length > 0 && (
        <Form.Item name="includeSameSample" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('lisInst.um.includeSameSample', { channels: siblings.map((s) => s.channel).join(', ') })}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="note" label={t('lisInst.um.note')}>
        <Input maxLength={500} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" icon={<LinkOutlined />} loading={busy}>
          {t('lisInst.um.assign')}
        </Button>
        <Button danger icon={<DeleteOutlined />} onClick={onDismiss}>
          {`${t('lisInst.um.dismiss')} (F4)`}
        </Button>
      </Space>
    </Form>
  );
}
