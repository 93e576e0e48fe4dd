import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Space, Spin, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PictureOutlined } from '@ant-design/icons';
import { downloadUrl } from '../../api/download.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { Chart, lineChartOption } from '../../widgets/chart/chart.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { downloadReport, itemTrend, reportPdf, type DownloadedReport, type PatientRef, type ReportResult, type TrendPoint } from './recognition.api.ts';
import { localTime } from './results-table.tsx';

/**
 * 报告全文: structured results (coloured by interpretation), findings and conclusion, the PDF, the image link of an
 * exam, the trend of an analyte across visits, and "save to the local record" (the downloadReport JSON as a file).
 */
export function ReportDrawer({ reportId, focusItem, patient, onClose }: { reportId: string; focusItem?: string; patient: PatientRef; onClose(): void }) {
  const { t } = useI18n();
  const [data, setData] = useState<DownloadedReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pdfOpen, setPdfOpen] = useState(false);
  const [trendItem, setTrendItem] = useState<string | undefined>(focusItem);
  const [trend, setTrend] = useState<TrendPoint[] | null>(null);

  useEffect(() => {
    let live = true;
    downloadReport(reportId, patient).then(
      (d) => {
        if (!live) return;
        setData(d);
        setTrendItem((current) => current && d.results.some((r) => r.itemCode === current) ? current : d.results[0]?.itemCode);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [reportId, patient.mrn, patient.idCard, patient.patient]);

  useEffect(() => {
    if (!trendItem || data?.report.kind !== 'lab') return;
    let live = true;
    itemTrend(patient, trendItem).then((r) => live && setTrend(r.points), () => live && setTrend([]));
    return () => {
      live = false;
    };
  }, [trendItem, data?.report.kind, patient.mrn, patient.idCard, patient.patient]);

  const saveLocal = () => {
    if (!data) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    downloadUrl(url, `${data.report.reportNo}.json`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const r = data?.report;
  return (
    <Drawer open width={860} title={r ? t('recognition.doctor.report.title', { reportNo: r.reportNo }) : ''} onClose={onClose} rootClassName="recognition-report-drawer">
      {error && <Alert type="error" showIcon title={error} />}
      {!data && !error && <Spin />}
      {r && data && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <Button icon={<FilePdfOutlined />} disabled={!data.pdf} onClick={() => setPdfOpen(true)}>
              {data.pdf ? t('recognition.doctor.report.pdf') : t('recognition.doctor.report.noPdf')}
            </Button>
            {r.imageUrl && (
              <Button icon={<PictureOutlined />} href={r.imageUrl} target="_blank" rel="noopener noreferrer">
                {t('recognition.doctor.report.images')}
              </Button>
            )}
            <Button type="primary" icon={<DownloadOutlined />} onClick={saveLocal}>
              {t('recognition.doctor.report.saveLocal')}
            </Button>
          </Space>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('recognition.doctor.col.item')}>{r.itemName ?? r.itemCode}</Descriptions.Item>
            <Descriptions.Item label={t('recognition.doctor.col.institution')}>{r.institutionName ?? r.institution}</Descriptions.Item>
            <Descriptions.Item label={t('recognition.doctor.col.effective')}>{localTime(r.effective)}</Descriptions.Item>
            <Descriptions.Item label={t('recognition.doctor.col.reportNo')}>
              {r.reportNo} {r.critical && <Tag color="red">{t('recognition.doctor.report.critical')}</Tag>}
            </Descriptions.Item>
            {r.findings && <Descriptions.Item span={2} label={t('recognition.doctor.report.findings')}>{r.findings}</Descriptions.Item>}
            {r.conclusion && <Descriptions.Item span={2} label={t('recognition.doctor.report.conclusion')}>{r.conclusion}</Descriptions.Item>}
          </Descriptions>
          {data.results.length > 0 && (
            <Table<ReportResult>
              size="small"
              pagination={false}
              rowKey={(x) => x.itemCode ?? x.itemName}
              dataSource={data.results}
              onRow={(x) => ({ onClick: () => x.itemCode && setTrendItem(x.itemCode), style: { cursor: 'pointer' } })}
              rowClassName={(x) => (x.itemCode === trendItem ? 'ant-table-row-selected' : '')}
              columns={[
                { title: t('recognition.doctor.col.item'), render: (_, x) => (<><Tag>{x.itemCode}</Tag>{x.itemName}</>) },
                { title: t('recognition.doctor.col.result'), render: (_, x) => (x.value !== undefined ? <ResultValue value={x.value} unit={x.unit} interpretation={x.flag} referenceRange={x.referenceRange} /> : '—') },
                { title: t('recognition.doctor.report.range'), dataIndex: 'referenceRange' },
              ]}
            />
          )}
          {r.kind === 'lab' && trendItem && trend && (
            <div>
              <Typography.Text strong>{t('recognition.doctor.report.trend', { item: data.results.find((x) => x.itemCode === trendItem)?.itemName ?? trendItem })}</Typography.Text>
              <Chart
                height={240}
                empty={trend.every((p) => p.value === undefined)}
                option={lineChartOption({
                  categories: trend.map((p) => `${localTime(p.effective)} ${p.institutionName ?? ''}`),
                  series: [{ name: trendItem, data: trend.map((p) => p.value ?? null) }],
                  yName: trend.find((p) => p.unit)?.unit,
                })}
              />
            </div>
          )}
        </Space>
      )}
      <PdfPreview open={pdfOpen} title={r ? t('recognition.doctor.report.title', { reportNo: r.reportNo }) : ''} load={() => reportPdf(reportId, patient)} onClose={() => setPdfOpen(false)} />
    </Drawer>
  );
}
