import { useRef, useState } from 'react';
import { Alert, Button, Card, Result, Space, Table, Tag, Tooltip, Typography, type InputRef, type TableProps } from 'antd';
import { EyeOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useDepartments } from '../../admin/common/use-departments.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { useLabSections } from '../instruments/use-lab-sections.ts';
import { recentDays } from '../results/bench-logic.ts';
import { useLabDirectory } from '../results/use-lab-directory.ts';
import { PrintFilters } from './print-filters.tsx';
import { printable, templateFor, willReprint, type ReportFilter } from './report-logic.ts';
import { ReportPreviewDrawer } from './report-preview.drawer.tsx';
import { ReportStateMark } from './report-state.tsx';
import { reportsApi, type ReportSummary } from './reports.api.ts';

const PAGE_SIZES = [20, 50, 100, 200];

/**
 * 打印中心: released reports found by instrument, patient name, inpatient number, dates, department, doctor and
 * printed or not; many selected are printed as one PDF (each on its section's template paper, 补打 stamped on
 * re-prints) and their counts go up; a row opens the report preview.
 */
export default function PrintCentrePage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const canRead = holds(me.permissions, 'lis.read');
  const canPrint = holds(me.permissions, 'lis.report.print');
  const ready = canRead && !!me.institution;
  const directory = useLabDirectory(ready);
  const sections = useLabSections();
  const { departments } = useDepartments(ready ? me.institution : undefined);
  const [filter, setFilter] = useState<ReportFilter>(() => {
    const [from, to] = recentDays(7);
    return { from, to, status: 'released' };
  });
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [selected, setSelected] = useState<ReportSummary[]>([]);
  const [printing, setPrinting] = useState<string[] | null>(null);
  const [previewId, setPreviewId] = useState<string>();
  const firstRef = useRef<InputRef>(null);
  const list = useLoad(() => reportsApi.list({ ...filter, count: page.size, offset: (page.current - 1) * page.size }), [filter, page], ready);
  const templates = useLoad(() => reportsApi.templates(), [], ready);
  const reports = list.data?.reports ?? [];
  const selectedIds = selected.map((r) => r.reportId);
  const canBatch = canPrint && printable(selected);

  const print = () => canBatch && setPrinting(selectedIds);
  useShortcuts('lis-print', [
    { combo: 'Alt+P', description: 'lisRes.keys.print', handler: print },
    { combo: 'Alt+R', description: 'lisRes.keys.refresh', handler: list.reload },
    { combo: 'F3', description: 'lisRes.keys.filter', handler: () => firstRef.current?.focus() },
  ]);

  if (!canRead) return <Forbidden />;
  if (!me.institution) return <Result status="info" title={t('lisRes.needInstitution')} />;
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { hour12: false }) : '');
  const sectionName = (code: string) => sections.nameOf(code) || t('lisRes.template.anySection');
  // Batch PDFs use one paper: the first report's section template (packages/lis README "Reports").
  const batchPaper = selected.length ? templateFor(templates.data ?? [], selected[0].section).pageSize : undefined;

  const columns: TableProps<ReportSummary>['columns'] = [
    { key: 'state', title: t('lisRes.col.state'), width: 96, render: (_, r) => <ReportStateMark report={r} /> },
    { key: 'no', title: t('lisRes.col.reportNo'), width: 150, render: (_, r) => <Typography.Text code>{r.reportNo}</Typography.Text> },
    { key: 'patient', title: t('lisRes.col.patient'), width: 90, render: (_, r) => r.patientName },
    { key: 'panels', title: t('lisRes.col.panels'), ellipsis: true, render: (_, r) => directory.panelNames(r.panels) },
    { key: 'section', title: t('lisRes.section'), width: 80, render: (_, r) => sectionName(r.section) },
    { key: 'department', title: t('lisRes.col.department'), width: 90, render: (_, r) => r.department ?? '' },
    { key: 'doctor', title: t('lisRes.col.doctor'), width: 80, render: (_, r) => r.doctor ?? '' },
    { key: 'collected', title: t('lisRes.col.collected'), width: 150, render: (_, r) => time(r.collectedAt) },
    { key: 'reviewer', title: t('lisRes.col.reviewer'), width: 90, render: (_, r) => r.reviewer ?? '' },
    {
      key: 'printed',
      title: t('lisRes.col.printed'),
      width: 130,
      render: (_, r) =>
        r.printedCount > 0 ? (
          <Tooltip title={t('lisRes.print.last', { at: time(r.lastPrintedAt) })}>
            <Space size={4} data-printed={r.printedCount}>
              <span>{t('lisRes.print.count', { count: r.printedCount })}</span>
              {willReprint(r) && <Tag color="orange">{t('lisRes.print.reprintNext')}</Tag>}
            </Space>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary" data-printed={0}>
            {t('lisRes.print.never')}
          </Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('lisRes.actions'),
      width: 70,
      fixed: 'right',
      render: (_, r) => (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setPreviewId(r.reportId)}>
          {t('lisRes.action.open')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('lisRes.print.title')}
      data-testid="print-centre"
      extra={
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('lisRes.refresh')}
        </Button>
      }
    >
      <PrintFilters
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setPage((p) => ({ ...p, current: 1 }));
          setSelected([]);
        }}
        directory={directory}
        sections={sections.concepts}
        departments={departments}
        firstRef={firstRef}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        {canPrint && (
          <Button type="primary" icon={<PrinterOutlined />} disabled={!canBatch} onClick={print} data-testid="batch-print">
            {t('lisRes.print.batch', { count: selected.length })}
          </Button>
        )}
        {selected.length > 0 && !printable(selected) && <Typography.Text type="warning">{t('lisRes.print.onlyReleased')}</Typography.Text>}
        {batchPaper && <Typography.Text type="secondary">{t('lisRes.print.paper', { paper: batchPaper })}</Typography.Text>}
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Table<ReportSummary>
        data-testid="print-table"
        rowKey="reportId"
        size="small"
        loading={list.loading}
        dataSource={reports}
        columns={columns}
        scroll={{ x: 'max-content' }}
        rowSelection={{ selectedRowKeys: selectedIds, preserveSelectedRowKeys: true, onChange: (_, rows) => setSelected(rows.filter(Boolean)) }}
        onRow={(r) => ({ onDoubleClick: () => setPreviewId(r.reportId) })}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: list.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('lisRes.total', { total }),
          onChange: (current, size) => setPage({ current: size === page.size ? current : 1, size }),
        }}
      />
      <PdfPreview
        open={printing !== null}
        title={t('lisRes.print.batchTitle', { count: printing?.length ?? 0 })}
        load={() => reportsApi.print(printing ?? [])}
        onClose={() => {
          setPrinting(null);
          setSelected([]);
          list.reload();
        }}
      />
      {previewId && <ReportPreviewDrawer reportId={previewId} onClose={() => setPreviewId(undefined)} panelNames={directory.panelNames} onPrinted={list.reload} />}
    </Card>
  );
}
