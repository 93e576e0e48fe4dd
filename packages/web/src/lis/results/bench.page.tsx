import { useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Card, Col, Empty, Result, Row, Space, Tooltip, Typography, type InputRef } from 'antd';
import { QuestionCircleOutlined, ReloadOutlined, SettingOutlined, ThunderboltFilled } from '@ant-design/icons';
import type { Me } from '../../api/auth.api.ts';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { useUserSetting } from '../../widgets/settings/user-settings.context.tsx';
import { useShortcutHelp, useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { useLabSections } from '../instruments/use-lab-sections.ts';
import { reportsApi, type ReportSummary } from '../reports/reports.api.ts';
import { batchSummary, changedEntries, criticalReports, entryRows, mayWithdraw, moveIn, nextEditable, recentDays, reportFacts, rowEditable, type ReportFacts } from './bench-logic.ts';
import { BenchList, BENCH_STATUSES, type BenchFilter } from './bench-list.tsx';
import { BenchSettings, useHiddenColumns } from './bench-settings.tsx';
import { CriticalBanner } from './critical-banner.tsx';
import { ReasonDialog, type ReasonKind } from './reason-dialog.tsx';
import { fhirApi, resultsApi, type ResultRow } from './results.api.ts';
import { RevisionDrawer } from './revision-drawer.tsx';
import { SpecimenPanel } from './specimen-panel.tsx';
import { TrendDialog } from './trend-dialog.tsx';
import { useCriticalWatch } from './use-critical-watch.ts';
import { useLabDirectory } from './use-lab-directory.ts';

type Remembered = Pick<BenchFilter, 'instrument' | 'section' | 'status'>;
const FILTER_SETTING = 'lis.bench.filter';
const LIST_SIZE = 200;

/**
 * 检验工作站: the technician's screen. Left, the reports to work through (by analyzer, section and collection date,
 * state icons and colours, 危急 marked) and the scan box; right, the chosen specimen — patient, results in their
 * colours with flags and reasons, histograms — entered, corrected, reviewed (singly or in a batch), withdrawn or
 * recalled. Everything has a key (F1 lists them). A banner announces critical values as they are raised.
 */
export default function BenchPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message, notification, modal } = App.useApp();
  const can = (p: string) => holds(me.permissions, p);
  const canRead = can('lis.read');
  const ready = canRead && !!me.institution;
  const directory = useLabDirectory(ready);
  const sections = useLabSections();
  const [hidden] = useHiddenColumns();
  const [remembered, remember] = useUserSetting<Remembered>(FILTER_SETTING, { status: 'pending' }, (v) => typeof v === 'object' && v !== null && BENCH_STATUSES.includes((v as Remembered).status));
  const [dates, setDates] = useState(() => recentDays(3));
  const filter: BenchFilter = { ...remembered, from: dates[0], to: dates[1] };
  const [selected, setSelected] = useState<{ reportId?: string; barcode: string }>();
  const [checked, setChecked] = useState<string[]>([]);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [currentTest, setCurrentTest] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [trail, setTrail] = useState<ResultRow>();
  const [trend, setTrend] = useState<ResultRow>();
  const [reason, setReason] = useState<ReasonKind>();
  const [preview, setPreview] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const scanRef = useRef<InputRef>(null);
  const inputs = useRef(new Map<string, InputRef>());
  const openHelp = useShortcutHelp();

  const list = useLoad(() => reportsApi.list({ ...filter, count: LIST_SIZE }), [filter.instrument, filter.section, filter.status, filter.from, filter.to], ready);
  const reports = list.data?.reports ?? [];
  // Kept with the barcode asked for: while another specimen loads, the previous one is not shown (nor acted on).
  const specimen = useLoad(async () => ({ barcode: selected!.barcode, data: await resultsApi.specimen(selected!.barcode) }), [selected?.barcode], ready && !!selected);
  const spec = selected && specimen.data?.barcode === selected.barcode ? specimen.data.data : undefined;
  const patient = useLoad(() => fhirApi.patient(spec!.patientId), [spec?.patientId], !!spec?.patientId);
  // The FHIR side of the listed reports and the specimen's: results (critical marks), reviewer, code, pictures.
  const factIds = useMemo(() => [...new Set([...reports.map((r) => r.reportId), ...(spec?.reports ?? []).map((r) => r.reportId)])], [reports, spec]);
  const facts = useLoad(async () => new Map((await fhirApi.reports(factIds)).map((r) => [r.id!, reportFacts(r)] as [string, ReportFacts])), [factIds.join(',')], factIds.length > 0);
  const watch = useCriticalWatch(ready, (added) =>
    notification.warning({
      key: 'lis-critical',
      title: t('lisRes.critical.notice', { count: added.length }),
      description: added.map((c) => `${c.patientName ?? ''} ${c.testName ?? ''} ${c.value} ${c.unit ?? ''}`).join(t('lisRes.separator')),
      icon: <ThunderboltFilled style={{ color: '#722ed1' }} />,
    }),
  );
  const critical = useMemo(() => criticalReports(facts.data ?? new Map(), watch.items), [facts.data, watch.items]);

  const current: ReportSummary | undefined = spec?.reports.find((r) => r.reportId === selected?.reportId) ?? spec?.reports.find((r) => r.status === 'preliminary') ?? spec?.reports[0];
  const currentFacts = current ? facts.data?.get(current.reportId) : undefined;
  const rows = useMemo(() => (spec ? entryRows(spec.results, spec.missing, directory.isCalculated) : []), [spec, directory]);
  const editable = can('lis.result.enter') && rows.some(rowEditable);
  const released = current && ['final', 'corrected', 'amended'].includes(current.status);
  const canReview = can('lis.result.review') && current?.status === 'preliminary';
  const canWithdraw = !!released && mayWithdraw(me as Me & { profile?: string }, currentFacts?.reviewerRef, holds);
  const canRecall = !!released && can('lis.report.recall');
  const pendingChecked = checked.filter((id) => reports.find((r) => r.reportId === id)?.status === 'preliminary');

  const refresh = () => {
    list.reload();
    specimen.reload();
    facts.reload();
    watch.reload();
  };
  const choose = (next: { reportId?: string; barcode: string } | undefined) => {
    setSelected(next);
    setEditing(false);
    setDraft({});
    setCurrentTest(undefined);
  };
  const move = (step: number) => {
    const id = moveIn(reports, (r) => r.reportId, selected?.reportId, step);
    const r = reports.find((x) => x.reportId === id);
    if (r) choose({ reportId: r.reportId, barcode: r.barcode });
  };
  const startEntry = () => {
    if (!editable) return;
    const start = currentTest && rows.find((r) => r.testCode === currentTest && rowEditable(r)) ? currentTest : nextEditable(rows, undefined, 1);
    setEditing(true);
    setCurrentTest(start);
    if (start) setTimeout(() => inputs.current.get(start)?.focus({ cursor: 'all' }), 0);
  };
  const moveEntry = (from: string, step: 1 | -1) => {
    const next = nextEditable(rows, from, step);
    if (next === from && step === 1) return void save();
    if (next) {
      setCurrentTest(next);
      inputs.current.get(next)?.focus({ cursor: 'all' });
    }
  };
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(async () => {
      if (!spec) return;
      const changes = changedEntries(rows, draft);
      if (!changes.length) {
        setEditing(false);
        return void message.info(t('lisRes.entry.nothing'));
      }
      await resultsApi.enter(spec.barcode, changes);
      message.success(t('lisRes.entry.saved', { count: changes.length }));
      setEditing(false);
      setDraft({});
      refresh();
    });
  const review = () =>
    act(async () => {
      if (!current || !canReview) return;
      await reportsApi.review(current.reportId);
      message.success(t('lisRes.review.done', { no: current.reportNo }));
      refresh();
    });
  const reviewBatch = () =>
    act(async () => {
      if (!pendingChecked.length || !can('lis.result.review')) return;
      const outcome = batchSummary(await reportsApi.reviewBatch(pendingChecked));
      const numberOf = (id: string) => reports.find((r) => r.reportId === id)?.reportNo ?? id;
      if (outcome.refused.length) {
        modal.warning({
          title: t('lisRes.review.batchDone', { reviewed: outcome.reviewed, refused: outcome.refused.length }),
          content: (
            <ul style={{ paddingLeft: 16 }}>
              {outcome.refused.map((r) => (
                <li key={r.reportId}>{`${numberOf(r.reportId)}：${r.reasons.map((x) => errorText(x, locale)).join(t('lisRes.separator'))}`}</li>
              ))}
            </ul>
          ),
        });
      } else message.success(t('lisRes.review.batchDone', { reviewed: outcome.reviewed, refused: 0 }));
      setChecked([]);
      refresh();
    });

  useShortcuts('lis-bench', [
    { combo: 'ArrowDown', description: 'lisRes.keys.next', handler: () => move(1) },
    { combo: 'ArrowUp', description: 'lisRes.keys.previous', handler: () => move(-1) },
    { combo: 'F2', description: 'lisRes.keys.enter', handler: startEntry },
    { combo: 'F8', description: 'lisRes.keys.save', handler: () => editing && void save() },
    { combo: 'Alt+V', description: 'lisRes.keys.review', handler: () => void review() },
    { combo: 'Alt+B', description: 'lisRes.keys.batch', handler: () => void reviewBatch() },
    { combo: 'Alt+U', description: 'lisRes.keys.unreview', handler: () => canWithdraw && setReason('unreview') },
    { combo: 'Alt+C', description: 'lisRes.keys.recall', handler: () => canRecall && setReason('recall') },
    { combo: 'F9', description: 'lisRes.keys.preview', handler: () => current && setPreview(true) },
    { combo: 'F3', description: 'lisRes.keys.scan', handler: () => scanRef.current?.focus({ cursor: 'all' }) },
    { combo: 'Alt+T', description: 'lisRes.keys.trail', handler: () => setTrail(rows.find((r) => r.testCode === currentTest)?.result) },
    { combo: 'Alt+G', description: 'lisRes.keys.trend', handler: () => setTrend(rows.find((r) => r.testCode === currentTest)?.result) },
    { combo: 'Alt+R', description: 'lisRes.keys.refresh', handler: refresh },
  ]);

  if (!canRead) return <Forbidden />;
  if (!me.institution) return <Result status="info" title={t('lisRes.needInstitution')} />;

  return (
    <Card
      data-testid="bench-page"
      title={
        <Space>
          {t('lisRes.bench.title')}
          <Tooltip title={t('lisRes.critical.open', { count: watch.open.length })}>
            <Badge count={watch.open.length} color="#722ed1" data-testid="critical-count" />
          </Tooltip>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t('lisRes.refresh')}
          </Button>
          <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} aria-label={t('lisRes.settings.title')} />
          <Button icon={<QuestionCircleOutlined />} onClick={openHelp} aria-label={t('lisRes.keys.help')} />
        </Space>
      }
    >
      <CriticalBanner watch={watch} />
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Row gutter={16}>
        <Col xs={24} lg={8} xxl={6}>
          <BenchList
            filter={filter}
            onFilter={(next) => {
              remember({ instrument: next.instrument, section: next.section, status: next.status });
              setDates([next.from, next.to]);
              setChecked([]);
            }}
            reports={reports}
            total={list.data?.total ?? 0}
            loading={list.loading}
            selected={current?.reportId ?? selected?.reportId}
            onSelect={(id) => {
              const r = reports.find((x) => x.reportId === id);
              if (r) choose({ reportId: r.reportId, barcode: r.barcode });
            }}
            checked={checked}
            onCheck={setChecked}
            critical={critical}
            directory={directory}
            sections={sections.concepts}
            onScan={(barcode) => choose({ barcode })}
            scanRef={scanRef}
          />
          {can('lis.result.review') && (
            <Button block style={{ marginTop: 8 }} disabled={!pendingChecked.length} loading={busy} onClick={() => void reviewBatch()} data-testid="batch-review">
              {t('lisRes.action.batchReview', { count: pendingChecked.length })}
            </Button>
          )}
        </Col>
        <Col xs={24} lg={16} xxl={18}>
          {specimen.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(specimen.error, locale)} />}
          {!selected || (!spec && !specimen.loading) ? (
            <Empty style={{ marginTop: 64 }} description={t('lisRes.bench.choose')} />
          ) : (
            <SpecimenPanel
              specimen={spec}
              loading={specimen.loading}
              patient={patient.data}
              current={current}
              onCurrentReport={(reportId) => spec && setSelected({ reportId, barcode: spec.barcode })}
              facts={facts.data}
              criticalReports={critical}
              rows={rows}
              directory={directory}
              hidden={hidden}
              editing={editing}
              editable={editable}
              draft={draft}
              onDraft={(code, value) => setDraft((d) => ({ ...d, [code]: value }))}
              currentTest={currentTest}
              onCurrentTest={setCurrentTest}
              onMoveEntry={moveEntry}
              inputs={inputs}
              busy={busy}
              onStartEntry={startEntry}
              onSave={() => void save()}
              onCancelEntry={() => {
                setEditing(false);
                setDraft({});
              }}
              canReview={canReview}
              onReview={() => void review()}
              canWithdraw={canWithdraw}
              canRecall={canRecall}
              onReason={setReason}
              onPreview={() => setPreview(true)}
              onTrail={setTrail}
              onTrend={setTrend}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            {t('lisRes.bench.keysHint')}
          </Typography.Paragraph>
        </Col>
      </Row>
      {trail && <RevisionDrawer result={trail} onClose={() => setTrail(undefined)} />}
      {trend && spec && <TrendDialog patientId={spec.patientId} result={trend} onClose={() => setTrend(undefined)} />}
      {reason && current && (
        <ReasonDialog
          kind={reason}
          subject={current.reportNo}
          onClose={() => setReason(undefined)}
          onConfirm={async (text) => {
            if (reason === 'unreview') await reportsApi.unreview(current.reportId, text);
            else {
              const { reissue } = await reportsApi.recall(current.reportId, text);
              setSelected({ reportId: reissue.reportId, barcode: spec!.barcode });
            }
            refresh();
          }}
        />
      )}
      {current && <PdfPreview open={preview} title={current.reportNo} load={() => reportsApi.pdf(current.reportId)} onClose={() => setPreview(false)} />}
      <BenchSettings open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </Card>
  );
}
