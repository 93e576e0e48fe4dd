import { useState } from 'react';
import { App, Form, Input, Modal, Switch } from 'antd';
import type { QcMaterial, QcMaterialInput } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { qcApi, type LabScope } from './qc.api.ts';

/** 新增/编辑质控品: name, manufacturer, matrix (基质), active. */
export function MaterialDialog({ scope, material, onClose, onSaved }: { scope: LabScope; material: QcMaterial | null; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<QcMaterialInput>();
  const [saving, setSaving] = useState(false);

  const save = async (v: QcMaterialInput) => {
    setSaving(true);
    try {
      const body = { name: v.name.trim(), manufacturer: v.manufacturer?.trim() || undefined, matrix: v.matrix?.trim() || undefined, active: v.active };
      if (material) await qcApi.updateMaterial(scope, material.id, body);
      else await qcApi.createMaterial(scope, body);
      message.success(t('lisQc.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={material ? t('lisQc.materials.edit') : t('lisQc.materials.add')} okText={t('lisQc.save')} cancelText={t('lisQc.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<QcMaterialInput> form={form} layout="vertical" onFinish={save} initialValues={material ?? { active: true }}>
        <Form.Item name="name" label={t('lisQc.materials.name')} rules={[{ required: true, whitespace: true, message: t('lisQc.required') }]}>
          <Input maxLength={100} placeholder={t('lisQc.materials.nameHint')} />
        </Form.Item>
        <Form.Item name="manufacturer" label={t('lisQc.materials.manufacturer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="matrix" label={t('lisQc.materials.matrix')}>
          <Input maxLength={60} placeholder={t('lisQc.materials.matrixHint')} />
        </Form.Item>
        <Form.Item name="active" label={t('lisQc.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
