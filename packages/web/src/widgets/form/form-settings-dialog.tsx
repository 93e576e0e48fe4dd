import { useEffect, useState } from 'react';
import { Button, ColorPicker, Input, Modal, Space, Switch, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { moveField, type LaidOutField } from './form-settings.ts';

export interface FormSettingsDialogProps {
  open: boolean;
  layout: LaidOutField[];
  /** Labels the page gives each field, shown next to the user's own label. */
  defaultLabels: Record<string, string>;
  /** Fields the page declares read-only or required: their lock and visibility switches are fixed. */
  locked: { readOnly: Set<string>; required: Set<string> };
  onSave(layout: LaidOutField[]): void;
  onReset(): void;
  onClose(): void;
}

const hex = (value: { toHexString(): string } | null | undefined) => {
  const text = value?.toHexString();
  return text && /^#[0-9a-f]{6}$/i.test(text) ? text : undefined;
};

/** The "form settings" dialog (界面参数设置): order, label, colours, remember and editable per field, for this user. */
export function FormSettingsDialog({ open, layout, defaultLabels, locked, onSave, onReset, onClose }: FormSettingsDialogProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(layout);
  useEffect(() => {
    if (open) setDraft(layout);
  }, [open, layout]);
  const patch = (path: string, change: Partial<LaidOutField>) => setDraft((d) => d.map((f) => (f.path === path ? { ...f, ...change } : f)));

  return (
    <Modal
      open={open}
      title={t('form.settings.title')}
      width={860}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onReset}>{t('form.settings.reset')}</Button>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" onClick={() => onSave(draft)}>
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('form.settings.hint')}</Typography.Paragraph>
      <Table<LaidOutField>
        size="small"
        rowKey="path"
        pagination={false}
        dataSource={draft}
        columns={[
          {
            key: 'order',
            title: t('form.settings.order'),
            width: 80,
            render: (_, f, i) => (
              <Space size={0}>
                <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('form.settings.moveUp')} onClick={() => setDraft((d) => moveField(d, f.path, -1))} />
                <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === draft.length - 1} aria-label={t('form.settings.moveDown')} onClick={() => setDraft((d) => moveField(d, f.path, 1))} />
              </Space>
            ),
          },
          { key: 'field', title: t('form.settings.field'), render: (_, f) => defaultLabels[f.path] ?? f.path },
          {
            key: 'label',
            title: t('form.settings.label'),
            render: (_, f) => <Input size="small" value={f.label ?? ''} placeholder={defaultLabels[f.path]} onChange={(e) => patch(f.path, { label: e.target.value || undefined })} />,
          },
          {
            key: 'color',
            title: t('form.settings.color'),
            width: 90,
            render: (_, f) => <ColorPicker size="small" allowClear value={f.color ?? null} onChange={(c) => patch(f.path, { color: hex(c) })} onClear={() => patch(f.path, { color: undefined })} />,
          },
          {
            key: 'background',
            title: t('form.settings.background'),
            width: 90,
            render: (_, f) => <ColorPicker size="small" allowClear value={f.background ?? null} onChange={(c) => patch(f.path, { background: hex(c) })} onClear={() => patch(f.path, { background: undefined })} />,
          },
          { key: 'remember', title: t('form.settings.remember'), width: 80, render: (_, f) => <Switch size="small" checked={f.remember} onChange={(remember) => patch(f.path, { remember })} /> },
          {
            key: 'editable',
            title: t('form.settings.editable'),
            width: 72,
            render: (_, f) => <Switch size="small" checked={!f.readOnly} disabled={locked.readOnly.has(f.path)} onChange={(editable) => patch(f.path, { readOnly: !editable })} />,
          },
          {
            key: 'visible',
            title: t('form.settings.visible'),
            width: 64,
            render: (_, f) => <Switch size="small" checked={!f.hidden} disabled={locked.required.has(f.path)} onChange={(visible) => patch(f.path, { hidden: !visible })} />,
          },
        ]}
      />
    </Modal>
  );
}
