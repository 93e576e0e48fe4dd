import { useRef, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { errorText, outcomeIssues } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { defaultTemplateOptions, templateBody, withPageSize } from './report-logic.ts';
import { PAPERS } from './report-preview.drawer.tsx';
import { reportsApi, type ReportTemplate, type ReportTemplateOptions } from './reports.api.ts';

export interface TemplateDrawerProps {
  /** The template edited, or a new one for a section without its own. */
  editing: ReportTemplate | 'new';
  /** Sections that have no template yet (for a new one). */
  freeSections: DictionaryConcept[];
  sectionName(code: string): string;
  onClose(): void;
  onSaved(saved: ReportTemplate): void;
}

type Values = ReportTemplateOptions & { section?: string };

/** A report template: paper, orientation, when to print in two columns, header and footer texts, what it shows. */
export function TemplateDrawer({ editing, freeSections, sectionName, onClose, onSaved }: TemplateDrawerProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const existing = editing === 'new' ? undefined : editing;
  const initial: Values = existing ? existing.options : { ...defaultTemplateOptions(), section: freeSections[0]?.code };
  // The paper before the change: the two-column threshold follows it only when it was that paper's default.
  const paper = useRef(initial.pageSize);

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      const { section, ...options } = values;
      const saved = await reportsApi.saveTemplate(existing ? existing.section : (section ?? ''), templateBody(options));
      message.success(t('lisRes.template.saved', { version: saved.version }));
      onSaved(saved);
    } catch (err) {
      // Field errors name the body property (`title`, `doubleColumnAbove`): shown on that input.
      const issues = outcomeIssues(err).filter((i) => i.expression?.length);
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.expression![0] as keyof Values, errors: [errorText(new Error(i.details?.text ?? ''), locale)] })));
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={520}
      title={existing ? t('lisRes.template.editTitle', { section: sectionName(existing.section), version: existing.version }) : t('lisRes.template.newTitle')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('lisRes.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="template-save">
            {t('lisRes.template.saveVersion')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed: Partial<Values>, all) => {
          if (!changed.pageSize) return;
          form.setFieldsValue({ doubleColumnAbove: withPageSize({ ...all, pageSize: paper.current }, changed.pageSize).doubleColumnAbove });
          paper.current = changed.pageSize;
        }}
      >
        {!existing && (
          <Form.Item name="section" label={t('lisRes.section')} rules={[{ required: true, message: t('lisRes.required') }]}>
            <Select options={freeSections.map((s) => ({ value: s.code, label: s.display }))} />
          </Form.Item>
        )}
        <Form.Item name="pageSize" label={t('lisRes.paper.label')}>
          <Radio.Group optionType="button" options={PAPERS.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item name="orientation" label={t('lisRes.template.orientation')}>
          <Radio.Group optionType="button" options={(['portrait', 'landscape'] as const).map((o) => ({ value: o, label: t(`lisRes.template.${o}`) }))} />
        </Form.Item>
        <Form.Item name="doubleColumnAbove" label={t('lisRes.template.doubleColumnAbove')} extra={t('lisRes.template.doubleColumnHint')} rules={[{ required: true, message: t('lisRes.required') }]}>
          <InputNumber min={1} max={200} precision={0} />
        </Form.Item>
        <Form.Item name="title" label={t('lisRes.template.header')} rules={[{ required: true, whitespace: true, message: t('lisRes.required') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="subtitle" label={t('lisRes.template.subtitle')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="footerNote" label={t('lisRes.template.footer')}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
        <Form.Item name="fontSize" label={t('lisRes.template.fontSize')}>
          <InputNumber min={7} max={12} precision={0} />
        </Form.Item>
        <Space size={24} wrap>
          <Form.Item name="showHistograms" label={t('lisRes.template.showHistograms')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="showSignature" label={t('lisRes.template.showSignature')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="showQrCode" label={t('lisRes.template.showQrCode')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
