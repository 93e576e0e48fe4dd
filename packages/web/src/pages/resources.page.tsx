import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Drawer, Form, Input, Result, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n/i18n.context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { can, useSession } from '../session/session.context.tsx';
import { FHIR_STATUS_PALETTE } from '../widgets/status/status-palette.ts';
import { StatusTag } from '../widgets/status/status-tag.tsx';
import { ResourceTable } from '../widgets/table/resource-table.tsx';
import { fetchResourceTypes } from '../widgets/table/table.api.ts';
import type { FilterField, Resource, ResourceColumn } from '../widgets/table/table.types.ts';
import { parseConditions, SUMMARY_EXPRESSION, summarySortParam } from './resource-browser.ts';

type AnyResource = Resource & { status?: string };

/**
 * 数据浏览: any resource type the caller may search, through the same ResourceTable every page uses (paging,
 * sorting, column chooser, Excel export, print). Access policies apply server-side, so an administrator sees what
 * their role and institution allow. Type and conditions are in the URL, so a view can be bookmarked or shared.
 */
export default function ResourcesPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [types, setTypes] = useState<string[]>([]);
  const [detail, setDetail] = useState<AnyResource | null>(null);
  const allowed = can(session, 'fhir.search');
  const resourceType = params.get('type') || 'Patient';
  const conditions = params.get('q') ?? '';
  const [draft, setDraft] = useState(conditions);

  useEffect(() => {
    if (allowed) fetchResourceTypes().then(setTypes, () => setTypes([]));
  }, [allowed]);

  const parsed = useMemo(() => parseConditions(conditions), [conditions]);
  const columns = useMemo<ResourceColumn<AnyResource>[]>(
    () => [
      { key: 'id', title: t('table.browser.col.id'), expression: 'id', sortParam: '_id', width: 300 },
      { key: 'summary', title: t('table.browser.col.summary'), expression: SUMMARY_EXPRESSION, sortParam: summarySortParam(resourceType), width: 260 },
      {
        key: 'status',
        title: t('table.browser.col.status'),
        expression: 'status',
        width: 120,
        render: (r) => (r.status ? <StatusTag status={r.status} palette={FHIR_STATUS_PALETTE} /> : null),
      },
      {
        key: 'lastUpdated',
        title: t('table.browser.col.lastUpdated'),
        expression: 'meta.lastUpdated',
        sortParam: '_lastUpdated',
        width: 180,
        render: (r) => (r.meta?.lastUpdated ? dayjs(r.meta.lastUpdated).format('YYYY-MM-DD HH:mm:ss') : null),
      },
      { key: 'version', title: t('table.browser.col.version'), expression: 'meta.versionId', width: 90, align: 'right', defaultHidden: true },
    ],
    [t, resourceType],
  );
  const filters = useMemo<FilterField[]>(
    () => [
      { param: '_id', label: t('table.browser.col.id'), kind: 'token' },
      { param: '_lastUpdated', label: t('table.browser.col.lastUpdated'), kind: 'date' },
    ],
    [t],
  );

  if (!allowed) return <Result status="403" title="403" />;

  const update = (next: { type?: string; q?: string }) => {
    const merged = { type: resourceType, q: conditions, ...next };
    setParams(merged.q ? { type: merged.type, q: merged.q } : { type: merged.type });
  };

  return (
    <Card title={t('table.browser.title')}>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('table.browser.type')}>
          <Select
            data-testid="resource-type"
            showSearch
            value={resourceType}
            style={{ width: 220 }}
            options={(types.length ? types : [resourceType]).map((type) => ({ value: type, label: type }))}
            onChange={(type: string) => update({ type })}
          />
        </Form.Item>
        <Form.Item label={t('table.browser.conditions')} style={{ flex: 1, minWidth: 360 }} help={'error' in parsed ? t(`table.browser.conditions.${parsed.error.key}` as MessageKey, { param: parsed.error.param }) : undefined} validateStatus={'error' in parsed ? 'error' : undefined}>
          <Input.Search
            data-testid="resource-conditions"
            allowClear
            placeholder={t('table.browser.conditionsHint')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(q) => update({ q: q.trim() })}
            enterButton
          />
        </Form.Item>
      </Form>
      {'query' in parsed && (
        <ResourceTable<AnyResource>
          key={resourceType}
          resourceType={resourceType}
          columns={columns}
          query={parsed.query}
          filters={filters}
          settingsKey="table.admin.resources"
          exportName={t('table.browser.exportName', { type: resourceType })}
          printTitle={t('table.browser.printTitle', { type: resourceType })}
          onRowClick={setDetail}
        />
      )}
      <Drawer open={detail !== null} onClose={() => setDetail(null)} size={640} title={detail ? `${detail.resourceType}/${detail.id}` : ''} destroyOnHidden>
        <Typography.Paragraph copyable={{ text: JSON.stringify(detail, null, 2) }} style={{ marginBottom: 8 }}>
          {t('table.browser.json')}
        </Typography.Paragraph>
        <pre data-testid="resource-json" style={{ fontSize: 12, background: '#fafafa', padding: 12, overflow: 'auto' }}>
          {JSON.stringify(detail, null, 2)}
        </pre>
      </Drawer>
    </Card>
  );
}
