import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Modal, Segmented, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { HistoryOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useDepartments } from '../../admin/common/use-departments.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { ApiError } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { StatusTag } from '../../widgets/status/status-tag.tsx';
import { FHIR_STATUS_PALETTE } from '../../widgets/status/status-palette.ts';
import { CodePicker } from '../instruments/code-picker.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { AccessionedTubes } from './accessioned-tubes.tsx';
import { reasonKey } from './specimen-labels.ts';
import { orderIdsOf } from './specimen-logic.ts';
import { specimensApi, type AccessionedSpecimen, type WardRejection } from './specimens.api.ts';
import { TimelineDrawer } from './timeline-drawer.tsx';
import { useMyDepartment } from './use-my-department.ts';

type Status = 'open' | 'all';
const TASK_STATUSES = ['requested', 'received', 'accepted', 'ready', 'in-progress', 'completed', 'cancelled'];

/**
 * 病区拒收标本: what an ordering ward sees of its tubes the laboratory rejected — reason and note, the open
 * recollection task — and where to act: the tube's timeline, and a new tube (barcode) for the same orders.
 */
export default function RejectionsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const canRead = holds(me.permissions, 'lis.read');
  const canRecollect = ['lis.order', 'lis.specimen.collect'].some((p) => holds(me.permissions, p));
  const canPrint = holds(me.permissions, 'lis.specimen.collect');
  const { scope, ready, picker } = useLabScope();
  const myDepartment = useMyDepartment();
  const [chosen, setChosen] = useState<string | null>();
  const department = chosen === undefined ? myDepartment.department : (chosen ?? undefined);
  const [status, setStatus] = useState<Status>('open');
  const [timeline, setTimeline] = useState<string>();
  const [recollected, setRecollected] = useState<{ barcode: string; tubes: AccessionedSpecimen[] }>();
  const [busy, setBusy] = useState<string>();
  const { departments } = useDepartments(scope.institution ?? me.institution);
  const departmentConcepts = useMemo(() => departments.map((d) => ({ code: d.id!, display: d.name ?? d.id! })), [departments]);
  const list = useLoad(() => specimensApi.rejections({ ...scope, department, status }), [scope, department, status], canRead && ready && myDepartment.loaded);
  // Without a department of their own (lab staff, administrators) the server asks for one: say so, not an error.
  const needsDepartment = list.error instanceof ApiError && list.error.status === 400 && !department;

  const recollect = async (r: WardRejection) => {
    setBusy(r.taskId);
    try {
      const { specimen } = await specimensApi.specimenWithPatient(r.specimenId);
      const tubes = await specimensApi.accession(specimen ? orderIdsOf(specimen) : [], scope);
      setRecollected({ barcode: r.barcode, tubes });
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(undefined);
    }
  };

  if (!canRead) return <Forbidden />;

  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale, { hour12: false }) : '—');
  const columns: TableProps<WardRejection>['columns'] = [
    { key: 'at', title: t('lisSpec.rejections.at'), width: 160, render: (_, r) => time(r.rejectedAt) },
    { key: 'patient', title: t('lisSpec.col.patient'), width: 100, render: (_, r) => r.patient?.name ?? '—' },
    { key: 'barcode', title: t('lisSpec.col.barcode'), width: 130, render: (_, r) => <Typography.Text code>{r.barcode}</Typography.Text> },
    { key: 'panels', title: t('lisSpec.col.panels'), ellipsis: true, render: (_, r) => r.panels.join('、') },
    {
      key: 'reason',
      title: t('lisSpec.reject.reason'),
      width: 200,
      render: (_, r) => {
        const key = reasonKey(r.reason);
        return (
          <span data-testid="rejection-reason">
            <Tag color="red">{key ? t(key) : r.reasonName}</Tag>
            {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
          </span>
        );
      },
    },
    {
      key: 'task',
      title: t('lisSpec.rejections.task'),
      width: 110,
      render: (_, r) => <StatusTag status={r.taskStatus} palette={FHIR_STATUS_PALETTE} label={TASK_STATUSES.includes(r.taskStatus) ? t(`lisSpec.task.${r.taskStatus}` as MessageKey) : r.taskStatus} />,
    },
    {
      key: 'actions',
      title: t('lisSpec.col.actions'),
      width: 170,
      render: (_, r) => (
        <Space size={4}>
          {canRecollect && r.taskStatus !== 'completed' && r.taskStatus !== 'cancelled' && (
            <Button size="small" icon={<RedoOutlined />} loading={busy === r.taskId} onClick={() => void recollect(r)}>
              {t('lisSpec.rejections.recollect')}
            </Button>
          )}
          <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={t('lisSpec.timeline.open')} title={t('lisSpec.timeline.open')} onClick={() => setTimeline(r.barcode)} />
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('lisSpec.rejections.title')}
      data-testid="rejections-page"
      extra={
        <Space>
          {picker}
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('lisSpec.refresh')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Status> value={status} onChange={setStatus} options={[{ value: 'open', label: t('lisSpec.rejections.open') }, { value: 'all', label: t('lisSpec.rejections.all') }]} />
        <div style={{ width: 200 }}>
          <CodePicker concepts={departmentConcepts} value={department} onChange={(d) => setChosen(d ?? null)} placeholder={t('lisSpec.rejections.myDepartment')} />
        </div>
      </Space>
      {needsDepartment ? (
        <Alert type="info" showIcon title={t('lisSpec.rejections.pickDepartment')} />
      ) : (
        list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />
      )}
      <Table<WardRejection>
        rowKey="taskId"
        size="small"
        data-testid="rejections-list"
        loading={list.loading}
        dataSource={needsDepartment ? [] : (list.data ?? [])}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.rejections.empty')} /> }}
      />
      {timeline && <TimelineDrawer barcode={timeline} scope={scope} onClose={() => setTimeline(undefined)} />}
      {recollected && (
        <Modal open width={900} title={t('lisSpec.rejections.recollectedTitle', { barcode: recollected.barcode })} footer={null} onCancel={() => setRecollected(undefined)} destroyOnHidden>
          <AccessionedTubes tubes={recollected.tubes} scope={scope} canPrint={canPrint} />
        </Modal>
      )}
    </Card>
  );
}
