import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, LinkOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { interpretationOf, reportFacts } from '../results/bench-logic.ts';
import { fhirApi } from '../results/results.api.ts';
import { isReleased, verifyPageUrl } from './report-logic.ts';
import { ReportStateMark } from './report-state.tsx';
import { reportsApi, type PageSize, type PrintLogEntry, type ResultRow } from './reports.api.ts';

export const PAPERS: PageSize[] = ['A4', 'A5', 'B5'];

export interface ReportPreviewProps {
  reportId: string;
  onClose(): void;
  /** Names of panel codes, when the page knows the catalogue. */
  panelNames?(codes: readonly string[]): string;
  /** After a printing from here (the list's counts change). */
  onPrinted?(): void;
}

/**
 * 报告预览: the report's results, its printings (补打 marked), the 互认 push, the public verification page of its
 * anti-counterfeit code, and the PDF on A4/A5/B5 (unreleased reports come stamped 未审核).
 */
export function ReportPreviewDrawer({ reportId, onClose, panelNames, onPrinted }: ReportPreviewProps) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [paper, setPaper] = useState<PageSize | undefined>();
  const [pdf, setPdf] = useState<'preview' | 'print' | null>(null);
  const report = useLoad(() => reportsApi.get(reportId), [reportId]);
  const prints = useLoad(() => reportsApi.prints(reportId), [reportId]);
  const facts = useLoad(async () => (await fhirApi.reports([reportId])).map(reportFacts)[0], [reportId]);
  const r = report.data;
  const released = !!r && isReleased(r.status);
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { hour12: false }) : '—');
  const canPrint = released && holds(me.permissions, 'lis.report.print');
  const canRetry = holds(me.permissions, 'lis.result.review') && r?.recognition?.status === 'failed';

  const retry = async () => {
    try {
      await reportsApi.retryPush(reportId);
      message.success(t('lisRes.push.retried'));
      report.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  return (
    <Drawer open size={720} title={r ? t('lisRes.preview.title', { no: r.reportNo }) : t('lisRes.preview.loading')} onClose={onClose} destroyOnHidden>
      {report.error !== undefined && <Alert type="error" showIcon title={errorText(report.error, locale)} />}
      {r && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="report-preview">
          <Space wrap>
            <Select<PageSize> allowClear placeholder={t('lisRes.paper.template')} aria-label={t('lisRes.paper.label')} style={{ width: 150 }} value={paper} onChange={setPaper} options={PAPERS.map((p) => ({ value: p, label: p }))} />
            <Button type="primary" icon={<FilePdfOutlined />} onClick={() => setPdf('preview')}>
              {t('lisRes.action.previewPdf')}
            </Button>
            {canPrint && (
              <Button icon={<PrinterOutlined />} onClick={() => setPdf('print')}>
                {t(r.printedCount > 0 ? 'lisRes.print.reprint' : 'lisRes.print.print')}
              </Button>
            )}
            {released && facts.data?.verifyCode && (
              <Typography.Link href={verifyPageUrl(facts.data.verifyCode)} target="_blank" rel="noopener" data-testid="verify-link">
                <LinkOutlined /> {t('lisRes.preview.verify')}
              </Typography.Link>
            )}
          </Space>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('lisRes.col.state')}>
              <ReportStateMark report={r} />
            </Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.patient')}>{r.patientName}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.panels')}>{panelNames ? panelNames(r.panels) : r.panels.join(', ')}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.barcode')}>{r.barcode}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.department')}>{r.department ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.doctor')}>{r.doctor ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.collected')}>{time(r.collectedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('lisRes.col.reviewer')}>{r.reviewer ? `${r.reviewer} · ${time(r.reviewedAt)}` : '—'}</Descriptions.Item>
          </Descriptions>
          <Table<ResultRow>
            size="small"
            rowKey="observationId"
            pagination={false}
            dataSource={r.results}
            columns={[
              { key: 'test', title: t('lisRes.col.test'), render: (_, x) => x.testName },
              { key: 'value', title: t('lisRes.col.value'), render: (_, x) => <ResultValue value={x.value} unit={x.unit} interpretation={interpretationOf(x.flag)} referenceRange={x.referenceRange} /> },
              { key: 'range', title: t('lisRes.col.range'), render: (_, x) => x.referenceRange ?? '' },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('lisRes.print.log', { count: r.printedCount })}</Typography.Title>
            <Table<PrintLogEntry>
              size="small"
              rowKey={(e) => `${e.printedAt}-${e.copyNo}`}
              pagination={false}
              loading={prints.loading}
              dataSource={prints.data ?? []}
              locale={{ emptyText: t('lisRes.print.never') }}
              columns={[
                { key: 'at', title: t('lisRes.col.time'), render: (_, e) => time(e.printedAt) },
                { key: 'by', title: t('lisRes.print.by'), render: (_, e) => e.printedBy },
                { key: 'copy', title: t('lisRes.print.copy'), render: (_, e) => (e.reprint ? <Tag color="orange">{t('lisRes.print.reprintTag', { copy: e.copyNo })}</Tag> : e.copyNo) },
              ]}
            />
          </div>
          {r.recognition && (
            <div data-testid="recognition-push">
              <Typography.Title level={5}>{t('lisRes.push.title')}</Typography.Title>
              <Space wrap>
                <Tag color={r.recognition.status === 'uploaded' ? 'green' : r.recognition.status === 'failed' ? 'red' : 'default'}>{t(`lisRes.push.status.${r.recognition.status}`)}</Tag>
                {r.recognition.pushed.length > 0 && <Typography.Text type="secondary">{r.recognition.pushed.join(', ')}</Typography.Text>}
                {canRetry && (
                  <Button size="small" icon={<ReloadOutlined />} onClick={() => void retry()}>
                    {t('lisRes.push.retry')}
                  </Button>
                )}
              </Space>
              {r.recognition.lastError && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={localizeServerText(r.recognition.lastError, locale)} />}
              {r.recognition.skipped.length > 0 && <Typography.Paragraph type="secondary">{t('lisRes.push.skipped', { items: r.recognition.skipped.join(', ') })}</Typography.Paragraph>}
            </div>
          )}
        </Space>
      )}
      <PdfPreview
        open={pdf !== null}
        title={r ? `${r.reportNo}` : reportId}
        load={() => (pdf === 'print' ? reportsApi.print([reportId]) : reportsApi.pdf(reportId, paper))}
        onClose={() => {
          if (pdf === 'print') {
            prints.reload();
            report.reload();
            onPrinted?.();
          }
          setPdf(null);
        }}
      />
    </Drawer>
  );
}
