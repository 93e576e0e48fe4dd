import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Input, Row, Space, Spin, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { ApartmentOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { loadPinyinReader } from '../../widgets/picker/pinyin-reader.ts';
import { errorText } from '../common/errors.ts';
import { Forbidden } from '../common/forbidden.tsx';
import { idOf, orgCode, ownerOf } from '../common/organizations.ts';
import { useInstitutions } from '../common/use-institutions.ts';
import { InstitutionDrawer, type InstitutionDrawerProps } from './institution-drawer.tsx';
import { buildOrgTree, filterOrgTree, indexOrganizations, orgMatches, parentKeys, type OrgSearchIndex, type OrgTreeNode } from './org-tree.ts';

/** 机构管理: the region tree (卫健局 → 医院 → 卫生院) with search by name, code or pinyin; details, edit, add subordinate. */
export default function InstitutionsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'fhir.update');
  const canCreate = holds(me.permissions, 'fhir.create');
  const { organizations, loading, error, reload, nameOf } = useInstitutions(allowed);
  const [search, setSearch] = useState('');
  const [index, setIndex] = useState<OrgSearchIndex | undefined>();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [expanded, setExpanded] = useState<string[] | undefined>();
  const [drawer, setDrawer] = useState<InstitutionDrawerProps['target']>(null);

  const tree = useMemo(() => buildOrgTree(organizations), [organizations]);
  useEffect(() => {
    if (!organizations.length) return;
    let live = true;
    void loadPinyinReader().then((read) => live && setIndex(indexOrganizations(organizations, read)));
    return () => {
      live = false;
    };
  }, [organizations]);
  const filtered = useMemo(() => (search.trim() ? filterOrgTree(tree, (o) => orgMatches(o, search, index)) : { nodes: tree, expandedKeys: parentKeys(tree) }), [tree, search, index]);
  const selected = organizations.find((o) => o.id === selectedId);

  if (!allowed) return <Forbidden />;

  const toAntd = (nodes: OrgTreeNode[]): TreeDataNode[] =>
    nodes.map((n) => ({
      key: n.key,
      title: (
        <Space size={6}>
          <span style={n.org.active === false ? { color: '#999' } : undefined}>{n.org.name ?? n.key}</span>
          {orgCode(n.org) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {orgCode(n.org)}
            </Typography.Text>
          )}
        </Space>
      ),
      children: toAntd(n.children),
    }));

  const detail = (org: Organization) => (
    <Descriptions bordered size="small" column={1}>
      <Descriptions.Item label={t('admin.institutions.name')}>{org.name}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.alias')}>{org.alias?.join('、')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.code')}>{orgCode(org)}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.type')}>{org.type?.map((c) => c.text ?? c.coding?.[0]?.display ?? c.coding?.[0]?.code).join('、')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.partOf')}>{nameOf(idOf(org.partOf))}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.telecom')}>{org.telecom?.map((c) => c.value).join('、')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.address')}>{org.address?.map((a) => a.text ?? [a.state, a.city, a.district, ...(a.line ?? [])].filter(Boolean).join('')).join('；')}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.active')}>{org.active === false ? <Tag>{t('admin.common.inactive')}</Tag> : <Tag color="success">{t('admin.common.active')}</Tag>}</Descriptions.Item>
      <Descriptions.Item label={t('admin.institutions.owner')}>{nameOf(ownerOf(org))}</Descriptions.Item>
      <Descriptions.Item label="ID">
        <Typography.Text copyable>{org.id}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} md={10} xl={8}>
        <Card
          title={t('admin.institutions.tree')}
          extra={<Button size="small" icon={<ReloadOutlined />} aria-label={t('admin.common.refresh')} onClick={reload} />}
          styles={{ body: { minHeight: 480 } }}
        >
          <Input.Search allowClear placeholder={t('admin.institutions.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 12 }} aria-label={t('admin.institutions.search')} />
          {error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(error, locale) })} />}
          {loading && !organizations.length ? (
            <Spin />
          ) : filtered.nodes.length ? (
            <div data-testid="institution-tree">
              <Tree
                showLine
                blockNode
                treeData={toAntd(filtered.nodes)}
                expandedKeys={search.trim() ? filtered.expandedKeys : (expanded ?? filtered.expandedKeys)}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys.length && setSelectedId(String(keys[0]))}
              />
            </div>
          ) : (
            <Empty description={t('admin.common.noMatch')} />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14} xl={16}>
        <Card
          title={selected ? selected.name : t('admin.institutions.title')}
          extra={
            selected && (
              <Space>
                <Button icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', org: selected })}>
                  {t('admin.common.edit')}
                </Button>
                {canCreate && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'child', parent: selected })}>
                    {t('admin.institutions.addChild')}
                  </Button>
                )}
              </Space>
            )
          }
        >
          {selected ? <div data-testid="institution-detail">{detail(selected)}</div> : <Empty image={<ApartmentOutlined style={{ fontSize: 48, color: '#bbb' }} />} description={t('admin.institutions.pick')} />}
        </Card>
      </Col>
      <InstitutionDrawer
        target={drawer}
        regionAdmin={!!me.regionAdmin}
        onClose={() => setDrawer(null)}
        onSaved={(org) => {
          setDrawer(null);
          if (org.id) setSelectedId(org.id);
          reload();
        }}
      />
    </Row>
  );
}
