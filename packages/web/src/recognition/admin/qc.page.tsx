import { useEffect, useState } from 'react';
import { App, Card, Col, Empty, Form, Input, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { Chart } from '../../widgets/chart/chart.tsx';
import { comparisonChart, seriesChart } from './qc-charts.ts';
import { recognitionAdminApi, type QcAlarm, type QcStream } from './recognition-admin.api.ts';

/** 检验质量（PBRTQC）: an institution's QC alarms (clear with a note), its monitored streams, control chart and instrument comparison. */
export default function RecognitionQcPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const institutions = useLoad(() => recognitionAdminApi.institutions(), []);
  const [institution, setInstitution] = useState<string | undefined>();
  const [openOnly, setOpenOnly] = useState(true);
  const [stream, setStream] = useState<QcStream | undefined>();
  const [clearing, setClearing] = useState<QcAlarm | null>(null);
  useEffect(() => {
    if (!institution && institutions.data?.length) setInstitution(institutions.data[0].organizationId);
  }, [institutions.data, institution]);

  const alarms = useLoad(() => recognitionAdminApi.alarms(institution, openOnly), [institution, openOnly], !!institution);
  const streams = useLoad(() => recognitionAdminApi.streams(institution!), [institution], !!institution);
  const series = useLoad(() => recognitionAdminApi.series(institution!, stream!.item, stream!.instrument), [institution, stream], !!institution && !!stream);
  const comparison = useLoad(() => recognitionAdminApi.comparison(institution!, stream!.item), [institution, stream?.item], !!institution && !!stream);
  useEffect(() => {
    // Open on the stream under alarm, else the first one.
    if (streams.data && !streams.data.some((s) => s.item === stream?.item && s.instrument === stream?.instrument)) setStream(streams.data.find((s) => s.openAlarm) ?? streams.data[0]);
  }, [streams.data, stream]);

  const instrumentName = (name: string | undefined) => name || t('recAdmin.qc.noInstrument');
  const streamKey = (s: QcStream) => `${s.item}|${s.instrument}`;

  const clear = async (note: string) => {
    try {
      await recognitionAdminApi.clearAlarm(clearing!.id, note);
      message.success(t('recAdmin.qc.clearedOk'));
      setClearing(null);
      alarms.reload();
      streams.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  return (
    <Card
      title={t('recAdmin.qc.title')}
      extra={
        <Select
          aria-label={t('recAdmin.institution')}
          style={{ width: 240 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={institution}
          onChange={(v) => {
            setInstitution(v);
            setStream(undefined);
          }}
          options={(institutions.data ?? []).map((i) => ({ value: i.organizationId, label: i.name }))}
        />
      }
    >
      <Space style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('recAdmin.qc.alarms')}
        </Typography.Title>
        <Switch checked={openOnly} onChange={setOpenOnly} aria-label={t('recAdmin.qc.openOnly')} />
        <span>{t('recAdmin.qc.openOnly')}</span>
      </Space>
      <Table<QcAlarm>
        data-testid="qc-alarms"
        rowKey="id"
        size="small"
        loading={alarms.loading}
        dataSource={alarms.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { key: 'raisedAt', title: t('recAdmin.qc.raisedAt'), width: 170, render: (_, a) => new Date(a.raisedAt).toLocaleString(locale) },
          { key: 'item', title: t('recAdmin.item'), width: 130, render: (_, a) => `${a.item} ${a.itemName ?? ''}` },
          { key: 'instrument', title: t('recAdmin.qc.instrument'), width: 150, render: (_, a) => instrumentName(a.instrument) },
          { key: 'rule', title: t('recAdmin.qc.rule'), dataIndex: 'rule', width: 70 },
          { key: 'reason', title: t('recAdmin.qc.reason'), render: (_, a) => (locale === 'en' ? a.reason.split(' / ').slice(1).join(' / ') || a.reason : a.reason.split(' / ')[0]) },
          {
            key: 'status',
            title: t('recAdmin.qc.status'),
            width: 150,
            render: (_, a) =>
              a.clearedAt ? (
                <Tag title={a.clearNote}>{t('recAdmin.qc.cleared')}</Tag>
              ) : (
                <Space size={4}>
                  <Tag color="red">{t('recAdmin.qc.open')}</Tag>
                  <Typography.Link onClick={() => setClearing(a)}>{t('recAdmin.qc.clear')}</Typography.Link>
                </Space>
              ),
          },
        ]}
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Typography.Title level={5}>{t('recAdmin.qc.streams')}</Typography.Title>
          <Table<QcStream>
            data-testid="qc-streams"
            rowKey={streamKey}
            size="small"
            loading={streams.loading}
            dataSource={streams.data ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            rowSelection={{ type: 'radio', selectedRowKeys: stream ? [streamKey(stream)] : [], onChange: (_, rows) => setStream(rows[0]) }}
            onRow={(s) => ({ onClick: () => setStream(s) })}
            columns={[
              { key: 'item', title: t('recAdmin.item'), render: (_, s) => `${s.item} ${s.itemName ?? ''}` },
              { key: 'instrument', title: t('recAdmin.qc.instrument'), render: (_, s) => (s.openAlarm ? <Tag color="red">{instrumentName(s.instrument)}</Tag> : instrumentName(s.instrument)) },
              { key: 'points', title: t('recAdmin.qc.points'), dataIndex: 'points', width: 70 },
            ]}
          />
        </Col>
        <Col xs={24} lg={16}>
          {!stream ? (
            <Empty description={t('recAdmin.qc.pick')} />
          ) : (
            <>
              <Typography.Title level={5}>
                {t('recAdmin.qc.chart')} · {stream.item} {stream.itemName ?? ''} · {instrumentName(stream.instrument)}
              </Typography.Title>
              <div data-testid="qc-series-chart">
                <Chart
                  height={280}
                  empty={!series.data?.length}
                  option={seriesChart(series.data ?? [], { ma: t('recAdmin.qc.ma'), ewma: t('recAdmin.qc.ewma'), upper: t('recAdmin.qc.upper'), lower: t('recAdmin.qc.lower'), target: t('recAdmin.qc.target') })}
                />
              </div>
              <Space style={{ margin: '12px 0 4px' }} wrap>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('recAdmin.qc.comparison')}
                </Typography.Title>
                {(comparison.data ?? []).map((i) => (
                  <Tag key={i.instrument} color={i.openAlarm ? 'red' : 'default'} data-testid="qc-bias">
                    {instrumentName(i.instrument)} · {t('recAdmin.qc.bias', { bias: i.biasPercent ?? '-' })}
                    {i.openAlarm ? ` · ${t('recAdmin.qc.underAlarm')}` : ''}
                  </Tag>
                ))}
              </Space>
              <div data-testid="qc-comparison-chart">
                <Chart height={240} empty={!comparison.data?.length} option={comparisonChart(comparison.data ?? [], t('recAdmin.qc.noInstrument'))} />
              </div>
            </>
          )}
        </Col>
      </Row>
      {clearing && <ClearDialog alarm={clearing} instrument={instrumentName(clearing.instrument)} onClose={() => setClearing(null)} onClear={clear} />}
    </Card>
  );
}

function ClearDialog({ alarm, instrument, onClose, onClear }: { alarm: QcAlarm; instrument: string; onClose(): void; onClear(note: string): Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal open title={t('recAdmin.qc.clearTitle', { item: alarm.itemName ?? alarm.item, instrument })} okText={t('recAdmin.qc.clear')} cancelText={t('recAdmin.cancel')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{alarm.reason}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => onClear(v.note)}>
        <Form.Item name="note" label={t('recAdmin.qc.note')} rules={[{ required: true, whitespace: true, message: t('recAdmin.qc.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
