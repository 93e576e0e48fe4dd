import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Input, Row, Space, Table, Tag, Typography, type InputRef, type TableProps } from 'antd';
import { AlertOutlined, DeleteOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { errorText, outcomeIssues } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { Barcode } from '../../widgets/barcode/barcode.tsx';
import { maskIdCard } from '../../widgets/patient/patient-display.ts';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { LabelPrint } from './label-print.tsx';
import { playCue } from './scan-cue.ts';
import { ScanInput } from './scan-input.tsx';
import { addScan, issuesByMember, scanCardOf } from './specimen-logic.ts';
import { specimensApi, type PoolMember, type PoolResult } from './specimens.api.ts';

/** 10 合 1 (seed 004 混检): the API refuses an eleventh member. */
const MAX_MEMBERS = 10;

interface Draft {
  barcode: string;
  patientName?: string;
  problem?: string;
}

/**
 * 混检: scan up to ten people's tubes into one pool (the eleventh is refused), which gets its own barcode and label;
 * look a pool up by its barcode, and when the pooled test is positive mark it — every member is listed with phone,
 * record number and ID card for recall, and a recall task goes to their department.
 */
export default function PoolsPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const canRead = holds(me.permissions, 'lis.read');
  const canCreate = holds(me.permissions, 'lis.specimen.collect');
  const canPositive = holds(me.permissions, 'lis.result.enter');
  const { scope, ready, picker } = useLabScope();
  const [params, setParams] = useSearchParams();
  const poolBarcode = params.get('pool') ?? undefined;
  const [members, setMembers] = useState<Draft[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const scanRef = useRef<InputRef>(null);
  const pool = useLoad(() => specimensApi.pool(poolBarcode!, scope), [poolBarcode, scope], canRead && ready && !!poolBarcode);
  // Marking positive answers with the recall tasks, which a later read of the pool does not list.
  const [marked, setMarked] = useState<PoolResult>();

  /** The member's owner, so the one taking the swab sees whose tube went in. */
  const describe = async (barcode: string): Promise<Draft> => {
    try {
      const timeline = await specimensApi.timeline(barcode, scope);
      const { specimen, patient } = await specimensApi.specimenWithPatient(timeline.specimenId);
      return { barcode, patientName: specimen ? scanCardOf(specimen, patient).patientName : undefined };
    } catch (err) {
      return { barcode, problem: errorText(err, locale) };
    }
  };

  const onScan = async (barcode: string) => {
    const added = addScan(members.map((m) => m.barcode), barcode, MAX_MEMBERS);
    if (!added.ok) {
      playCue(added.reason === 'full' ? 'error' : 'warning');
      message.error(t(added.reason === 'full' ? 'lisSpec.pool.full' : 'lisSpec.pool.duplicate', { barcode, max: MAX_MEMBERS }));
      return;
    }
    playCue('success');
    setMembers((m) => [...m, { barcode }]);
    const described = await describe(barcode);
    if (described.problem) playCue('error');
    setMembers((m) => m.map((d) => (d.barcode === barcode ? described : d)));
  };

  const create = async () => {
    setBusy(true);
    setGeneral(undefined);
    try {
      const created = await specimensApi.createPool(members.map((m) => m.barcode), scope);
      message.success(t('lisSpec.pool.created', { barcode: created.pool.barcode, count: created.members.length }));
      setMembers([]);
      setParams({ pool: created.pool.barcode });
    } catch (err) {
      const byMember = issuesByMember(outcomeIssues(err), (text) => localizeServerText(text, locale));
      setMembers((m) => m.map((d, i) => (byMember.has(i) ? { ...d, problem: byMember.get(i)!.join('；') } : d)));
      setGeneral(byMember.get(-1)?.join('；') ?? (byMember.size ? undefined : errorText(err, locale)));
      playCue('error');
    } finally {
      setBusy(false);
    }
  };

  const markPositive = () => {
    let note = '';
    modal.confirm({
      title: t('lisSpec.pool.positiveTitle', { barcode: poolBarcode ?? '' }),
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('lisSpec.pool.positiveExplain')}</Typography.Text>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('lisSpec.pool.positiveNote')} onChange={(e) => (note = e.target.value)} />
        </Space>
      ),
      okText: t('lisSpec.pool.positive'),
      okButtonProps: { danger: true },
      cancelText: t('lisSpec.cancel'),
      onOk: async () => {
        try {
          setMarked(await specimensApi.markPositive(poolBarcode!, note.trim() || undefined, scope));
          message.success(t('lisSpec.pool.positiveDone'));
        } catch (err) {
          message.error(errorText(err, locale));
        }
      },
    });
  };

  useShortcuts('lis-pools', [{ combo: 'F2', description: 'lisSpec.keys.focusScan', handler: () => scanRef.current?.focus({ cursor: 'all' }) }]);

  if (!canRead) return <Forbidden />;

  const draftColumns: TableProps<Draft & { index: number }>['columns'] = [
    { key: 'index', width: 40, render: (_, d) => d.index + 1 },
    { key: 'barcode', title: t('lisSpec.col.barcode'), width: 130, render: (_, d) => <Typography.Text code>{d.barcode}</Typography.Text> },
    { key: 'patient', title: t('lisSpec.col.patient'), render: (_, d) => (d.problem ? <Typography.Text type="danger">{d.problem}</Typography.Text> : (d.patientName ?? '…')) },
    { key: 'remove', width: 44, render: (_, d) => <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('lisSpec.pool.remove', { barcode: d.barcode })} onClick={() => setMembers((m) => m.filter((x) => x.barcode !== d.barcode))} /> },
  ];
  const memberColumns: TableProps<PoolMember>['columns'] = [
    { key: 'barcode', title: t('lisSpec.col.barcode'), width: 130, render: (_, m) => <Typography.Text code>{m.barcode}</Typography.Text> },
    { key: 'name', title: t('lisSpec.col.patient'), width: 90, render: (_, m) => m.patient.name ?? '—' },
    { key: 'phone', title: t('lisSpec.pool.phone'), width: 120, render: (_, m) => m.patient.phone ?? '—' },
    { key: 'mrn', title: t('lisSpec.pool.mrn'), width: 110, render: (_, m) => m.patient.mrn ?? '—' },
    { key: 'idCard', title: t('lisSpec.pool.idCard'), width: 170, render: (_, m) => (m.patient.idCard ? <span style={{ fontFamily: 'monospace' }}>{maskIdCard(m.patient.idCard)}</span> : '—') },
    { key: 'recall', title: t('lisSpec.pool.recall'), width: 100, render: (_, m) => (m.recallTaskId ? <Tag color="volcano">{t('lisSpec.pool.recallOpen')}</Tag> : '—') },
  ];
  const found = marked?.pool.barcode === poolBarcode ? marked : pool.data;

  return (
    <Row gutter={12} data-testid="pools-page">
      {canCreate && (
        <Col xs={24} xl={10}>
          <Card title={t('lisSpec.pool.createTitle')} extra={picker}>
            <ScanInput inputRef={scanRef} keepFocus onScan={(b) => void onScan(b)} disabled={!ready || busy} placeholder={t('lisSpec.pool.scan', { max: MAX_MEMBERS })} data-testid="pool-scan" />
            {general && <Alert type="error" showIcon style={{ marginTop: 8 }} title={general} />}
            <Table<Draft & { index: number }>
              rowKey="barcode"
              size="small"
              style={{ marginTop: 8 }}
              data-testid="pool-draft"
              pagination={false}
              dataSource={members.map((m, index) => ({ ...m, index }))}
              columns={draftColumns}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.pool.emptyDraft')} /> }}
            />
            <Space style={{ marginTop: 8 }}>
              <Button type="primary" icon={<ExperimentOutlined />} disabled={members.length < 2} loading={busy} onClick={() => void create()} data-testid="create-pool">
                {t('lisSpec.pool.create', { count: members.length, max: MAX_MEMBERS })}
              </Button>
              <Button disabled={!members.length} onClick={() => setMembers([])}>
                {t('lisSpec.receipt.clear')}
              </Button>
            </Space>
          </Card>
        </Col>
      )}
      <Col xs={24} xl={canCreate ? 14 : 24}>
        <Card title={t('lisSpec.pool.detailTitle')} extra={!canCreate && picker}>
          <Input.Search
            allowClear
            enterButton
            defaultValue={poolBarcode}
            key={poolBarcode}
            placeholder={t('lisSpec.pool.lookup')}
            aria-label={t('lisSpec.pool.lookup')}
            onSearch={(v) => setParams(v.trim() ? { pool: v.trim() } : {})}
            style={{ maxWidth: 360, marginBottom: 12 }}
          />
          {pool.error !== undefined && poolBarcode && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(pool.error, locale)} />}
          {found && found.pool.barcode === poolBarcode ? (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="pool-detail">
              <Space wrap align="center">
                <Barcode bcid="code128" text={found.pool.barcode} height={8} scale={2} includeText />
                {found.pool.positive ? <Tag color="red" data-testid="pool-positive">{t('lisSpec.pool.isPositive')}</Tag> : <Tag>{t('lisSpec.pool.members', { count: found.members.length })}</Tag>}
                {canCreate && <LabelPrint barcodes={[found.pool.barcode]} scope={scope} size="small" />}
                {canPositive && !found.pool.positive && (
                  <Button danger icon={<AlertOutlined />} onClick={markPositive} data-testid="mark-positive">
                    {t('lisSpec.pool.positive')}
                  </Button>
                )}
              </Space>
              {found.pool.positive && <Alert type="warning" showIcon title={t('lisSpec.pool.recallHint', { count: found.members.length })} />}
              <Table<PoolMember> rowKey="specimenId" size="small" pagination={false} dataSource={found.members} columns={memberColumns} data-testid="pool-members" scroll={{ x: 'max-content' }} />
            </Space>
          ) : (
            !pool.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.pool.lookupHint')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
