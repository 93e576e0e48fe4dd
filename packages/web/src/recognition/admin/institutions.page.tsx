import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useInstitutions } from '../../admin/common/use-institutions.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { LEVELS, recognitionAdminApi, type RecInstitution } from './recognition-admin.api.ts';

type Editing = RecInstitution | 'new' | null;

/** 互认机构: participating institutions, found by name, code or pinyin; add, edit level and contact, enable/disable. */
export default function RecognitionInstitutionsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const list = useLoad(() => recognitionAdminApi.institutions(q), [q]);
  const [editing, setEditing] = useState<Editing>(null);

  const setEnabled = async (row: RecInstitution, enabled: boolean) => {
    try {
      await recognitionAdminApi.saveInstitution(row.organizationId, { level: row.level, enabled });
      message.success(t('recAdmin.saved'));
      list.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  return (
    <Card
      title={t('recAdmin.inst.title')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('recAdmin.search')} aria-label={t('recAdmin.search')} onSearch={setQ} style={{ width: 260 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('recAdmin.inst.add')}
          </Button>
        </Space>
      }
    >
      <Table<RecInstitution>
        rowKey="organizationId"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { key: 'code', title: t('recAdmin.inst.code'), dataIndex: 'code', width: 110 },
          { key: 'name', title: t('recAdmin.inst.name'), dataIndex: 'name' },
          { key: 'shortName', title: t('recAdmin.inst.shortName'), dataIndex: 'shortName', width: 120 },
          { key: 'level', title: t('recAdmin.inst.level'), dataIndex: 'level', width: 110 },
          { key: 'contact', title: t('recAdmin.inst.contact'), dataIndex: 'contact', width: 110 },
          { key: 'phone', title: t('recAdmin.inst.phone'), dataIndex: 'phone', width: 140 },
          {
            key: 'enabled',
            title: t('recAdmin.inst.enabled'),
            width: 100,
            render: (_, r) => <Tag color={r.enabled ? 'green' : 'default'}>{t(r.enabled ? 'recAdmin.inst.on' : 'recAdmin.inst.off')}</Tag>,
          },
          {
            key: 'actions',
            title: t('recAdmin.actions'),
            width: 150,
            render: (_, r) => (
              <Space size="small">
                <Button type="link" size="small" onClick={() => setEditing(r)}>
                  {t('recAdmin.edit')}
                </Button>
                {r.enabled ? (
                  <Popconfirm title={`${t('recAdmin.inst.disable')} ${r.name}?`} onConfirm={() => setEnabled(r, false)}>
                    <Button type="link" size="small" danger>
                      {t('recAdmin.inst.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void setEnabled(r, true)}>
                    {t('recAdmin.inst.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <InstitutionDialog
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}

interface FormValues {
  organization: string;
  shortName?: string;
  level: string;
  contact?: string;
  phone?: string;
}

function InstitutionDialog({ editing, onClose, onSaved }: { editing: Exclude<Editing, null>; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const isNew = editing === 'new';
  const { institutions } = useInstitutions(isNew);

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const { organization, ...body } = values;
      await recognitionAdminApi.saveInstitution(isNew ? organization : editing.organizationId, body);
      message.success(t('recAdmin.saved'));
      onSaved();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={isNew ? t('recAdmin.inst.add') : `${t('recAdmin.edit')} · ${editing.name}`} okText={t('recAdmin.save')} cancelText={t('recAdmin.cancel')} confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" initialValues={isNew ? { level: '一级' } : { organization: editing.organizationId, shortName: editing.shortName, level: editing.level, contact: editing.contact, phone: editing.phone }} onFinish={submit}>
        {isNew && (
          <Form.Item name="organization" label={t('recAdmin.inst.organization')} rules={[{ required: true, message: t('recAdmin.inst.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={institutions.filter((i) => i.provider).map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
        )}
        <Form.Item name="level" label={t('recAdmin.inst.level')} rules={[{ required: true, message: t('recAdmin.inst.required') }]}>
          <Select options={LEVELS.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
        <Form.Item name="shortName" label={t('recAdmin.inst.shortName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contact" label={t('recAdmin.inst.contact')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('recAdmin.inst.phone')}>
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
