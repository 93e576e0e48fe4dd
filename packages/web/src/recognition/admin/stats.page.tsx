import { useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { saveBlob } from '../../api/download.ts';
import { Chart, barChartOption, lineChartOption, pieChartOption } from '../../widgets/chart/chart.tsx';
import { DashboardGrid, type DashboardWidget } from '../../widgets/dashboard/dashboard-grid.tsx';
import { statsApi, type StatsDimension, type StatsRow, type StatsScope } from './stats.api.ts';

const EXPORTS: StatsDimension[] = ['institution', 'item', 'department', 'doctor', 'reason'];
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);

/**
 * 互认统计 (seed 001 §1.9.3.4): a month's recognitions and refusals — KPI cards, by institution, refusal reasons,
 * the year's trend, top items and the PBRTQC overview — with Excel export of each breakdown. Region users may
 * narrow to one institution; an institution's users see their own (the server enforces it).
 */
export default function RecognitionStatsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const regionWide = !!me.regionAdmin || !me.institution;
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [institution, setInstitution] = useState<string | undefined>();
  const [exporting, setExporting] = useState<StatsDimension | null>(null);
  const scope: StatsScope = { month: month.format('YYYY-MM'), institution };
  const key = [scope.month, institution];

  const summary = useLoad(() => statsApi.summary(scope), key);
  const institutions = useLoad(() => statsApi.breakdown('institution', scope), key);
  const reasons = useLoad(() => statsApi.breakdown('reason', scope), key);
  const items = useLoad(() => statsApi.breakdown('item', scope, 10), key);
  const trend = useLoad(() => statsApi.trend(month.year(), institution), [month.year(), institution]);
  const qc = useLoad(() => statsApi.qc(scope), key);
  // The region's institutions for the picker come from the unscoped institution breakdown.
  const choices = useLoad(() => statsApi.breakdown('institution', { month: scope.month }), [scope.month], regionWide);

  const exportBreakdown = async (by: StatsDimension) => {
    setExporting(by);
    try {
      const { blob, filename } = await statsApi.exportBreakdown(by, scope);
      saveBlob(blob, filename ?? `recognition-${by}-${scope.month}.xlsx`);
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setExporting(null);
    }
  };

  const s = summary.data;
  const kpi = (testId: string, title: string, value: string | number, suffix?: string) => (
    <Col xs={12} md={8} xl={4} key={testId}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} suffix={suffix} loading={summary.loading && !s} />
      </Card>
    </Col>
  );

  const widgets = useMemo<DashboardWidget[]>(() => {
    const rows = institutions.data ?? [];
    const months = trend.data ?? [];
    return [
      {
        id: 'by-institution',
        title: t('recAdmin.stats.byInstitution'),
        defaultWidth: 2,
        render: () => (
          <div data-testid="stats-institution-chart">
            <Chart
              height={260}
              empty={!rows.length}
              option={barChartOption({
                categories: rows.map((r) => r.label),
                series: [
                  { name: t('recAdmin.stats.recognized'), data: rows.map((r) => r.recognized) },
                  { name: t('recAdmin.stats.refused'), data: rows.map((r) => r.refused) },
                  { name: t('recAdmin.stats.producerRecognized'), data: rows.map((r) => r.producerRecognized ?? 0) },
                  { name: t('recAdmin.stats.uploads'), data: rows.map((r) => r.uploads ?? 0) },
                ],
                integer: true,
              })}
            />
          </div>
        ),
      },
      {
        id: 'reasons',
        title: t('recAdmin.stats.reasons'),
        defaultWidth: 2,
        render: () => (
          <div data-testid="stats-reason-chart">
            <Chart height={260} empty={!reasons.data?.length} option={pieChartOption({ data: (reasons.data ?? []).map((r) => ({ name: r.label, value: r.refused })), donut: true })} />
          </div>
        ),
      },
      {
        id: 'trend',
        title: t('recAdmin.stats.trend', { year: month.year() }),
        defaultWidth: 4,
        render: () => (
          <Chart
            height={260}
            empty={!months.length}
            option={lineChartOption({
              categories: months.map((m) => m.month.slice(5)),
              series: [
                { name: t('recAdmin.stats.recognized'), data: months.map((m) => m.recognized) },
                { name: t('recAdmin.stats.refused'), data: months.map((m) => m.refused) },
                { name: t('recAdmin.stats.offersShown'), data: months.map((m) => m.offersShown) },
              ],
              integer: true,
            })}
          />
        ),
      },
      {
        id: 'top-items',
        title: t('recAdmin.stats.topItems'),
        defaultWidth: 2,
        render: () => (
          <Table<StatsRow>
            data-testid="stats-top-items"
            size="small"
            rowKey={(r) => r.key ?? ''}
            pagination={false}
            loading={items.loading}
            dataSource={items.data ?? []}
            columns={[
              { key: 'item', title: t('recAdmin.item'), render: (_, r) => r.label },
              { key: 'recognized', title: t('recAdmin.stats.recognized'), dataIndex: 'recognized', width: 70 },
              { key: 'refused', title: t('recAdmin.stats.refused'), dataIndex: 'refused', width: 70 },
              { key: 'money', title: t('recAdmin.stats.moneySaved'), width: 100, render: (_, r) => r.moneySaved.toFixed(2) },
            ]}
          />
        ),
      },
      {
        id: 'qc',
        title: t('recAdmin.stats.qc'),
        defaultWidth: 2,
        render: () => (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="stats-qc">
            <Space wrap>
              <Tag>{t('recAdmin.stats.qcItems', { count: qc.data?.monitoredItems ?? 0 })}</Tag>
              <Tag>{t('recAdmin.stats.qcRaised', { count: qc.data?.alarmsRaised ?? 0 })}</Tag>
              <Tag color={qc.data?.openAlarms ? 'red' : 'default'}>{t('recAdmin.stats.qcOpen', { count: qc.data?.openAlarms ?? 0 })}</Tag>
            </Space>
            <Table
              size="small"
              rowKey="institution"
              pagination={false}
              loading={qc.loading}
              dataSource={qc.data?.institutions ?? []}
              columns={[
                { key: 'institution', title: t('recAdmin.institution'), dataIndex: 'label' },
                { key: 'items', title: t('recAdmin.stats.qcItemsShort'), dataIndex: 'monitoredItems', width: 80 },
                { key: 'raised', title: t('recAdmin.stats.qcRaisedShort'), dataIndex: 'alarmsRaised', width: 80 },
                { key: 'open', title: t('recAdmin.stats.qcOpenShort'), width: 80, render: (_, r) => (r.openAlarms ? <Tag color="red">{r.openAlarms}</Tag> : 0) },
              ]}
            />
          </Space>
        ),
      },
    ];
  }, [institutions.data, reasons.data, items.data, items.loading, trend.data, qc.data, qc.loading, month, t]);

  return (
    <Card
      title={t('recAdmin.stats.title')}
      extra={
        <Space wrap>
          <DatePicker picker="month" allowClear={false} aria-label={t('recAdmin.stats.month')} value={month} onChange={(v) => v && setMonth(v)} />
          {regionWide && (
            <Select
              aria-label={t('recAdmin.institution')}
              style={{ width: 220 }}
              allowClear
              placeholder={t('recAdmin.stats.region')}
              value={institution}
              onChange={setInstitution}
              options={(choices.data ?? []).map((r) => ({ value: r.key ?? '', label: r.label }))}
            />
          )}
        </Space>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {kpi('kpi-uploads', t('recAdmin.stats.uploads'), s?.uploads ?? 0)}
        {kpi('kpi-shown', t('recAdmin.stats.offersShown'), s?.offersShown ?? 0)}
        {kpi('kpi-recognized', t('recAdmin.stats.recognized'), s?.recognized ?? 0)}
        {kpi('kpi-refused', t('recAdmin.stats.refused'), s?.refused ?? 0)}
        {kpi('kpi-rate', t('recAdmin.stats.rate'), percent(s?.rate ?? null))}
        {kpi('kpi-money', t('recAdmin.stats.moneySaved'), (s?.moneySaved ?? 0).toFixed(2), t('recAdmin.stats.yuan'))}
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('recAdmin.stats.export')}</span>
        {EXPORTS.map((by) => (
          <Button key={by} size="small" icon={<DownloadOutlined />} loading={exporting === by} onClick={() => void exportBreakdown(by)}>
            {t(`recAdmin.stats.by.${by}`)}
          </Button>
        ))}
      </Space>
      <DashboardGrid settingsKey="dashboard.recognition-stats" widgets={widgets} />
    </Card>
  );
}
