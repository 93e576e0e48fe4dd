import { useEffect, useMemo, useState } from 'react';
import { Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { QcMaterial, QcTarget } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { InstrumentPicker, TestPicker } from './lab-pickers.tsx';
import { qcApi } from './qc.api.ts';
import { qcPairs, targetRows, type TargetRow } from './qc-series.ts';
import { fixed } from './qc-text.ts';
import { TargetDialog } from './target.dialog.tsx';
import type { Lab } from './use-lab.ts';

/**
 * 质控项目设置 / 靶值: for a test on an instrument, every control level with the target in force (mean, SD, CV,
 * fixed or cumulative, since when, by whom, why) and, on request, the history of changes. 设定靶值 needs
 * `lis.qc.manage`.
 */
export function TargetsTab({ lab, materials, targets, reloadTargets }: { lab: Lab; materials: QcMaterial[]; targets: QcTarget[]; reloadTargets(): void }) {
  const { t } = useI18n();
  const manage = lab.can('lis.qc.manage');
  const pairs = useMemo(() => qcPairs(targets), [targets]);
  const [instrumentId, setInstrumentId] = useState<string | undefined>();
  const [testCode, setTestCode] = useState<string | undefined>();
  const [history, setHistory] = useState(false);
  const [setting, setSetting] = useState<TargetRow | null>(null);
  useEffect(() => {
    // Start on the first instrument and test with QC, so the table is never empty by default.
    if (instrumentId || !pairs.size) return;
    const [first, tests] = [...pairs][0];
    setInstrumentId(first);
    setTestCode(tests[0]);
  }, [pairs, instrumentId]);

  const rows = useMemo(() => (instrumentId && testCode ? targetRows(materials, targets, instrumentId, testCode) : []), [materials, targets, instrumentId, testCode]);
  const past = useLoad(() => qcApi.targets(lab.scope, { instrumentId, testCode, history: true }), [lab.scope, instrumentId, testCode, history, targets], history && !!instrumentId && !!testCode);
  const decimals = lab.directory.tests.find((x) => x.code === testCode)?.decimals ?? 2;
  const levelTitle = (r: TargetRow) => `${t('lisQc.levelName', { material: r.material, level: r.level })} · ${r.lotNo}`;
  const levelOf = useMemo(() => new Map(materials.flatMap((m) => m.lots.flatMap((l) => l.levels.map((level) => [level.id, `${t('lisQc.levelName', { material: m.name, level: level.level })} · ${l.lotNo}`] as const)))), [materials, t]);
  const source = (x: QcTarget) => (x.source === 'cumulative' ? `${t('lisQc.targets.cumulative')}${x.basis ? ` ${x.basis.from}～${x.basis.to} n=${x.basis.count}` : ''}` : t('lisQc.targets.fixed'));

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <InstrumentPicker lab={lab} value={instrumentId} allowClear={false} style={{ width: 240 }} placeholder={t('lisQc.instrument')} onChange={setInstrumentId} />
        <TestPicker lab={lab} value={testCode} allowClear={false} style={{ width: 220 }} placeholder={t('lisQc.test')} onChange={setTestCode} />
        <Switch checked={history} onChange={setHistory} aria-label={t('lisQc.targets.history')} />
        <span>{t('lisQc.targets.history')}</span>
      </Space>
      {!instrumentId || !testCode ? (
        <Empty description={t('lisQc.chart.pick')} />
      ) : (
        <Table<TargetRow>
          data-testid="qc-targets"
          size="small"
          rowKey="levelId"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: t('lisQc.targets.noLevels') }}
          scroll={{ x: 1300 }}
          columns={[
            { key: 'level', title: t('lisQc.level'), width: 300, render: (_, r) => levelTitle(r) },
            { key: 'mean', title: t('lisQc.stats.mean'), width: 90, align: 'right', render: (_, r) => fixed(r.target?.mean, decimals + 1) },
            { key: 'sd', title: 'SD', width: 90, align: 'right', render: (_, r) => fixed(r.target?.sd, decimals + 2) },
            { key: 'cv', title: 'CV%', width: 70, align: 'right', render: (_, r) => fixed(r.target?.cv, 2) },
            { key: 'source', title: t('lisQc.targets.source'), width: 200, render: (_, r) => (r.target ? source(r.target) : <Tag>{t('lisQc.targets.none')}</Tag>) },
            { key: 'since', title: t('lisQc.targets.validFrom'), width: 140, render: (_, r) => (r.target ? dayjs(r.target.validFrom).format('YYYY-MM-DD HH:mm') : '') },
            { key: 'by', title: t('lisQc.targets.setBy'), width: 90, render: (_, r) => r.target?.setByName ?? r.target?.setBy ?? '' },
            { key: 'reason', title: t('lisQc.targets.reason'), width: 220, ellipsis: true, render: (_, r) => r.target?.reason ?? '' },
            ...(manage
              ? [{ key: 'ops', title: t('lisQc.actions'), width: 90, render: (_: unknown, r: TargetRow) => <Typography.Link onClick={() => setSetting(r)}>{t('lisQc.targets.set')}</Typography.Link> }]
              : []),
          ]}
        />
      )}
      {history && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('lisQc.targets.historyTitle')}
          </Typography.Title>
          <Table<QcTarget>
            data-testid="qc-target-history"
            size="small"
            rowKey="id"
            loading={past.loading}
            dataSource={[...(past.data ?? [])].sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom))}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 1300 }}
            columns={[
              { key: 'level', title: t('lisQc.level'), width: 300, render: (_, x) => levelOf.get(x.levelId) ?? x.levelId },
              { key: 'mean', title: t('lisQc.stats.mean'), width: 90, align: 'right', render: (_, x) => fixed(x.mean, decimals + 1) },
              { key: 'sd', title: 'SD', width: 90, align: 'right', render: (_, x) => fixed(x.sd, decimals + 2) },
              { key: 'source', title: t('lisQc.targets.source'), width: 200, render: (_, x) => source(x) },
              { key: 'from', title: t('lisQc.targets.validFrom'), width: 140, render: (_, x) => dayjs(x.validFrom).format('YYYY-MM-DD HH:mm') },
              { key: 'to', title: t('lisQc.targets.validTo'), width: 140, render: (_, x) => (x.validTo ? dayjs(x.validTo).format('YYYY-MM-DD HH:mm') : <Tag color="green">{t('lisQc.targets.inForce')}</Tag>) },
              { key: 'by', title: t('lisQc.targets.setBy'), width: 90, render: (_, x) => x.setByName ?? x.setBy },
              { key: 'reason', title: t('lisQc.targets.reason'), width: 220, ellipsis: true, render: (_, x) => x.reason ?? '' },
            ]}
          />
        </>
      )}
      {setting && instrumentId && testCode && (
        <TargetDialog
          scope={lab.scope}
          instrumentId={instrumentId}
          testCode={testCode}
          row={setting}
          title={`${lab.testName(testCode)} · ${levelTitle(setting)}`}
          decimals={decimals}
          onClose={() => setSetting(null)}
          onSaved={() => {
            setSetting(null);
            reloadTargets();
          }}
        />
      )}
    </>
  );
}
