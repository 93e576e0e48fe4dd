import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, List, Row, Segmented, Space, Switch, Tabs, Tag, Typography, type InputRef } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useUserSetting } from '../../widgets/settings/user-settings.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { ConcessionDialog } from './concession-dialog.tsx';
import { RejectDialog } from './reject-dialog.tsx';
import { playCue, type CueTone } from './scan-cue.ts';
import { ScanCard, type ScanEntry } from './scan-card.tsx';
import { ScanInput } from './scan-input.tsx';
import { OUTCOME_TONE, outcomeKey, reasonKey } from './specimen-labels.ts';
import { addScan, chinaToday, scanCardOf, type ScanCard as CardData } from './specimen-logic.ts';
import { SpecimenTable } from './specimen-table.tsx';
import { specimensApi, type ReceiveOutcome, type SpecimenSummary } from './specimens.api.ts';
import { TimelineDrawer } from './timeline-drawer.tsx';
import { useLabCatalogue } from './use-lab-catalogue.ts';
import { useSpecimenList } from './use-specimen-list.ts';

type Mode = 'single' | 'batch' | 'reject';
type ListTab = 'received' | 'rejected';
/** A transport box or rack (the API takes up to 200 per call). */
const MAX_BATCH = 200;
const HISTORY = 30;
const WORST: CueTone[] = ['error', 'warning', 'success'];

/**
 * 标本签收 (lab reception), driven by the scanner: the barcode box keeps the focus and every scan receives the tube
 * at once — the card shows whose tube, which cap and panels, stat in red, with a sound and a flash of colour. Batch
 * mode collects a rack and receives it in one call; reject mode opens the rejection for the scanned tube. F4
 * rejects and F6 concedes the last tube; today's received and rejected tubes are listed below with their timelines.
 */
export default function ReceiptPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const canReceive = holds(me.permissions, 'lis.specimen.receive');
  const canReject = holds(me.permissions, 'lis.specimen.reject');
  const { scope, ready, picker } = useLabScope();
  const [mode, setMode] = useState<Mode>('single');
  const [sound, setSound] = useUserSetting<boolean>('lis.scan-sound', true, (v) => typeof v === 'boolean');
  const [scans, setScans] = useState<ScanEntry[]>([]);
  const [batch, setBatch] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState<{ barcode: string; patientName?: string }>();
  const [conceding, setConceding] = useState<{ barcode: string; patientName?: string; rejectedFor?: string }>();
  const [timeline, setTimeline] = useState<string>();
  const [tab, setTab] = useState<ListTab>('received');
  const seq = useRef(0);
  const scanRef = useRef<InputRef>(null);
  const { tubes } = useLabCatalogue(scope, canReceive && ready);
  const today = chinaToday();
  const list = useSpecimenList({ ...scope, status: tab, from: today, to: today }, canReceive && ready, 20);
  const last = scans[0];

  const cue = (tone: CueTone) => sound && playCue(tone);
  const focusScan = () => setTimeout(() => scanRef.current?.focus(), 0);
  const cardOf = async (specimenId: string): Promise<CardData | undefined> => {
    try {
      const { specimen, patient } = await specimensApi.specimenWithPatient(specimenId);
      return specimen ? scanCardOf(specimen, patient) : undefined;
    } catch {
      // The outcome stands on its own; the card is a courtesy.
      return undefined;
    }
  };
  const remember = (entries: ScanEntry[]) => setScans((prev) => [...entries, ...prev].slice(0, HISTORY));
  const entryOf = (outcome: ReceiveOutcome, card?: CardData): ScanEntry => ({ seq: ++seq.current, barcode: outcome.barcode, outcome, card, at: new Date() });

  const receive = async (barcodes: string[]) => {
    setBusy(true);
    try {
      const outcomes = await specimensApi.receive(barcodes, scope);
      // A single scan shows its tube; a rack shows the outcome of each, with the card of the last one.
      const lastOutcome = outcomes[outcomes.length - 1];
      const lastCard = lastOutcome?.specimenId ? await cardOf(lastOutcome.specimenId) : undefined;
      remember(outcomes.map((o, i) => entryOf(o, i === outcomes.length - 1 ? lastCard : undefined)).reverse());
      cue(WORST.find((tone) => outcomes.some((o) => (OUTCOME_TONE[o.outcome] ?? 'error') === tone)) ?? 'success');
      if (barcodes.length > 1) {
        const ok = outcomes.filter((o) => o.outcome === 'received').length;
        message.info(t('lisSpec.receipt.batchDone', { ok, problems: outcomes.length - ok }));
        setBatch([]);
      }
      list.reload();
    } catch (err) {
      remember(barcodes.map((barcode) => entryOf({ barcode, outcome: 'refused', message: errorText(err, locale) })));
      cue('error');
    } finally {
      setBusy(false);
      focusScan();
    }
  };

  const onScan = (barcode: string) => {
    if (mode === 'reject') {
      if (canReject) setRejecting({ barcode });
      return;
    }
    if (mode === 'single') {
      void receive([barcode]);
      return;
    }
    const added = addScan(batch, barcode, MAX_BATCH);
    if (added.ok) {
      setBatch(added.queue);
      cue('success');
    } else {
      cue('warning');
      message.warning(t(added.reason === 'full' ? 'lisSpec.receipt.batchFull' : 'lisSpec.receipt.batchDuplicate', { barcode, max: MAX_BATCH }));
    }
  };

  /** A reject or concession changed the tube: the history shows its new state, the lists follow. */
  const changed = async (s: SpecimenSummary, outcome: ReceiveOutcome['outcome'], text: string) => {
    setRejecting(undefined);
    setConceding(undefined);
    message.success(text);
    const entry = entryOf({ barcode: s.barcode, outcome, specimenId: s.id, status: s.status, message: text, ...(s.priority === 'stat' ? { stat: true } : {}) }, await cardOf(s.id));
    remember([{ ...entry, ...(s.rejection ? { rejectedFor: s.rejection.reason } : {}) }]);
    list.reload();
    focusScan();
  };
  const onRejected = (s: SpecimenSummary) => {
    const key = s.rejection ? reasonKey(s.rejection.reason) : undefined;
    void changed(s, 'rejected', t('lisSpec.reject.done', { barcode: s.barcode, reason: key ? t(key) : (s.rejection?.reasonName ?? '') }));
  };
  const onConceded = (s: SpecimenSummary) => void changed(s, 'received', t('lisSpec.concession.done', { barcode: s.barcode, reason: s.concession?.reason ?? '' }));

  const rejectLast = () => last && canReject && (last.outcome.outcome === 'received' || last.outcome.outcome === 'already-received') && setRejecting({ barcode: last.barcode, patientName: last.card?.patientName });
  const concedeLast = () => last?.outcome.specimenId && setConceding({ barcode: last.barcode, patientName: last.card?.patientName, rejectedFor: last.outcome.outcome === 'rejected' ? last.rejectedFor : undefined });

  useShortcuts('lis-receipt', [
    { combo: 'F2', description: 'lisSpec.keys.focusScan', handler: () => scanRef.current?.focus({ cursor: 'all' }) },
    { combo: 'F4', description: 'lisSpec.keys.rejectLast', handler: rejectLast },
    { combo: 'F6', description: 'lisSpec.keys.concedeLast', handler: concedeLast },
    { combo: 'F7', description: 'lisSpec.keys.batchMode', handler: () => setMode((m) => (m === 'batch' ? 'single' : 'batch')) },
    { combo: 'F8', description: 'lisSpec.keys.receiveBatch', handler: () => mode === 'batch' && batch.length > 0 && !busy && void receive(batch) },
  ]);

  if (!canReceive) return <Forbidden />;

  const modes: { value: Mode; label: string }[] = [
    { value: 'single', label: t('lisSpec.receipt.modeSingle') },
    { value: 'batch', label: `${t('lisSpec.receipt.modeBatch')} (F7)` },
    ...(canReject ? [{ value: 'reject' as const, label: t('lisSpec.receipt.modeReject') }] : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="receipt-page">
      <Card
        title={t('lisSpec.receipt.title')}
        extra={
          <Space>
            {picker}
            <Space size={4}>
              <Switch size="small" checked={sound} onChange={setSound} aria-label={t('lisSpec.receipt.sound')} />
              <Typography.Text type="secondary">{t('lisSpec.receipt.sound')}</Typography.Text>
            </Space>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Segmented<Mode> block value={mode} onChange={(m) => { setMode(m); focusScan(); }} options={modes} data-testid="receipt-mode" />
              <ScanInput
                inputRef={scanRef}
                keepFocus={!rejecting && !conceding && !timeline}
                onScan={onScan}
                disabled={!ready}
                placeholder={t(mode === 'reject' ? 'lisSpec.receipt.scanToReject' : mode === 'batch' ? 'lisSpec.receipt.scanToBatch' : 'lisSpec.receipt.scan')}
                data-testid="receipt-scan"
              />
              {mode === 'batch' && (
                <Card size="small" data-testid="receipt-batch" title={t('lisSpec.receipt.batchTitle', { count: batch.length })}>
                  <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
                    {batch.map((b) => (
                      <Tag key={b} closable onClose={() => setBatch(batch.filter((x) => x !== b))} style={{ fontFamily: 'monospace' }}>
                        {b}
                      </Tag>
                    ))}
                  </Space>
                  <Space>
                    <Button type="primary" disabled={!batch.length} loading={busy} onClick={() => void receive(batch)}>
                      {`${t('lisSpec.receipt.receiveAll', { count: batch.length })} (F8)`}
                    </Button>
                    <Button disabled={!batch.length} onClick={() => setBatch([])}>
                      {t('lisSpec.receipt.clear')}
                    </Button>
                  </Space>
                </Card>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('lisSpec.receipt.keysHint')}
              </Typography.Text>
            </Space>
          </Col>
          <Col xs={24} xl={14}>
            {last ? (
              <ScanCard
                scan={last}
                tubes={tubes}
                canReject={canReject}
                canConcede={canReceive}
                onReject={rejectLast}
                onConcession={concedeLast}
                onTimeline={() => setTimeline(last.barcode)}
              />
            ) : (
              <Empty description={t('lisSpec.receipt.waiting')} />
            )}
            {scans.length > 1 && (
              <List
                size="small"
                style={{ marginTop: 8, maxHeight: 180, overflow: 'auto' }}
                data-testid="scan-history"
                dataSource={scans.slice(1)}
                renderItem={(s) => (
                  <List.Item>
                    <Space>
                      <Typography.Text type="secondary">{s.at.toLocaleTimeString(locale, { hour12: false })}</Typography.Text>
                      <Typography.Text code>{s.barcode}</Typography.Text>
                      <Tag color={{ success: 'success', warning: 'warning', error: 'error' }[OUTCOME_TONE[s.outcome.outcome] ?? 'error']}>{t(outcomeKey(s.outcome.outcome))}</Tag>
                      {s.outcome.stat && <Tag color="red">{t('lisSpec.stat')}</Tag>}
                      {s.card?.patientName}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Col>
        </Row>
      </Card>
      <Card
        size="small"
        title={t('lisSpec.receipt.today')}
        extra={
          <Button icon={<ReloadOutlined />} size="small" onClick={list.reload}>
            {t('lisSpec.refresh')}
          </Button>
        }
      >
        <Tabs activeKey={tab} onChange={(k) => setTab(k as ListTab)} items={[{ key: 'received', label: t('lisSpec.receipt.received') }, { key: 'rejected', label: t('lisSpec.receipt.rejected') }]} />
        {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
        <SpecimenTable
          data-testid="receipt-list"
          rows={list.rows}
          total={list.total}
          loading={list.loading}
          tubes={tubes}
          columns={tab === 'received' ? ['receivedTime', 'rejection'] : ['rejection']}
          page={list.page}
          pageSize={list.pageSize}
          onPage={list.onPage}
          onTimeline={setTimeline}
          actions={(r) => (
            <>
              {tab === 'received' && canReject && (
                <Button size="small" type="link" danger onClick={() => setRejecting({ barcode: r.barcode, patientName: r.patient?.name })}>
                  {t('lisSpec.reject.action')}
                </Button>
              )}
              <Button size="small" type="link" onClick={() => setConceding({ barcode: r.barcode, patientName: r.patient?.name, rejectedFor: r.rejection?.reason })}>
                {t('lisSpec.concession.action')}
              </Button>
            </>
          )}
        />
      </Card>
      {rejecting && <RejectDialog {...rejecting} scope={scope} onClose={() => { setRejecting(undefined); focusScan(); }} onRejected={onRejected} />}
      {conceding && <ConcessionDialog {...conceding} scope={scope} onClose={() => { setConceding(undefined); focusScan(); }} onDone={onConceded} />}
      {timeline && <TimelineDrawer barcode={timeline} scope={scope} onClose={() => { setTimeline(undefined); focusScan(); }} />}
    </Space>
  );
}

