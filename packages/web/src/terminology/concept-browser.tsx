import { useEffect, useMemo, useState } from 'react';
import { Alert, Col, Input, Row, Segmented, Space, Table, Tag, Tree, Typography } from 'antd';
import type { CodeSystem } from '@medplum/fhirtypes';
import { errorText } from '../admin/common/errors.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { ConceptDetail } from './concept-detail.tsx';
import { buildConceptTree, isHierarchical, type ConceptNode } from './concept-tree.ts';
import { expandCodeSystem, readCodeSystem, type ExpandedConcept } from './terminology.api.ts';

/** Larger code systems are browsed through the paged, filtered list only (the tree needs the whole resource). */
const TREE_LIMIT = 5000;
const PAGE_SIZE = 20;

interface TreeItem {
  key: string;
  title: string;
  children: TreeItem[];
}

const treeItems = (nodes: ConceptNode[], inactive: string): TreeItem[] =>
  nodes.map((n) => ({ key: n.code, title: `${n.code}  ${n.display ?? ''}${n.inactive ? ` (${inactive})` : ''}`, children: treeItems(n.children, inactive) }));

/** The concepts of one code system: a tree for hierarchical ones, a paged list (with pinyin filter) for all, and the concept detail. */
export function ConceptBrowser({ codeSystem }: { codeSystem: CodeSystem }) {
  const { t, locale } = useI18n();
  const url = codeSystem.url!;
  const version = codeSystem.version;
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string>();
  const [view, setView] = useState<'tree' | 'list'>('tree');

  // Each keystroke would be a request: wait until typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilter(typed.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    setTyped('');
    setSelected(undefined);
    setPage(1);
  }, [url, version]);

  const small = (codeSystem.count ?? 0) <= TREE_LIMIT && codeSystem.content !== 'not-present';
  const tree = useLoad(async () => buildConceptTree(await readCodeSystem(codeSystem.id!)), [codeSystem.id], small && !!codeSystem.id);
  const hierarchical = !!tree.data && isHierarchical(tree.data);
  const showTree = hierarchical && view === 'tree' && !filter;
  const list = useLoad(() => expandCodeSystem(url, { version, filter, offset: (page - 1) * PAGE_SIZE, count: PAGE_SIZE }), [url, version, filter, page], !showTree);
  const items = useMemo(() => (tree.data ? treeItems(tree.data, t('terminology.concepts.inactive')) : []), [tree.data, t]);

  return (
    <Row gutter={16}>
      <Col span={14}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Input.Search
              aria-label={t('terminology.concepts.filter')}
              placeholder={t('terminology.concepts.filter')}
              allowClear
              style={{ width: 320 }}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => setFilter(v.trim())}
            />
            {hierarchical && (
              <Segmented<'tree' | 'list'>
                value={view}
                onChange={setView}
                options={[
                  { value: 'tree', label: t('terminology.concepts.tree') },
                  { value: 'list', label: t('terminology.concepts.list') },
                ]}
              />
            )}
          </Space>
          {!small && <Typography.Text type="secondary">{t('terminology.concepts.tooLarge', { count: codeSystem.count ?? 0 })}</Typography.Text>}
          {(list.error ?? tree.error) !== undefined && <Alert type="error" showIcon message={errorText(list.error ?? tree.error, locale)} />}
          {showTree ? (
            <div data-testid="concept-tree">
              <Tree<TreeItem> treeData={items} height={480} selectedKeys={selected ? [selected] : []} onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))} />
            </div>
          ) : (
            <Table<ExpandedConcept>
              data-testid="concept-list"
              size="small"
              rowKey="code"
              loading={list.loading}
              dataSource={list.data?.concepts ?? []}
              onRow={(c) => ({ onClick: () => setSelected(c.code), style: { cursor: 'pointer' } })}
              rowClassName={(c) => (c.code === selected ? 'ant-table-row-selected' : '')}
              columns={[
                { key: 'code', title: t('terminology.concepts.code'), dataIndex: 'code', width: 140 },
                { key: 'display', title: t('terminology.concepts.display'), render: (_, c) => <>{c.display} {c.inactive && <Tag>{t('terminology.concepts.inactive')}</Tag>}</> },
              ]}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (total) => t('terminology.concepts.total', { total }) }}
            />
          )}
        </Space>
      </Col>
      <Col span={10}>
        <ConceptDetail system={url} version={version} code={selected} onNavigate={setSelected} />
      </Col>
    </Row>
  );
}
