import { Alert, Drawer, Table, Tag } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { StatusTag } from '../../widgets/status/status-tag.tsx';
import { interpretationOf } from './bench-logic.ts';
import { RESULT_STATUS_PALETTE, resultStatusKey } from './result-labels.ts';
import { resultsApi, type ResultHistoryEntry, type ResultRow } from './results.api.ts';

/** 修改痕迹: every stored version of a result — value, flag, status, when and by whom — newest first. */
export function RevisionDrawer({ result, onClose }: { result: ResultRow; onClose(): void }) {
  const { t, locale } = useI18n();
  const history = useLoad(() => resultsApi.history(result.observationId), [result.observationId]);
  return (
    <Drawer open size={560} title={t('lisRes.trail.title', { test: result.testName })} onClose={onClose} destroyOnHidden>
      {history.error !== undefined && <Alert type="error" showIcon title={errorText(history.error, locale)} />}
      <Table<ResultHistoryEntry>
        data-testid="revision-trail"
        rowKey="version"
        size="small"
        loading={history.loading}
        pagination={false}
        dataSource={history.data ?? []}
        columns={[
          { key: 'version', title: t('lisRes.trail.version'), width: 60, render: (_, e, i) => (i === 0 ? <Tag color="blue">{`v${e.version}`}</Tag> : `v${e.version}`) },
          { key: 'at', title: t('lisRes.trail.at'), width: 150, render: (_, e) => new Date(e.at).toLocaleString(locale, { hour12: false }) },
          { key: 'by', title: t('lisRes.trail.by'), render: (_, e) => e.by ?? '—' },
          { key: 'value', title: t('lisRes.col.value'), render: (_, e) => (e.value ? <ResultValue value={e.value} unit={e.unit} interpretation={interpretationOf(e.flag)} /> : '—') },
          { key: 'status', title: t('lisRes.col.status'), width: 90, render: (_, e) => <StatusTag status={e.status} palette={RESULT_STATUS_PALETTE} label={t(resultStatusKey(e.status))} /> },
        ]}
      />
    </Drawer>
  );
}
