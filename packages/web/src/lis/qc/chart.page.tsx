import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Empty, Space, Tag, Typography } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { QcRecordOutcome, QcResultEntry } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { CorrectiveActionDialog } from './corrective-action.dialog.tsx';
import { InstrumentPicker, LabInstitutionPicker, TestPicker } from './lab-pickers.tsx';
import { LeveyJenningsPanel } from './lj-panel.tsx';
import { ManualEntryDialog } from './manual-entry.dialog.tsx';
import { MonthlyReportButton } from './monthly-report.tsx';
import { qcApi, type QcEvent } from './qc.api.ts';
import { QcEvents } from './qc-events.tsx';
import { QcResultsTable } from './qc-results-table.tsx';
import { firstPair, levelNames, mergeEvents, qcPairs, readableReason, rerunChoices } from './qc-series.ts';
import { QcStatisticsTable } from './qc-statistics-table.tsx';
import { labToday, STATUS_TAG, textIn } from './qc-text.ts';
import { useLab } from './use-lab.ts';

const DAY = 'YYYY-MM-DD';

/**
 * 质控图 (质控分析, seed 000 §一 LIS 7): pick an instrument, a test with QC on it and a period; the Levey-Jennings
 * chart shows every level together, then 质控评价 (period statistics per level), 失控事件 with their corrective actions,
 * and 质控数据 (each result with its verdict). Manual entry and corrective actions need `lis.qc.enter`; the monthly
 * report is for every QC reader. The choice is kept in the URL (`?instrument=&test=`), so a link opens the same chart.
 */
export default function QcChartPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const lab = useLab();
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [labToday().subtract(29, 'day'), labToday()]);
  const [entering, setEntering] = useState(false);
  const [acting, setActing] = useState<QcEvent | null>(null);
  const instrumentId = params.get('instrument') ?? undefined;
  const testCode = params.get('test') ?? undefined;
  const choose = useCallback(
    (instrument: string | undefined, test: string | undefined) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of [['instrument', instrument], ['test', test]] as const) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  const { scope, ready } = lab;
  const targets = useLoad(() => qcApi.targets(scope), [scope], ready);
  const statuses = useLoad(() => qcApi.status(scope), [scope], ready);
  const materials = useLoad(() => qcApi.materials(scope), [scope], ready);
  const pairs = useMemo(() => qcPairs(targets.data ?? []), [targets.data]);
  useEffect(() => {
    // Open on the pair that needs attention (or the first with QC) until the user picks one.
    if (instrumentId || !targets.data || !statuses.data) return;
    const first = firstPair(pairs, statuses.data);
    if (first) choose(first.instrumentId, first.testCode);
  }, [instrumentId, targets.data, statuses.data, pairs, choose]);

  const series = instrumentId && testCode ? { instrumentId, testCode, from: range[0].format(DAY), to: range[1].format(DAY) } : undefined;
  const seriesKey = [scope, instrumentId, testCode, series?.from, series?.to];
  const chosen = ready && !!series;
  const lj = useLoad(() => qcApi.leveyJennings(scope, series!), seriesKey, chosen);
  const results = useLoad(() => qcApi.results(scope, { ...series!, limit: 5000 }), seriesKey, chosen);
  const openEvents = useLoad(() => qcApi.events(scope, { instrumentId, testCode, status: 'open' }), [scope, instrumentId, testCode], chosen);
  const periodEvents = useLoad(() => qcApi.events(scope, { instrumentId, testCode, status: 'all', from: series!.from, to: series!.to }), seriesKey, chosen);
  const reload = () => {
    lj.reload();
    results.reload();
    openEvents.reload();
    periodEvents.reload();
    statuses.reload();
  };

  const names = useMemo(() => levelNames(lj.data?.series ?? [], (material, level) => t('lisQc.levelName', { material, level })), [lj.data, t]);
  const events = useMemo(() => mergeEvents(openEvents.data ?? [], periodEvents.data ?? []), [openEvents.data, periodEvents.data]);
  const targetLevelIds = useMemo(() => new Set((targets.data ?? []).filter((x) => !x.validTo && x.instrumentId === instrumentId && x.testCode === testCode).map((x) => x.levelId)), [targets.data, instrumentId, testCode]);
  const decimals = lab.directory.tests.find((x) => x.code === testCode)?.decimals ?? 2;
  const status = statuses.data?.find((s) => s.instrumentId === instrumentId && s.testCode === testCode);
  const title = `${lab.testName(testCode)} · ${lab.instrumentName(instrumentId)}`;
  const reasonOf = (e: QcEvent) => readableReason(textIn(e.reason, locale), names);
  const levelName = (r: QcResultEntry) => t('lisQc.levelName', { material: r.materialName, level: r.level });

  const recorded = (outcome: QcRecordOutcome) => {
    setEntering(false);
    reload();
    const run = outcome.run.status;
    const reason = readableReason(textIn(outcome.run.reason, locale), names);
    if (run === 'reject') {
      modal.error({
        title: t('lisQc.entry.rejected'),
        content: (
          <Space orientation="vertical" size={4}>
            <span>{reason}</span>
            {outcome.event && <Typography.Text strong>{t('lisQc.entry.eventOpened')}</Typography.Text>}
          </Space>
        ),
      });
    } else if (run === 'warning') message.warning(`${t('lisQc.entry.warning')}：${reason}`);
    else if (run === 'accept') message.success(t('lisQc.entry.accepted'));
    else message.info(t('lisQc.entry.unjudged'));
  };

  return (
    <Card
      title={t('lisQc.chart.title')}
      extra={
        <Space wrap>
          <LabInstitutionPicker lab={lab} />
          <span data-testid="qc-pick-instrument">
            <InstrumentPicker lab={lab} value={instrumentId} allowClear={false} style={{ width: 240 }} placeholder={t('lisQc.instrument')} onChange={(id) => choose(id, pairs.get(id ?? '')?.[0])} />
          </span>
          <span data-testid="qc-pick-test">
            <TestPicker lab={lab} value={testCode} allowClear={false} style={{ width: 200 }} placeholder={t('lisQc.test')} only={pairs.get(instrumentId ?? '')} onChange={(code) => choose(instrumentId, code)} />
          </span>
          <DatePicker.RangePicker aria-label={t('lisQc.period')} allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} disabledDate={(d) => d.isAfter(labToday(), 'day')} />
          <Button icon={<ReloadOutlined />} aria-label={t('lisQc.reload')} onClick={reload} />
        </Space>
      }
    >
      {!series ? (
        <Empty description={targets.data && !pairs.size ? t('lisQc.chart.noQc') : t('lisQc.chart.pick')} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space wrap>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {title}
              </Typography.Title>
              {status && (
                <Tag color={STATUS_TAG[status.status]} data-testid="qc-status">
                  {t(`lisQc.status.${status.status}`)}
                </Tag>
              )}
              {status?.reason && <Typography.Text type="secondary">{localizeServerText(status.reason, locale)}</Typography.Text>}
            </Space>
            <Space wrap>
              {lab.can('lis.qc.enter') && (
                <Button icon={<EditOutlined />} onClick={() => setEntering(true)}>
                  {t('lisQc.entry.button')}
                </Button>
              )}
              <MonthlyReportButton scope={scope} instrumentId={instrumentId} testCode={testCode} />
            </Space>
          </Space>
          <LeveyJenningsPanel data={lj.data} names={names} />
          <section>
            <Typography.Title level={5}>{t('lisQc.stats.title')}</Typography.Title>
            <QcStatisticsTable rows={lj.data?.statistics ?? []} names={names} decimals={decimals} loading={lj.loading} />
          </section>
          <section>
            <Typography.Title level={5}>{t('lisQc.events.title')}</Typography.Title>
            <QcEvents events={events} reasonOf={reasonOf} canAct={lab.can('lis.qc.enter')} onAct={setActing} loading={openEvents.loading || periodEvents.loading} />
          </section>
          <section>
            <Typography.Title level={5}>{t('lisQc.results.title')}</Typography.Title>
            <QcResultsTable results={results.data ?? []} keyNames={names} levelName={levelName} decimals={decimals} loading={results.loading} />
          </section>
        </Space>
      )}
      {entering && series && (
        <ManualEntryDialog
          scope={scope}
          instrumentId={series.instrumentId}
          testCode={series.testCode}
          title={title}
          materials={materials.data ?? []}
          targetLevelIds={targetLevelIds}
          onClose={() => setEntering(false)}
          onRecorded={recorded}
        />
      )}
      {acting && (
        <CorrectiveActionDialog
          scope={scope}
          event={acting}
          title={title}
          reason={reasonOf(acting)}
          reruns={rerunChoices(results.data ?? [], acting)}
          onClose={() => setActing(null)}
          onSaved={() => {
            setActing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}
