import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { PbrtqcSettingsBody } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { InstrumentPicker, TestPicker } from './lab-pickers.tsx';
import { qcApi, type SimulationCandidate, type SimulationResponse } from './qc.api.ts';
import { parseBiases, ratePercent, settingsSummary, simulatedBiases } from './pbrtqc-chart.ts';
import { labToday, textIn } from './qc-text.ts';
import type { Lab } from './use-lab.ts';
import { useSettingsWords } from './use-settings-words.ts';

type Statistic = PbrtqcSettingsBody['statistic'];
const STATISTICS: Statistic[] = ['moving-average', 'moving-median', 'ewma'];
const RATES = [0.001, 0.005, 0.01, 0.02];

interface SimulationForm {
  period: [Dayjs, Dayjs];
  biases: string;
  statistics: Statistic[];
  falseAlarmRate: number;
  truncate: boolean;
}

/**
 * AI-PBRTQC (seed 001 §1.9.3.3): biases are injected into the analyzer's own patient results of a period and each
 * candidate setting (statistic × N or λ × truncation, limits at the wanted false-alarm rate) is scored by the patients
 * affected before its alarm (ANPed, MNPed). The ranking and the recommended setting come from the server (labcore);
 * 应用推荐设置 writes it as the stream's settings (`lis.qc.manage`).
 */
export function SimulationPanel({ lab, instrumentId: initialInstrument, testCode: initialTest, enabled, onApplied }: { lab: Lab; instrumentId?: string; testCode?: string; enabled: boolean; onApplied(): void }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<SimulationForm>();
  const [instrumentId, setInstrumentId] = useState(initialInstrument);
  const [testCode, setTestCode] = useState(initialTest);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SimulationResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setInstrumentId(initialInstrument);
    setTestCode(initialTest);
    setResult(null);
    setError(null);
  }, [initialInstrument, initialTest]);
  const words = useSettingsWords();

  const run = async (v: SimulationForm) => {
    setRunning(true);
    setError(null);
    try {
      setResult(
        await qcApi.simulate(lab.scope, {
          testCode: testCode!,
          instrumentId: instrumentId!,
          from: v.period[0].format('YYYY-MM-DD'),
          to: v.period[1].format('YYYY-MM-DD'),
          biasesPercent: parseBiases(v.biases)!,
          statistics: v.statistics,
          falseAlarmRate: v.falseAlarmRate,
          truncate: v.truncate,
        }),
      );
    } catch (err) {
      setResult(null);
      setError(errorText(err, locale));
    } finally {
      setRunning(false);
    }
  };

  const apply = (settings: PbrtqcSettingsBody) =>
    modal.confirm({
      title: t('lisQc.sim.applyTitle'),
      content: settingsSummary(settings, words),
      okText: t('lisQc.sim.apply'),
      cancelText: t('lisQc.cancel'),
      onOk: async () => {
        try {
          await qcApi.setPbrtqc(lab.scope, { testCode: testCode!, instrumentId: instrumentId!, enabled, settings });
          message.success(t('lisQc.sim.applied'));
          onApplied();
        } catch (err) {
          message.error(errorText(err, locale));
        }
      },
    });

  const biases = result ? simulatedBiases(result.report.ranked) : [];
  const best = result?.report.best;
  return (
    <div data-testid="pbrtqc-simulation">
      <Typography.Paragraph type="secondary">{t('lisQc.sim.intro')}</Typography.Paragraph>
      <Form<SimulationForm>
        form={form}
        layout="inline"
        onFinish={run}
        initialValues={{ period: [labToday().subtract(89, 'day'), labToday()], biases: '-10, -5, 5, 10', statistics: ['moving-average', 'ewma'], falseAlarmRate: 0.01, truncate: true }}
        style={{ rowGap: 8, marginBottom: 12 }}
      >
        <Form.Item label={t('lisQc.instrument')}>
          <InstrumentPicker lab={lab} value={instrumentId} allowClear={false} style={{ width: 220 }} onChange={setInstrumentId} />
        </Form.Item>
        <Form.Item label={t('lisQc.test')}>
          <TestPicker lab={lab} value={testCode} allowClear={false} style={{ width: 180 }} onChange={setTestCode} />
        </Form.Item>
        <Form.Item name="period" label={t('lisQc.sim.history')}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="biases" label={t('lisQc.sim.biases')} rules={[{ validator: async (_, v: string) => (parseBiases(v ?? '') ? undefined : Promise.reject(new Error(t('lisQc.sim.biasesInvalid')))) }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="statistics" label={t('lisQc.sim.statistics')} rules={[{ required: true, type: 'array', min: 1, message: t('lisQc.required') }]}>
          <Checkbox.Group options={STATISTICS.map((s) => ({ value: s, label: words.statistic[s] }))} />
        </Form.Item>
        <Form.Item name="falseAlarmRate" label={t('lisQc.sim.falseAlarmRate')}>
          <Select style={{ width: 100 }} options={RATES.map((r) => ({ value: r, label: ratePercent(r) }))} />
        </Form.Item>
        <Form.Item name="truncate" label={t('lisQc.sim.truncate')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running} disabled={!instrumentId || !testCode}>
            {t('lisQc.sim.run')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {result && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('lisQc.sim.historyCount')}>{t('lisQc.sim.historyText', { count: result.history.count, from: result.history.from, to: result.history.to })}</Descriptions.Item>
            <Descriptions.Item label={t('lisQc.sim.historyTarget')}>{result.history.target}</Descriptions.Item>
            <Descriptions.Item label={t('lisQc.sim.trials')}>{t('lisQc.sim.trialsText', { trials: result.report.trialsPerBias, max: result.report.maxAffected, rate: ratePercent(result.report.maxFalseAlarmRate) })}</Descriptions.Item>
          </Descriptions>
          <Alert
            type={best ? 'success' : 'warning'}
            showIcon
            title={best ? t('lisQc.sim.best', { label: textIn(best.label, locale) }) : t('lisQc.sim.noBest')}
            description={textIn(result.report.reason, locale)}
            action={
              best && result.recommended && lab.can('lis.qc.manage') ? (
                <Button type="primary" size="small" onClick={() => apply(result.recommended!)}>
                  {t('lisQc.sim.apply')}
                </Button>
              ) : undefined
            }
          />
          {result.recommended && <Typography.Text type="secondary">{t('lisQc.sim.recommended', { settings: settingsSummary(result.recommended, words) })}</Typography.Text>}
          <Table<SimulationCandidate>
            data-testid="pbrtqc-candidates"
            size="small"
            rowKey="name"
            dataSource={result.report.ranked}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            columns={[
              { key: 'rank', title: t('lisQc.sim.rank'), dataIndex: 'rank', width: 60 },
              { key: 'label', title: t('lisQc.sim.candidate'), render: (_, c) => <span title={textIn(c.reason, locale)}>{textIn(c.label, locale)}</span> },
              { key: 'far', title: t('lisQc.sim.far'), width: 110, align: 'right', render: (_, c) => `${ratePercent(c.falseAlarmRate)} (${c.falseAlarms}/${c.judged})` },
              { key: 'qualified', title: t('lisQc.sim.qualified'), width: 80, render: (_, c) => (c.qualified ? <Tag color="green">{t('lisQc.sim.yes')}</Tag> : <Tag color="red">{t('lisQc.sim.no')}</Tag>) },
              { key: 'meanAnped', title: t('lisQc.sim.meanAnped'), width: 100, align: 'right', render: (_, c) => c.meanAnped.toFixed(1) },
              ...biases.map((bias) => ({
                key: `bias${bias}`,
                title: t('lisQc.sim.biasColumn', { bias: `${bias > 0 ? '+' : ''}${bias}%` }),
                width: 120,
                align: 'right' as const,
                render: (_: unknown, c: SimulationCandidate) => {
                  const b = c.perBias.find((x) => x.biasPercent === bias);
                  return b ? <span title={t('lisQc.sim.detected', { detected: b.detected, trials: b.trials, p95: b.p95 })}>{`${b.anped.toFixed(1)} / ${b.mnped}`}</span> : '–';
                },
              })),
              ...(lab.can('lis.qc.manage')
                ? [{ key: 'ops', title: t('lisQc.actions'), width: 80, render: (_: unknown, c: SimulationCandidate) => <Typography.Link onClick={() => apply(c.settings)}>{t('lisQc.sim.use')}</Typography.Link> }]
                : []),
            ]}
          />
          <Typography.Text type="secondary">{t('lisQc.sim.legend')}</Typography.Text>
        </Space>
      )}
    </div>
  );
}
