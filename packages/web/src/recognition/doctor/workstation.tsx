import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Card, Modal, Space, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DecisionDialog, type Choice } from './decision-dialog.tsx';
import { OrderPanel } from './order-panel.tsx';
import { checkOrder, listDecisions, listRecognizable, recordDecision, type Decision, type Duplicate, type OfferedResult, type PatientRef, type RecognizableList } from './recognition.api.ts';
import { RecognitionIcon } from './recognition-icon.tsx';
import { ReportDrawer } from './report-drawer.tsx';
import { localTime, ResultsTable } from './results-table.tsx';

const errorOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The doctor's recognition work for one patient, shared by the console page and the embeddable page: the icon
 * (and the list behind it), ordering with the recognition check and the forced dialog, reports, and the
 * institution's decisions. `orderItems` (from a HIS) pre-fills the order and runs the check at once.
 */
export function RecognitionWorkstation({ patient, orderItems = [] }: { patient: PatientRef; orderItems?: string[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<RecognizableList | null>(null);
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [listOpen, setListOpen] = useState(false);
  const [report, setReport] = useState<OfferedResult | null>(null);
  const [pending, setPending] = useState<{ orderNo: string; codes: string[]; duplicates: Duplicate[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | undefined>();

  const reload = useCallback(async () => {
    try {
      const [l, d] = await Promise.all([listRecognizable(patient), listDecisions(patient)]);
      setList(l);
      setDecisions(d.decisions);
      setError(null);
    } catch (err) {
      setError(errorOf(err));
    }
  }, [patient.mrn, patient.idCard, patient.patient]);
  useEffect(() => void reload(), [reload]);

  const save = async (codes: string[]) => {
    setBusy(true);
    const orderNo = `WEB-${Date.now()}`;
    try {
      const check = await checkOrder(patient, codes, orderNo);
      if (check.decisionRequired) setPending({ orderNo, codes, duplicates: check.duplicates });
      else message.success(t('recognition.doctor.order.saved', { count: codes.length, recognised: 0 }));
    } catch (err) {
      message.error(errorOf(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (orderItems.length) void save(orderItems);
    // Once per opening: a HIS opens the page with the items of the order being saved.
  }, [orderItems.join(',')]);

  const confirm = async (choices: Choice[]) => {
    if (!pending) return;
    setBusy(true);
    setDialogError(undefined);
    try {
      // Sequential and keyed by order and line: a retry after a failure records nothing twice.
      for (const [i, d] of pending.duplicates.entries()) {
        const c = choices[i];
        await recordDecision(patient, {
          clientKey: `${pending.orderNo}-${d.index}`,
          kind: c.kind!,
          reportId: d.result.reportId,
          itemCode: d.itemCode,
          orderNo: pending.orderNo,
          ...(c.kind === 'refuse' ? { reasonCode: c.reasonCode, ...(c.reasonText?.trim() ? { reasonText: c.reasonText.trim() } : {}) } : {}),
        });
      }
      const recognised = choices.filter((c) => c.kind === 'recognize').length;
      message.success(t('recognition.doctor.order.saved', { count: pending.codes.length, recognised }));
      setPending(null);
      await reload();
    } catch (err) {
      setDialogError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('recognition.doctor.title')} extra={list && <RecognitionIcon count={list.count} onOpen={() => setListOpen(true)} />}>
        <OrderPanel initial={orderItems} busy={busy} onSave={(codes) => void save(codes)} />
      </Card>
      <Card size="small" title={t('recognition.doctor.decisions.title')}>
        <Table<Decision>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={decisions}
          columns={[
            { title: t('recognition.doctor.col.item'), dataIndex: 'itemCode' },
            {
              title: t('recognition.doctor.col.decision'),
              render: (_, d) => (
                <Space size={4}>
                  <Tag color={d.kind === 'recognize' ? 'green' : d.kind === 'refuse' ? 'orange' : 'default'}>{t(`recognition.doctor.decision.${d.kind}` as const)}</Tag>
                  {d.affectedAt && <Tag color="red">{t('recognition.doctor.decisions.affected')}</Tag>}
                </Space>
              ),
            },
            { title: t('recognition.doctor.dialog.reason'), render: (_, d) => [d.reasonCode, d.reasonText].filter(Boolean).join('：') },
            { title: t('recognition.doctor.col.recordedAt'), render: (_, d) => localTime(d.recordedAt) },
            { dataIndex: 'userName' },
          ]}
        />
      </Card>
      <Modal open={listOpen} width={1000} footer={null} title={t('recognition.doctor.list.title', { count: list?.count ?? 0 })} onCancel={() => setListOpen(false)}>
        <ResultsTable results={list?.results ?? []} onView={setReport} />
      </Modal>
      {pending && <DecisionDialog duplicates={pending.duplicates} busy={busy} error={dialogError} onConfirm={(c) => void confirm(c)} />}
      {report && <ReportDrawer reportId={report.reportId} focusItem={report.itemCode} patient={patient} onClose={() => setReport(null)} />}
    </Space>
  );
}
