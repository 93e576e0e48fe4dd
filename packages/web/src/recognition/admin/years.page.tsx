import { useState } from 'react';
import type { Coding } from '@medplum/fhirtypes';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { EXAM_CATALOGUE, LAB_CATALOGUE, recognitionAdminApi, type RecItem } from './recognition-admin.api.ts';
import { useYears } from './use-years.ts';

/** 互认年度与项目: years (new, copying last year's items) and each year's items with their window and constraints. */
export default function RecognitionYearsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { years, year, setYear, reload: reloadYears } = useYears();
  const items = useLoad(() => recognitionAdminApi.items(year!), [year], year !== undefined);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<RecItem | null>(null);
  const [adding, setAdding] = useState<Coding[]>([]);

  const save = async (changes: (Partial<RecItem> & { code: string })[]) => {
    try {
      await recognitionAdminApi.saveItems(year!, changes);
      message.success(t('recAdmin.saved'));
      items.reload();
      reloadYears();
      return true;
    } catch (err) {
      message.error(errorText(err, locale));
      return false;
    }
  };

  return (
    <Card
      title={t('recAdmin.years.title')}
      extra={
        <Space>
          <Select
            aria-label={t('recAdmin.year')}
            style={{ width: 200 }}
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y.year, label: `${y.name}（${t('recAdmin.years.itemCount', { count: y.itemCount })}）` }))}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('recAdmin.years.create')}
          </Button>
        </Space>
      }
    >
      {year === undefined ? (
        <Empty description={t('recAdmin.years.noYear')} />
      ) : (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <span>{t('recAdmin.years.addItems')}</span>
            {[
              ['lab', LAB_CATALOGUE, t('recAdmin.years.addLab')],
              ['exam', EXAM_CATALOGUE, t('recAdmin.years.addExam')],
            ].map(([kind, system, label]) => (
              <div key={kind} data-testid={`add-${kind}-items`} style={{ width: 280 }}>
                <DictionaryPicker
                  multiple
                  placeholder={label}
                  source={{ codeSystem: system }}
                  value={adding.filter((c) => c.system === system)}
                  onChange={(v) => setAdding([...adding.filter((c) => c.system !== system), ...((v as Coding[] | undefined) ?? [])])}
                />
              </div>
            ))}
            <Button disabled={!adding.length} onClick={async () => (await save(adding.map((c) => ({ code: c.code! })))) && setAdding([])}>
              {t('recAdmin.years.add')}
            </Button>
          </Space>
          <Table<RecItem>
            rowKey="code"
            size="middle"
            loading={items.loading}
            dataSource={items.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { key: 'code', title: t('recAdmin.years.code'), dataIndex: 'code', width: 120 },
              { key: 'name', title: t('recAdmin.years.itemName'), dataIndex: 'name' },
              { key: 'kind', title: t('recAdmin.years.kind'), width: 80, render: (_, r) => <Tag>{t(r.kind === 'lab' ? 'recAdmin.lab' : 'recAdmin.exam')}</Tag> },
              { key: 'validityDays', title: t('recAdmin.years.validityDays'), dataIndex: 'validityDays', width: 110 },
              { key: 'specimen', title: t('recAdmin.years.specimen'), dataIndex: 'specimen', width: 100 },
              { key: 'bodyPart', title: t('recAdmin.years.bodyPart'), dataIndex: 'bodyPart', width: 100 },
              { key: 'method', title: t('recAdmin.years.method'), dataIndex: 'methodConstraint' },
              { key: 'active', title: t('recAdmin.years.active'), width: 80, render: (_, r) => <Switch size="small" checked={r.active} onChange={(active) => void save([{ code: r.code, active }])} /> },
              {
                key: 'actions',
                title: t('recAdmin.actions'),
                width: 80,
                render: (_, r) => (
                  <Button type="link" size="small" onClick={() => setEditing(r)}>
                    {t('recAdmin.edit')}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
      {creating && (
        <CreateYearDialog
          years={years.map((y) => y.year)}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            reloadYears();
            setYear(created);
          }}
        />
      )}
      {editing && <ItemDialog item={editing} onClose={() => setEditing(null)} onSave={async (change) => (await save([change])) && setEditing(null)} />}
    </Card>
  );
}

function CreateYearDialog({ years, onClose, onCreated }: { years: number[]; onClose(): void; onCreated(year: number): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ year: number; name?: string; copyFrom?: number }>();
  const next = years.length ? Math.max(...years) + 1 : new Date().getFullYear();
  const submit = async (values: { year: number; name?: string; copyFrom?: number }) => {
    try {
      await recognitionAdminApi.createYear({ year: values.year, ...(values.name ? { name: values.name } : {}), ...(values.copyFrom ? { copyFrom: values.copyFrom } : {}) });
      message.success(t('recAdmin.years.created', { year: values.year }));
      onCreated(values.year);
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };
  return (
    <Modal open title={t('recAdmin.years.create')} okText={t('recAdmin.save')} cancelText={t('recAdmin.cancel')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year: next, copyFrom: years.length ? Math.max(...years) : undefined }} onFinish={submit}>
        <Form.Item name="year" label={t('recAdmin.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="name" label={t('recAdmin.years.name')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="copyFrom" label={t('recAdmin.years.copyFrom')}>
          <Select allowClear placeholder={t('recAdmin.years.noCopy')} options={years.map((y) => ({ value: y, label: String(y) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ItemDialog({ item, onClose, onSave }: { item: RecItem; onClose(): void; onSave(change: Partial<RecItem> & { code: string }): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Partial<RecItem>>();
  return (
    <Modal open title={t('recAdmin.years.editItem', { name: item.name })} okText={t('recAdmin.save')} cancelText={t('recAdmin.cancel')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={item} onFinish={(v) => onSave({ code: item.code, ...v })}>
        <Form.Item name="validityDays" label={t('recAdmin.years.validityDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={3650} style={{ width: '100%' }} />
        </Form.Item>
        {item.kind === 'lab' ? (
          <Form.Item name="specimen" label={t('recAdmin.years.specimen')}>
            <Input maxLength={40} />
          </Form.Item>
        ) : (
          <Form.Item name="bodyPart" label={t('recAdmin.years.bodyPart')}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        <Form.Item name="methodConstraint" label={t('recAdmin.years.method')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="active" label={t('recAdmin.years.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
