import type { MutableRefObject } from 'react';
import { Alert, Button, Space, Spin, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { AuditOutlined, CheckOutlined, CloseOutlined, EditOutlined, FilePdfOutlined, LockOutlined, RollbackOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { Patient } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { PatientBanner } from '../../widgets/patient/patient-banner.tsx';
import { ReportStateMark } from '../reports/report-state.tsx';
import type { ReportSummary } from '../reports/reports.api.ts';
import type { EntryRow, ReportFacts } from './bench-logic.ts';
import { HistogramPanel } from './histogram-panel.tsx';
import type { ReasonKind } from './reason-dialog.tsx';
import { ResultsGrid, type OptionalColumn } from './results-grid.tsx';
import type { ResultRow, SpecimenResults } from './results.api.ts';
import type { LabDirectory } from './use-lab-directory.ts';

export interface SpecimenPanelProps {
  specimen: SpecimenResults | undefined;
  loading: boolean;
  patient: Patient | undefined;
  current: ReportSummary | undefined;
  onCurrentReport(reportId: string): void;
  facts: ReadonlyMap<string, ReportFacts> | undefined;
  criticalReports: { any: Set<string>; open: Set<string> };
  rows: EntryRow[];
  directory: LabDirectory;
  hidden: readonly OptionalColumn[];
  editing: boolean;
  editable: boolean;
  draft: Record<string, string>;
  onDraft(testCode: string, value: string): void;
  currentTest?: string;
  onCurrentTest(testCode: string): void;
  onMoveEntry(from: string, step: 1 | -1): void;
  inputs: MutableRefObject<Map<string, InputRef>>;
  busy: boolean;
  onStartEntry(): void;
  onSave(): void;
  onCancelEntry(): void;
  canReview: boolean;
  onReview(): void;
  canWithdraw: boolean;
  canRecall: boolean;
  onReason(kind: ReasonKind): void;
  onPreview(): void;
  onTrail(result: ResultRow): void;
  onTrend(result: ResultRow): void;
}

/** The right side of the bench: who, which reports, the actions with their keys, the results and their pictures. */
export function SpecimenPanel(p: SpecimenPanelProps) {
  const { t, locale } = useI18n();
  const s = p.specimen;
  if (!s) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const released = !!p.current && ['final', 'corrected', 'amended'].includes(p.current.status);
  const key = (combo: string) => <Typography.Text keyboard style={{ fontSize: 11 }}>{combo}</Typography.Text>;
  return (
    <Spin spinning={p.loading || p.busy} delay={300}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="specimen-panel" data-barcode={s.barcode}>
        {p.patient && <PatientBanner patient={p.patient} extra={<Typography.Text code>{s.barcode}</Typography.Text>} />}
        <Space wrap size={[8, 4]} data-testid="specimen-reports">
          {s.reports.map((r) => (
            <Tag.CheckableTag key={r.reportId} checked={r.reportId === p.current?.reportId} onChange={() => p.onCurrentReport(r.reportId)} style={{ padding: '2px 8px', border: '1px solid #d9d9d9' }} data-report={r.reportNo}>
              <Space size={6}>
                <span>{r.reportNo}</span>
                <span style={{ background: '#fff', borderRadius: 4, padding: '0 4px' }}>
                  <ReportStateMark report={r} critical={p.criticalReports.open.has(r.reportId) ? 'open' : p.criticalReports.any.has(r.reportId) ? 'handled' : undefined} />
                </span>
              </Space>
            </Tag.CheckableTag>
          ))}
          {released && p.current?.reviewer && (
            <Typography.Text type="secondary">
              <LockOutlined /> {t('lisRes.reviewedBy', { who: p.current.reviewer, at: new Date(p.current.reviewedAt ?? '').toLocaleString(locale, { hour12: false }) })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap data-testid="bench-actions">
          {p.editing ? (
            <>
              <Button type="primary" icon={<SaveOutlined />} onClick={p.onSave} loading={p.busy}>
                {t('lisRes.action.save')} {key('F8')}
              </Button>
              <Button icon={<CloseOutlined />} onClick={p.onCancelEntry}>
                {t('lisRes.cancel')}
              </Button>
            </>
          ) : (
            <Tooltip title={!p.editable ? t('lisRes.entry.lockedHint') : undefined}>
              <Button icon={<EditOutlined />} disabled={!p.editable} onClick={p.onStartEntry} data-testid="start-entry">
                {t('lisRes.action.enter')} {key('F2')}
              </Button>
            </Tooltip>
          )}
          <Button type="primary" icon={<CheckOutlined />} disabled={!p.canReview || p.editing} onClick={p.onReview} data-testid="review">
            {t('lisRes.action.review')} {key('Alt+V')}
          </Button>
          {p.canWithdraw && (
            <Button icon={<UndoOutlined />} onClick={() => p.onReason('unreview')} data-testid="unreview">
              {t('lisRes.action.unreview')} {key('Alt+U')}
            </Button>
          )}
          {p.canRecall && (
            <Button danger icon={<RollbackOutlined />} onClick={() => p.onReason('recall')} data-testid="recall">
              {t('lisRes.action.recall')} {key('Alt+C')}
            </Button>
          )}
          <Button icon={<FilePdfOutlined />} disabled={!p.current} onClick={p.onPreview} data-testid="preview">
            {t('lisRes.action.preview')} {key('F9')}
          </Button>
        </Space>
        {s.status === 'rejected' && <Alert type="error" showIcon title={t('lisRes.rejected')} />}
        {s.missing.length > 0 && <Alert type="warning" showIcon icon={<AuditOutlined />} title={t('lisRes.missingList', { tests: s.missing.map(p.directory.testName).join(t('lisRes.separator')) })} />}
        <ResultsGrid
          rows={p.rows}
          directory={p.directory}
          editing={p.editing}
          draft={p.draft}
          onDraft={p.onDraft}
          current={p.currentTest}
          onCurrent={p.onCurrentTest}
          onMove={p.onMoveEntry}
          onCancel={p.onCancelEntry}
          inputs={p.inputs}
          hidden={p.hidden}
          onHistory={p.onTrail}
          onTrend={p.onTrend}
        />
        <HistogramPanel facts={s.reports.map((r) => p.facts?.get(r.reportId)).filter((f): f is ReportFacts => !!f)} onPreview={p.onPreview} />
      </Space>
    </Spin>
  );
}
