import { useEffect, useMemo, useState } from 'react';
import { App, Card, Col, Empty, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { PbrtqcAlarm, PbrtqcStream } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart } from '../../widgets/chart/chart.tsx';
import { ClearAlarmDialog } from './clear-alarm.dialog.tsx';
import { LabInstitutionPicker } from './lab-pickers.tsx';
import { pbrtqcStreamOption, settingsSummary } from './pbrtqc-chart.ts';
import { useSettingsWords } from './use-settings-words.ts';
import { qcApi } from './qc.api.ts';
import { textIn } from './qc-text.ts';
import { SimulationPanel } from './simulation.panel.tsx';
import { useLab } from './use-lab.ts';

const keyOf = (s: { testCode: string; instrumentId: string }) => `${s.testCode}@${s.instrumentId}`;

/**
 * PBRTQC (patient-based real-time QC): per test × instrument the settings, the moving statistic of the patients'
 * results against its limits, the alarms (解除报警 with a note, `lis.qc.enter`), switching a stream on or off
 * (`lis.qc.manage`), and the AI-PBRTQC bias-detection simulation that recommends settings.
 */
export default function PbrtqcPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const lab = useLab();
  const streams = useLoad(() => qcApi.pbrtqc(lab.scope, { points: 300 }), [lab.scope], lab.ready);
  const [selected, setSelected] = useState<string | undefined>();
  const [clearing, setClearing] = useState<{ alarm: PbrtqcAlarm; title: string } | null>(null);
  useEffect(() => {
    // Open on a stream under alarm, else the first.
    const all = streams.data ?? [];
    if (!all.some((s) => keyOf(s) === selected) && all.length) setSelected(keyOf(all.find((s) => s.openAlarm) ?? all[0]));
  }, [streams.data, selected]);
  const stream = streams.data?.find((s) => keyOf(s) === selected);
  const words = useSettingsWords();
  const titleOf = (s: PbrtqcStream) => `${s.testName} · ${s.instrumentName}`;
  const option = useMemo(
    () =>
      stream
        ? pbrtqcStreamOption(stream, { statistic: textIn(stream.label, locale), values: t('lisQc.pbrtqc.values'), target: t('lisQc.pbrtqc.target'), upper: t('lisQc.pbrtqc.upper'), lower: t('lisQc.pbrtqc.lower') }, (iso) => dayjs(iso).format('MM-DD HH:mm'))
        : undefined,
    [stream, locale, t],
  );

  const toggle = async (s: PbrtqcStream, enabled: boolean) => {
    try {
      await qcApi.setPbrtqc(lab.scope, { testCode: s.testCode, instrumentId: s.instrumentId, enabled, settings: s.settings });
      message.success(t('lisQc.saved'));
      streams.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  return (
    <Card title={t('lisQc.pbrtqc.title')} extra={<LabInstitutionPicker lab={lab} />}>
      <Table<PbrtqcStream>
        data-testid="pbrtqc-streams"
        size="small"
        rowKey={keyOf}
        loading={streams.loading}
        dataSource={streams.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('lisQc.pbrtqc.none') }}
        rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (keys) => setSelected(String(keys[0])) }}
        onRow={(s) => ({ onClick: () => setSelected(keyOf(s)) })}
        columns={[
          { key: 'test', title: t('lisQc.test'), render: (_, s) => `${s.testCode} ${s.testName}` },
          { key: 'instrument', title: t('lisQc.instrument'), dataIndex: 'instrumentName' },
          { key: 'settings', title: t('lisQc.pbrtqc.settings'), render: (_, s) => <span title={settingsSummary(s.settings, words)}>{textIn(s.label, locale)}</span> },
          { key: 'points', title: t('lisQc.pbrtqc.points'), width: 90, align: 'right', render: (_, s) => s.points.length },
          {
            key: 'state',
            title: t('lisQc.pbrtqc.state'),
            width: 120,
            render: (_, s) => (!s.enabled ? <Tag>{t('lisQc.stopped')}</Tag> : s.openAlarm ? <Tag color="red">{t('lisQc.pbrtqc.alarm')}</Tag> : <Tag color="green">{t('lisQc.pbrtqc.ok')}</Tag>),
          },
          {
            key: 'enabled',
            title: t('lisQc.pbrtqc.enabled'),
            width: 90,
            render: (_, s) => (
              <Switch
                size="small"
                checked={s.enabled}
                disabled={!lab.can('lis.qc.manage')}
                aria-label={t('lisQc.pbrtqc.enabled')}
                onClick={(checked, e) => {
                  // The row click selects the stream; the switch only switches it.
                  e.stopPropagation();
                  void toggle(s, checked);
                }}
              />
            ),
          },
        ]}
      />
      {!stream ? (
        <Empty style={{ marginTop: 24 }} description={t('lisQc.pbrtqc.pick')} />
      ) : (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={14}>
            <Typography.Title level={5}>
              {titleOf(stream)} · {settingsSummary(stream.settings, words)}
            </Typography.Title>
            <div data-testid="pbrtqc-chart">
              <Chart height={300} empty={!stream.points.length} option={option ?? {}} />
            </div>
          </Col>
          <Col xs={24} xl={10}>
            <Typography.Title level={5}>{t('lisQc.pbrtqc.alarms')}</Typography.Title>
            <Table<PbrtqcAlarm>
              data-testid="pbrtqc-alarms"
              size="small"
              rowKey="id"
              dataSource={stream.alarms}
              pagination={{ pageSize: 6, hideOnSinglePage: true }}
              locale={{ emptyText: t('lisQc.pbrtqc.noAlarms') }}
              columns={[
                { key: 'at', title: t('lisQc.pbrtqc.openedAt'), width: 120, render: (_, a) => dayjs(a.openedAt).format('MM-DD HH:mm') },
                { key: 'direction', title: t('lisQc.pbrtqc.direction'), width: 70, render: (_, a) => <Tag color="red">{t(`lisQc.pbrtqc.${a.direction}`)}</Tag> },
                { key: 'reason', title: t('lisQc.events.reason'), ellipsis: true, render: (_, a) => <span title={textIn(a.reason, locale)}>{textIn(a.reason, locale)}</span> },
                {
                  key: 'clear',
                  title: t('lisQc.events.status'),
                  width: 130,
                  render: (_, a) =>
                    a.clearedAt ? (
                      <Tag title={a.clearNote}>{t('lisQc.pbrtqc.clearedBy', { who: a.clearedByName ?? a.clearedBy ?? '' })}</Tag>
                    ) : lab.can('lis.qc.enter') ? (
                      <Typography.Link onClick={() => setClearing({ alarm: a, title: titleOf(stream) })}>{t('lisQc.pbrtqc.clear')}</Typography.Link>
                    ) : (
                      <Tag color="red">{t('lisQc.events.open')}</Tag>
                    ),
                },
              ]}
            />
          </Col>
        </Row>
      )}
      <Card size="small" type="inner" style={{ marginTop: 16 }} title={t('lisQc.sim.title')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <SimulationPanel lab={lab} instrumentId={stream?.instrumentId} testCode={stream?.testCode} enabled={stream?.enabled ?? true} onApplied={streams.reload} />
        </Space>
      </Card>
      {clearing && (
        <ClearAlarmDialog
          scope={lab.scope}
          alarm={clearing.alarm}
          title={clearing.title}
          onClose={() => setClearing(null)}
          onCleared={() => {
            setClearing(null);
            streams.reload();
          }}
        />
      )}
    </Card>
  );
}
