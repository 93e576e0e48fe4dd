import { useEffect, useState } from 'react';
import { Alert, Card, Col, Empty, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { errorText } from '../admin/common/errors.ts';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { InstitutionPicker, useWorkingInstitution } from '../admin/common/institution-picker.tsx';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { DictionarySelect } from './dictionary-select.tsx';
import type { UnmappedReport } from './terminology.api.ts';
import { unmappedReport } from './terminology.api.ts';
import { useDictionaries } from './use-dictionaries.ts';

const PAGE_SIZE = 20;
type Item = UnmappedReport['items'][number];

/**
 * 未映射报告: progress counts of a dictionary's mapping and its unmapped items with the best suggestion each.
 * (No Excel export: the shared export runs FHIR searches, and this list is not one.)
 */
export default function UnmappedPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'terminology.read');
  const { institutions } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const { dictionaries, loading: listing } = useDictionaries(allowed ? institution : undefined);
  const [dictionary, setDictionary] = useState<string>();
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);

  useEffect(() => setDictionary(undefined), [institution]);
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilter(typed.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const report = useLoad(() => unmappedReport(dictionary!, { filter, offset: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, suggest: true }), [dictionary, filter, page], !!dictionary);
  const data = report.data;

  if (!allowed) return <Forbidden />;
  return (
    <Card title={t('terminology.unmapped.title')} extra={<InstitutionPicker value={institution} onChange={setInstitution} institutions={institutions} editable={!!me.regionAdmin} />}>
      <Space wrap style={{ marginBottom: 12 }}>
        <DictionarySelect dictionaries={dictionaries} value={dictionary} onChange={(url) => (setDictionary(url), setPage(1))} loading={listing} />
        {data && <Typography.Text>{t('terminology.mapping.target', { title: data.target.title ?? data.target.url })}</Typography.Text>}
      </Space>
      {report.error !== undefined && <Alert type="error" showIcon message={errorText(report.error, locale)} style={{ marginBottom: 12 }} />}
      {!dictionary ? (
        <Empty description={t('terminology.mapping.pickDictionary')} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }} data-testid="unmapped-counts">
            <Col span={6}>
              <Statistic title={t('terminology.unmapped.total')} value={data?.counts.total ?? '-'} />
            </Col>
            <Col span={6}>
              <Statistic title={t('terminology.mapping.status.mapped')} value={data?.counts.mapped ?? '-'} />
            </Col>
            <Col span={6}>
              <Statistic title={t('terminology.mapping.status.unmatched')} value={data?.counts.unmatched ?? '-'} />
            </Col>
            <Col span={6}>
              <Statistic title={t('terminology.mapping.status.unmapped')} value={data?.counts.unmapped ?? '-'} />
            </Col>
          </Row>
          <Input.Search aria-label={t('terminology.concepts.filter')} placeholder={t('terminology.concepts.filter')} allowClear value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 320, marginBottom: 12 }} />
          <Table<Item>
            data-testid="unmapped-items"
            size="small"
            rowKey="code"
            loading={report.loading}
            dataSource={data?.items ?? []}
            columns={[
              { key: 'code', title: t('terminology.concepts.code'), dataIndex: 'code', width: 140 },
              { key: 'display', title: t('terminology.concepts.display'), dataIndex: 'display' },
              { key: 'best', title: t('terminology.unmapped.best'), render: (_, i) => (i.suggestion ? `${i.suggestion.code} ${i.suggestion.display ?? ''}` : '') },
              { key: 'score', title: t('terminology.mapping.score'), width: 90, align: 'right', render: (_, i) => (i.suggestion ? i.suggestion.score.toFixed(2) : '') },
            ]}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.matching ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (count) => t('terminology.unmapped.matching', { count }) }}
          />
        </>
      )}
    </Card>
  );
}
