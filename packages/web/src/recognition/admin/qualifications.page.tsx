import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Form, Input, Select, Space, Switch, Table, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { recognitionAdminApi, type RecItem, type RecQualification } from './recognition-admin.api.ts';
import { useYears } from './use-years.ts';

interface BulkValues {
  items: string[];
  institutions: string[];
  allowed: boolean;
  from?: string;
  to?: string;
}

/** 互认资格: per year, a matrix of items × participating institutions (allowed, with dates), set one by one or in bulk. */
export default function RecognitionQualificationsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { years, year, setYear } = useYears();
  const institutions = useLoad(() => recognitionAdminApi.institutions(), []);
  const data = useLoad(async () => ({ items: await recognitionAdminApi.items(year!), qualifications: await recognitionAdminApi.qualifications(year!) }), [year], year !== undefined);
  const [form] = Form.useForm<BulkValues>();
  const [itemFilter, setItemFilter] = useState('');

  const participants = useMemo(() => (institutions.data ?? []).filter((i) => i.enabled), [institutions.data]);
  const byKey = useMemo(() => new Map((data.data?.qualifications ?? []).map((q) => [`${q.item}|${q.institution}`, q])), [data.data]);
  const items = useMemo(() => (data.data?.items ?? []).filter((i) => !itemFilter || i.code.toLowerCase().includes(itemFilter.toLowerCase()) || i.name.includes(itemFilter)), [data.data, itemFilter]);

  const save = async (entries: RecQualification[]) => {
    try {
      await recognitionAdminApi.saveQualifications(year!, entries);
      message.success(t('recAdmin.qual.savedCount', { count: entries.length }));
      data.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };
  const bulk = (v: BulkValues) =>
    save(v.items.flatMap((item) => v.institutions.map((institution) => ({ item, institution, allowed: v.allowed, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) }))));

  return (
    <Card
      title={t('recAdmin.qual.title')}
      extra={<Select aria-label={t('recAdmin.year')} style={{ width: 160 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y.year, label: y.name }))} />}
    >
      {year === undefined ? (
        <Empty description={t('recAdmin.years.noYear')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('recAdmin.qual.hint')}</Typography.Paragraph>
          <Form<BulkValues> form={form} layout="inline" initialValues={{ allowed: true, items: [], institutions: [] }} onFinish={bulk} style={{ marginBottom: 12, rowGap: 8 }}>
            <Form.Item name="items" label={t('recAdmin.qual.items')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" style={{ minWidth: 220 }} showSearch={{ optionFilterProp: 'label' }} options={(data.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))} />
            </Form.Item>
            <Form.Item name="institutions" label={t('recAdmin.qual.institutions')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="multiple" style={{ minWidth: 220 }} showSearch={{ optionFilterProp: 'label' }} options={participants.map((i) => ({ value: i.organizationId, label: i.name }))} />
            </Form.Item>
            <Form.Item name="allowed" label={t('recAdmin.qual.allowed')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item label={t('recAdmin.qual.dates')}>
              <Space.Compact>
                <Form.Item name="from" noStyle>
                  <Input type="date" aria-label="from" style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name="to" noStyle>
                  <Input type="date" aria-label="to" style={{ width: 150 }} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('recAdmin.qual.apply')}
            </Button>
          </Form>
          <Input.Search allowClear placeholder={t('recAdmin.search')} style={{ width: 240, marginBottom: 8 }} onSearch={setItemFilter} />
          <Table<RecItem>
            rowKey="code"
            size="small"
            bordered
            loading={data.loading || institutions.loading}
            dataSource={items}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            columns={[
              { key: 'item', title: t('recAdmin.item'), fixed: 'left', width: 200, render: (_, r) => `${r.code} ${r.name}` },
              ...participants.map((inst) => ({
                key: inst.organizationId,
                title: inst.shortName ?? inst.name,
                width: 110,
                align: 'center' as const,
                render: (_: unknown, r: RecItem) => {
                  const q = byKey.get(`${r.code}|${inst.organizationId}`);
                  const box = (
                    <Checkbox
                      aria-label={`${r.code} ${inst.name}`}
                      checked={!!q?.allowed}
                      onChange={(e) => void save([{ item: r.code, institution: inst.organizationId, allowed: e.target.checked, ...(q?.from ? { from: q.from } : {}), ...(q?.to ? { to: q.to } : {}) }])}
                    />
                  );
                  return q?.from || q?.to ? <Tooltip title={t('recAdmin.qual.period', { from: q.from ?? '…', to: q.to ?? '…' })}>{box}</Tooltip> : box;
                },
              })),
            ]}
          />
        </>
      )}
    </Card>
  );
}
