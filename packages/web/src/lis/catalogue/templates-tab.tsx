import { useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Segmented, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Coding } from '@medplum/fhirtypes';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { LAB_SECTIONS, sectionKey } from '../specimens/specimen-labels.ts';
import { pathOf } from './catalogue-form.ts';
import { catalogueApi, type LabOrderTemplate } from './catalogue.api.ts';

type Active = 'true' | 'false' | 'all';
/** Inputs an issue may name (`panels[2]` → the panel picker). */
const INPUTS = ['code', 'name', 'section', 'panels'] as const;
interface Values {
  code?: string;
  name?: string;
  section?: string;
  panels: Coding[];
}

export interface TemplatesTabProps {
  scope: { institution?: string };
  canManage: boolean;
  /** The lab's active panels as picker concepts (pinyin search). */
  panels: { code: string; display: string }[] | undefined;
}

/** 医嘱模板: named sets of panels per lab section that the order page adds in one choice (入院常规, 体检套餐 …). */
export function TemplatesTab({ scope, canManage, panels }: TemplatesTabProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [active, setActive] = useState<Active>('true');
  const [editing, setEditing] = useState<LabOrderTemplate | 'new'>();
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const list = useLoad(() => catalogueApi.templates({ ...scope, q: q || undefined, active }), [scope, q, active]);
  const names = useMemo(() => new Map((panels ?? []).map((p) => [p.code, p.display])), [panels]);
  const source = useMemo(() => ({ concepts: panels ?? [] }), [panels]);
  const section = (code: string) => {
    const key = sectionKey(code);
    return key ? t(key) : code;
  };
  const existing = editing === 'new' ? undefined : editing;

  const save = async (values: Values) => {
    setBusy(true);
    setGeneral(undefined);
    try {
      const input = { code: (values.code ?? '').trim(), name: (values.name ?? '').trim(), section: values.section ?? '', panels: values.panels.map((c) => c.code ?? ''), active: existing?.active ?? true };
      const answer = await catalogueApi.saveTemplate(input, existing, scope);
      if (answer.ok) {
        message.success(t('lisCat.saved', { name: answer.value.name }));
        setEditing(undefined);
        list.reload();
        return;
      }
      const local = (text: string) => localizeServerText(text, locale);
      const fields = answer.issues.flatMap((i) => {
        const head = pathOf(i.expression?.[0] ?? '')[0];
        return INPUTS.find((name) => name === head) ? [{ name: head as keyof Values, errors: [local(i.details?.text ?? '')] }] : [];
      });
      form.setFields(fields);
      if (!fields.length) setGeneral(local(answer.message));
    } catch (err) {
      setGeneral(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };
  /** 停用 / 启用: the template sent back as it is with the other `active`. */
  const toggle = async (tpl: LabOrderTemplate) => {
    try {
      const answer = await catalogueApi.saveTemplate({ code: tpl.code, name: tpl.name, section: tpl.section, panels: tpl.panels, active: !tpl.active }, tpl, scope);
      if (!answer.ok) throw new Error(answer.message);
      message.success(t(tpl.active ? 'lisCat.deactivated' : 'lisCat.activated', { name: tpl.name }));
      list.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const columns: TableProps<LabOrderTemplate>['columns'] = [
    { key: 'code', title: t('lisCat.code'), width: 110, render: (_, e) => <Typography.Text code>{e.code}</Typography.Text> },
    { key: 'name', title: t('lisCat.name'), width: 160, render: (_, e) => e.name },
    { key: 'section', title: t('lisSpec.section'), width: 90, render: (_, e) => section(e.section) },
    { key: 'panels', title: t('lisCat.template.panels'), render: (_, e) => e.panels.map((c) => names.get(c) ?? c).join('、') },
    { key: 'active', title: t('lisCat.status'), width: 70, render: (_, e) => <Tag color={e.active ? 'green' : 'default'}>{t(e.active ? 'lisCat.active' : 'lisCat.inactive')}</Tag> },
    {
      key: 'actions',
      title: t('lisSpec.col.actions'),
      width: 130,
      render: (_, e) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(e)}>
            {t(canManage ? 'lisCat.edit' : 'lisCat.view')}
          </Button>
          {canManage && (
            <Button type="link" size="small" danger={e.active} onClick={() => void toggle(e)}>
              {t(e.active ? 'lisCat.deactivate' : 'lisCat.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('lisCat.searchPlaceholder')} aria-label={t('lisCat.search')} style={{ width: 280 }} onSearch={(v) => setQ(v.trim())} />
        <Segmented<Active> value={active} onChange={setActive} options={[{ value: 'true', label: t('lisCat.active') }, { value: 'false', label: t('lisCat.inactive') }, { value: 'all', label: t('lisCat.all') }]} />
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('lisCat.new.templates')}
          </Button>
        )}
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Table<LabOrderTemplate> rowKey="code" size="small" loading={list.loading} dataSource={list.data ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      {editing && (
        <Drawer
          open
          size={560}
          title={existing ? t(canManage ? 'lisCat.template.editTitle' : 'lisCat.template.viewTitle', { name: existing.name }) : t('lisCat.template.createTitle')}
          onClose={() => setEditing(undefined)}
          destroyOnHidden
          footer={
            <Space style={{ float: 'right' }}>
              <Button onClick={() => setEditing(undefined)}>{t(canManage ? 'lisSpec.cancel' : 'lisCat.close')}</Button>
              {canManage && (
                <Button type="primary" loading={busy} onClick={() => form.submit()}>
                  {t('lisCat.save')}
                </Button>
              )}
            </Space>
          }
        >
          {general && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={general} />}
          <Form<Values>
            form={form}
            layout="vertical"
            disabled={!canManage}
            preserve={false}
            initialValues={existing ? { code: existing.code, name: existing.name, section: existing.section, panels: existing.panels.map((code) => ({ code, display: names.get(code) ?? code })) } : { panels: [] }}
            onFinish={(v) => void save(v)}
          >
            <Form.Item name="code" label={t('lisCat.code')} rules={[{ required: true, whitespace: true, message: t('lisCat.required') }]}>
              <Input maxLength={32} disabled={!!existing} />
            </Form.Item>
            <Form.Item name="name" label={t('lisCat.name')} rules={[{ required: true, whitespace: true, message: t('lisCat.required') }]}>
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="section" label={t('lisSpec.section')} rules={[{ required: true, message: t('lisCat.required') }]}>
              <Select options={LAB_SECTIONS.map((s) => ({ value: s, label: section(s) }))} />
            </Form.Item>
            <Form.Item name="panels" label={t('lisCat.template.panels')} rules={[{ required: true, type: 'array', min: 1, message: t('lisCat.required') }]}>
              <DictionaryPicker multiple source={source} placeholder={t('lisSpec.order.panelPlaceholder')} />
            </Form.Item>
          </Form>
        </Drawer>
      )}
    </>
  );
}
