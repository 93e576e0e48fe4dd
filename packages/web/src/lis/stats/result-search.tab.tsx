import { useState } from 'react';
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Reference } from '@medplum/fhirtypes';
import dayjs, { type Dayjs } from 'dayjs';
import type { LabResultRow } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { ReferencePicker } from '../../widgets/picker/reference-picker.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { InstrumentPicker, TestPicker } from '../qc/lab-pickers.tsx';
import { labToday } from '../qc/qc-text.ts';
import type { Lab } from '../qc/use-lab.ts';
import { ExportButton, PeriodPicker } from './stats-controls.tsx';
import { isResultStatus, periodOf, resultQuery } from './stats-format.ts';
import { statsApi, type ResultQuery } from './stats.api.ts';

interface SearchForm extends Omit<ResultQuery, 'doctor'> {
  doctor?: Reference;
}

/**
 * 检验结果查询 (seed 001 §1.4.1.3): the last three days by default (collection time), narrowed by a character of the
 * name (模糊查询), inpatient / record number, analyzer, barcode, ordering doctor or test. The server searches as the
 * caller, so roles and access policies decide which patients appear; Excel export of the same search.
 */
export function ResultSearchTab({ lab }: { lab: Lab }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SearchForm>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [labToday().subtract(2, 'day'), labToday()]);
  const [query, setQuery] = useState<ResultQuery>({});
  const period = periodOf(range);
  const data = useLoad(() => statsApi.results(lab.scope, period, query), [lab.scope, period.from, period.to, JSON.stringify(query)], lab.ready);
  const search = (v: SearchForm) => setQuery(resultQuery({ ...v, doctor: v.doctor?.reference }));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Form<SearchForm> form={form} layout="inline" onFinish={search} style={{ rowGap: 8 }}>
        <Form.Item label={t('lisStats.period')}>
          <PeriodPicker value={range} onChange={setRange} />
        </Form.Item>
        <Form.Item name="name" label={t('lisStats.search.name')}>
          <Input allowClear style={{ width: 120 }} placeholder={t('lisStats.search.nameHint')} />
        </Form.Item>
        <Form.Item name="inpatientNo" label={t('lisStats.search.inpatientNo')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="barcode" label={t('lisStats.search.barcode')}>
          <Input allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="testCode" label={t('lisQc.test')}>
          <TestPicker lab={lab} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="instrumentId" label={t('lisQc.instrument')}>
          <InstrumentPicker lab={lab} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="doctor" label={t('lisStats.search.doctor')}>
          <ReferencePicker targetTypes={['Practitioner']} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('lisStats.search.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setQuery({});
              }}
            >
              {t('lisStats.search.reset')}
            </Button>
            <ExportButton load={() => statsApi.export(lab.scope, period, 'results', query)} fallbackName={`lis-results-${period.from}-${period.to}.xlsx`} testId="export-results" />
          </Space>
        </Form.Item>
      </Form>
      {data.data?.more && <Alert type="info" showIcon title={t('lisStats.search.more', { count: data.data.rows.length })} />}
      <Table<LabResultRow>
        data-testid="stats-results"
        size="small"
        rowKey="observationId"
        loading={data.loading}
        dataSource={data.data?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        columns={[
          { key: 'name', title: t('lisStats.search.name'), width: 90, render: (_, r) => r.patientName ?? r.patientId ?? '' },
          { key: 'barcode', title: t('lisStats.search.barcode'), width: 130, dataIndex: 'barcode' },
          { key: 'test', title: t('lisQc.test'), render: (_, r) => `${r.testCode ?? ''} ${r.testName ?? ''}` },
          { key: 'value', title: t('lisStats.search.value'), width: 140, render: (_, r) => (r.value === undefined ? '' : <ResultValue value={r.value} unit={r.unit} interpretation={r.flag} />) },
          { key: 'status', title: t('lisStats.search.status'), width: 100, render: (_, r) => (isResultStatus(r.status) ? t(`lisStats.status.${r.status}`) : r.status) },
          { key: 'effective', title: t('lisStats.search.collected'), width: 140, render: (_, r) => (r.effective ? dayjs(r.effective).format('YYYY-MM-DD HH:mm') : '') },
          { key: 'instrument', title: t('lisQc.instrument'), width: 160, render: (_, r) => lab.instrumentName(r.instrumentId) },
          { key: 'requester', title: t('lisStats.search.doctor'), width: 90, dataIndex: 'requester' },
        ]}
      />
      <Typography.Text type="secondary">{t('lisStats.search.hint')}</Typography.Text>
    </Space>
  );
}
