import { useMemo, useState } from 'react';
import { Alert, Button, Col, Empty, Row, Space, Spin, Table, Tabs, Tooltip, Typography } from 'antd';
import { FilePdfOutlined, LineChartOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { reportsApi } from '../reports/reports.api.ts';
import { interpretationOf } from './bench-logic.ts';
import { resultsApi, type PatientResults, type ResultRow, type TrendSeries } from './results.api.ts';
import { TrendChart } from './trend-chart.tsx';

type Report = PatientResults['reports'][number];

/** The test shown first: the one with most plotted results, abnormal ones first among equals. */
function firstTest(trends: readonly TrendSeries[]): string | undefined {
  const score = (s: TrendSeries) => s.points.filter((p) => p.value !== null).length * 2 + (s.points.some((p) => p.flag && p.flag !== 'N') ? 1 : 0);
  return [...trends].sort((a, b) => score(b) - score(a))[0]?.testCode;
}

/**
 * 检验结果查询 for doctors (the EMR's view, seed 000 §一 6): a patient's released reports with their results and PDF,
 * and the trend of every test over time (走趋图) against its reference range.
 */
export function ClinicalResultsView({ patientId }: { patientId: string }) {
  const { t, locale } = useI18n();
  const data = useLoad(() => resultsApi.patient(patientId), [patientId]);
  const [tab, setTab] = useState<'reports' | 'trends'>('reports');
  const [reportId, setReportId] = useState<string>();
  const [test, setTest] = useState<string>();
  const [pdf, setPdf] = useState<Report>();
  const reports = data.data?.reports ?? [];
  const trends = useMemo(() => data.data?.trends ?? [], [data.data]);
  const report = reports.find((r) => r.reportId === reportId) ?? reports[0];
  const shownTest = trends.find((s) => s.testCode === test) ?? trends.find((s) => s.testCode === firstTest(trends));
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { hour12: false }) : '');
  const showTrend = (code: string) => {
    setTest(code);
    setTab('trends');
  };

  if (data.error !== undefined) return <Alert type="error" showIcon title={errorText(data.error, locale)} />;
  if (!data.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (!reports.length) return <Empty description={t('lisRes.clinical.none')} />;

  const reportsTab = (
    <Row gutter={16}>
      <Col xs={24} lg={9}>
        <Table<Report>
          data-testid="clinical-reports"
          rowKey="reportId"
          size="small"
          dataSource={reports}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(r) => (r.reportId === report?.reportId ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setReportId(r.reportId), style: { cursor: 'pointer' } })}
          columns={[
            { key: 'time', title: t('lisRes.col.released'), width: 150, render: (_, r) => time(r.reviewedAt ?? r.collectedAt) },
            { key: 'no', title: t('lisRes.col.reportNo'), render: (_, r) => <Typography.Text style={{ fontSize: 12 }}>{r.reportNo}</Typography.Text> },
            { key: 'n', title: t('lisRes.clinical.items'), width: 56, render: (_, r) => r.results.length },
          ]}
        />
      </Col>
      <Col xs={24} lg={15}>
        {report && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text type="secondary">
                {t('lisRes.clinical.reportLine', { no: report.reportNo, reviewer: report.reviewer ?? '—', at: time(report.reviewedAt) })}
              </Typography.Text>
              <Button icon={<FilePdfOutlined />} onClick={() => setPdf(report)} data-testid="clinical-pdf">
                {t('lisRes.clinical.pdf')}
              </Button>
            </Space>
            <Table<ResultRow>
              data-testid="clinical-results"
              rowKey="observationId"
              size="small"
              pagination={false}
              dataSource={report.results}
              columns={[
                { key: 'test', title: t('lisRes.col.test'), render: (_, r) => r.testName },
                { key: 'value', title: t('lisRes.col.value'), render: (_, r) => <ResultValue value={r.value} unit={r.unit} interpretation={interpretationOf(r.flag)} referenceRange={r.referenceRange} /> },
                { key: 'range', title: t('lisRes.col.range'), render: (_, r) => r.referenceRange ?? '' },
                {
                  key: 'trend',
                  title: '',
                  width: 40,
                  render: (_, r) =>
                    trends.some((s) => s.testCode === r.testCode) && (
                      <Tooltip title={t('lisRes.action.trend')}>
                        <Button type="text" size="small" icon={<LineChartOutlined />} aria-label={t('lisRes.action.trend')} onClick={() => showTrend(r.testCode)} />
                      </Tooltip>
                    ),
                },
              ]}
            />
          </Space>
        )}
      </Col>
    </Row>
  );

  const trendsTab = (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Table<TrendSeries>
          data-testid="clinical-tests"
          rowKey="testCode"
          size="small"
          dataSource={trends}
          pagination={false}
          scroll={{ y: 460 }}
          rowClassName={(s) => (s.testCode === shownTest?.testCode ? 'ant-table-row-selected' : '')}
          onRow={(s) => ({ onClick: () => setTest(s.testCode), style: { cursor: 'pointer' } })}
          columns={[
            { key: 'test', title: t('lisRes.col.test'), render: (_, s) => s.testName },
            {
              key: 'last',
              title: t('lisRes.clinical.latest'),
              render: (_, s) => {
                const last = s.points[s.points.length - 1];
                return last ? <ResultValue value={last.text} unit={s.unit} interpretation={interpretationOf(last.flag)} /> : '';
              },
            },
            { key: 'n', title: t('lisRes.clinical.times'), width: 56, render: (_, s) => s.points.length },
          ]}
        />
      </Col>
      <Col xs={24} lg={16}>
        {shownTest ? (
          <>
            <Typography.Title level={5}>{t('lisRes.trend.title', { test: `${shownTest.testName}${shownTest.unit ? ` (${shownTest.unit})` : ''}` })}</Typography.Title>
            <TrendChart series={shownTest} height={340} />
          </>
        ) : (
          <Empty />
        )}
      </Col>
    </Row>
  );

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'reports' | 'trends')}
        items={[
          { key: 'reports', label: t('lisRes.clinical.reports', { count: reports.length }), children: reportsTab },
          { key: 'trends', label: t('lisRes.clinical.trends', { count: trends.length }), children: trendsTab },
        ]}
      />
      <PdfPreview open={!!pdf} title={pdf?.reportNo ?? ''} load={() => reportsApi.pdf(pdf!.reportId)} onClose={() => setPdf(undefined)} />
    </>
  );
}
