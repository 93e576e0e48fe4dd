import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Input, Popconfirm, Segmented, Select, Space, Table, Tabs, Tag, Tooltip, Typography, type InputRef, type TableProps } from 'antd';
import { DownloadOutlined, FunctionOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { saveBlob } from '../../api/download.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { CapSwatch } from '../specimens/cap-swatch.tsx';
import { LAB_SECTIONS, sectionKey } from '../specimens/specimen-labels.ts';
import { exportFile, panelInputOf, panelValuesOf, rangeSummary, testInputOf, testValuesOf, tubeInputOf, tubeValuesOf } from './catalogue-form.ts';
import { catalogueApi, type CataloguePanel, type CatalogueTest, type CatalogueTube, type Entries, type Kind } from './catalogue.api.ts';
import { ImportDialog } from './import-dialog.tsx';
import { TemplatesTab } from './templates-tab.tsx';
import { PanelDrawer } from './panel-drawer.tsx';
import { TestDrawer } from './test-drawer.tsx';
import { TubeDrawer } from './tube-drawer.tsx';
import { useCatalogueDictionaries } from './use-catalogue-dictionaries.ts';

type Active = 'true' | 'false' | 'all';
const KINDS: Kind[] = ['tests', 'panels', 'tubes'];
type Tab = Kind | 'templates';
const TABS: Tab[] = [...KINDS, 'templates'];
const PAGE_SIZE = 50;

/** Re-sends an entry as it is with another `active` (启用 after 停用: the API has no separate call). */
const reactivated = {
  tests: (e: CatalogueTest) => testInputOf(testValuesOf(e), true),
  panels: (e: CataloguePanel) => panelInputOf(panelValuesOf(e), true),
  tubes: (e: CatalogueTube) => tubeInputOf(tubeValuesOf(e), true),
};

/**
 * 检验项目维护: the laboratory's tests (ranges, critical and absolute limits, formulas, common results), panels
 * (tests in report order, tube, section, price, TAT target) and tubes (cap colour, additive), searched by code,
 * name or pinyin (`xcg` → 血常规) on the server; edited in drawers that show the server's checks on their fields;
 * the whole catalogue imported (all or nothing, row errors listed) or exported as JSON. Changing needs
 * `lis.catalogue.manage`; everyone with `lis.read` sees the same drawers read-only.
 */
export default function CataloguePage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const canRead = holds(me.permissions, 'lis.read') || holds(me.permissions, 'lis.catalogue.manage');
  const canManage = holds(me.permissions, 'lis.catalogue.manage');
  const { scope, ready, picker } = useLabScope();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'tests';
  // The order templates tab lists through its own API; the catalogue list keeps its last kind meanwhile.
  const kind: Kind = tab === 'templates' ? 'tests' : tab;
  const [q, setQ] = useState('');
  const [section, setSection] = useState<string>();
  const [active, setActive] = useState<Active>('true');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ kind: Kind; entry: Entries[Kind] | 'new' }>();
  const [importing, setImporting] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const dictionaries = useCatalogueDictionaries(scope, canRead && ready);
  const list = useLoad(
    async () => ({ kind, page: await catalogueApi.list(kind, { ...scope, q: q || undefined, section: kind === 'panels' ? section : undefined, active, _count: PAGE_SIZE, _offset: (page - 1) * PAGE_SIZE }) }),
    [kind, scope, q, section, active, page],
    canRead && ready && tab !== 'templates',
  );

  const reload = () => {
    list.reload();
    dictionaries.reload();
  };
  const switchTab = (next: Tab) => {
    setParams({ tab: next });
    setPage(1);
  };
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  const deactivate = async (k: Kind, entry: Entries[Kind]) => {
    try {
      await catalogueApi.deactivate(k, entry.code, scope);
      message.success(t('lisCat.deactivated', { name: entry.name }));
      reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };
  const activate = async (k: Kind, entry: Entries[Kind]) => {
    const input = (reactivated[k] as (e: Entries[Kind]) => Parameters<typeof catalogueApi.save>[1])(entry);
    const answer = await catalogueApi.save(k, input, entry, scope);
    if (answer.ok) {
      message.success(t('lisCat.activated', { name: entry.name }));
      reload();
    } else {
      message.error(answer.message);
    }
  };
  const exportAll = async () => {
    try {
      const [tubes, tests, panels] = await Promise.all([catalogueApi.all('tubes', scope, 'all'), catalogueApi.all('tests', scope, 'all'), catalogueApi.all('panels', scope, 'all')]);
      const file = exportFile(tubes, tests, panels);
      saveBlob(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }), `lis-catalogue-${new Date().toISOString().slice(0, 10)}.json`);
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  useShortcuts('lis-catalogue', [
    { combo: 'F3', description: 'lisCat.keys.search', handler: () => searchRef.current?.focus({ cursor: 'all' }) },
    { combo: 'Alt+N', description: 'lisCat.keys.create', handler: () => canManage && tab !== 'templates' && setEditing({ kind, entry: 'new' }) },
    { combo: 'Alt+R', description: 'lisSpec.keys.refresh', handler: reload },
  ]);

  if (!canRead) return <Forbidden />;

  const section_ = (code: string) => {
    const key = sectionKey(code);
    return key ? t(key) : code;
  };
  const status = (e: { active: boolean }) => <Tag color={e.active ? 'green' : 'default'}>{t(e.active ? 'lisCat.active' : 'lisCat.inactive')}</Tag>;
  const actions = (k: Kind, e: Entries[Kind]) => (
    <Space size={0}>
      <Button type="link" size="small" onClick={() => setEditing({ kind: k, entry: e })}>
        {t(canManage ? 'lisCat.edit' : 'lisCat.view')}
      </Button>
      {canManage &&
        (e.active ? (
          <Popconfirm title={t('lisCat.deactivateConfirm', { name: e.name })} onConfirm={() => void deactivate(k, e)} okText={t('lisCat.deactivate')} cancelText={t('lisSpec.cancel')}>
            <Button type="link" size="small" danger>
              {t('lisCat.deactivate')}
            </Button>
          </Popconfirm>
        ) : (
          <Button type="link" size="small" onClick={() => void activate(k, e)}>
            {t('lisCat.activate')}
          </Button>
        ))}
    </Space>
  );
  const code = { key: 'code', title: t('lisCat.code'), width: 100, render: (_: unknown, e: { code: string }) => <Typography.Text code>{e.code}</Typography.Text> };
  const testColumns: TableProps<CatalogueTest>['columns'] = [
    code,
    {
      key: 'name',
      title: t('lisCat.name'),
      width: 200,
      render: (_, e) => (
        <Space size={4}>
          {e.name}
          {e.abbreviation && <Typography.Text type="secondary">{e.abbreviation}</Typography.Text>}
          {e.formula && (
            <Tooltip title={`${t('lisCat.test.formula')}: ${e.formula}`}>
              <FunctionOutlined aria-label={t('lisCat.test.calculated')} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    { key: 'kind', title: t('lisCat.test.kind'), width: 80, render: (_, e) => t(`lisCat.test.kind.${e.kind}`) },
    { key: 'unit', title: t('lisCat.test.unit'), width: 90, render: (_, e) => e.unit ?? '—' },
    { key: 'range', title: t('lisCat.test.range'), width: 150, render: (_, e) => rangeSummary(e) || '—' },
    { key: 'critical', title: t('lisCat.test.criticalShort'), width: 70, render: (_, e) => (e.criticalLimits?.length ? <Tag color="purple">{e.criticalLimits.length}</Tag> : '—') },
    { key: 'order', title: t('lisCat.test.reportOrder'), width: 80, render: (_, e) => e.reportOrder ?? '—' },
    { key: 'active', title: t('lisCat.status'), width: 70, render: (_, e) => status(e) },
    { key: 'actions', title: t('lisSpec.col.actions'), width: 130, render: (_, e) => actions('tests', e) },
  ];
  const panelColumns: TableProps<CataloguePanel>['columns'] = [
    code,
    { key: 'name', title: t('lisCat.name'), width: 180, render: (_, e) => e.name },
    { key: 'section', title: t('lisSpec.section'), width: 80, render: (_, e) => section_(e.section) },
    {
      key: 'tube',
      title: t('lisSpec.tube'),
      width: 200,
      render: (_, e) => {
        const tube = dictionaries.tubes?.find((c) => c.code === e.tube);
        return <Space size={4}>{tube ? tube.display : e.tube}</Space>;
      },
    },
    { key: 'tests', title: t('lisCat.panel.tests'), width: 90, render: (_, e) => <Tooltip title={e.tests.join(', ')}>{t('lisCat.panel.testCount', { count: e.tests.length })}</Tooltip> },
    { key: 'price', title: t('lisCat.panel.price'), width: 80, align: 'right', render: (_, e) => (e.price !== undefined ? e.price.toFixed(2) : '—') },
    { key: 'tat', title: t('lisCat.panel.tat'), width: 100, align: 'right', render: (_, e) => e.tatTargetMinutes ?? '—' },
    { key: 'active', title: t('lisCat.status'), width: 70, render: (_, e) => status(e) },
    { key: 'actions', title: t('lisSpec.col.actions'), width: 130, render: (_, e) => actions('panels', e) },
  ];
  const tubeColumns: TableProps<CatalogueTube>['columns'] = [
    code,
    { key: 'name', title: t('lisCat.name'), width: 240, render: (_, e) => <CapSwatch hex={e.capColourHex} colourName={e.capColourName} tubeName={e.name} /> },
    { key: 'type', title: t('lisSpec.specimenType'), width: 90, render: (_, e) => dictionaries.specimenTypeName(e.specimenType) },
    { key: 'additive', title: t('lisCat.tube.additive'), ellipsis: true, render: (_, e) => e.additive ?? '—' },
    { key: 'volume', title: t('lisCat.tube.volume'), width: 90, render: (_, e) => (e.volumeMl !== undefined ? `${e.volumeMl} mL` : '—') },
    { key: 'active', title: t('lisCat.status'), width: 70, render: (_, e) => status(e) },
    { key: 'actions', title: t('lisSpec.col.actions'), width: 130, render: (_, e) => actions('tubes', e) },
  ];
  // The previous tab's rows are not shown under this tab's columns while its list loads.
  const loaded = list.data?.kind === tab ? list.data.page : undefined;
  const pagination = { current: page, pageSize: PAGE_SIZE, total: loaded?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n: number) => t('lisSpec.total', { count: n }) };
  const common = { rowKey: 'code', size: 'small' as const, loading: list.loading, pagination, scroll: { x: 'max-content' }, 'data-testid': `catalogue-${kind}` };
  const rows = loaded?.items ?? [];
  const saved = () => {
    setEditing(undefined);
    reload();
  };

  return (
    <Card
      title={t('lisCat.title')}
      data-testid="catalogue-page"
      extra={
        <Space wrap>
          {picker}
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('lisSpec.refresh')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void exportAll()}>
            {t('lisCat.export')}
          </Button>
          {canManage && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('lisCat.import.button')}
            </Button>
          )}
          {canManage && tab !== 'templates' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind, entry: 'new' })}>
              {t(`lisCat.new.${kind}`)}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs activeKey={tab} onChange={(k) => switchTab(k as Tab)} items={TABS.map((k) => ({ key: k, label: t(`lisCat.tab.${k}`) }))} />
      {tab === 'templates' && <TemplatesTab scope={scope} canManage={canManage} panels={dictionaries.panels} />}
      <Space wrap style={{ marginBottom: 12, display: tab === 'templates' ? 'none' : undefined }}>
        <Input.Search
          ref={searchRef}
          allowClear
          placeholder={t('lisCat.searchPlaceholder')}
          aria-label={t('lisCat.search')}
          style={{ width: 280 }}
          onChange={(e) => !e.target.value && filter(() => setQ(''))}
          onSearch={(v) => filter(() => setQ(v.trim()))}
          data-testid="catalogue-search"
        />
        {kind === 'panels' && (
          <Select allowClear placeholder={t('lisSpec.section')} aria-label={t('lisSpec.section')} style={{ width: 140 }} value={section} onChange={(v) => filter(() => setSection(v))} options={LAB_SECTIONS.map((s) => ({ value: s, label: t(sectionKey(s)!) }))} />
        )}
        <Segmented<Active>
          value={active}
          onChange={(v) => filter(() => setActive(v))}
          options={[
            { value: 'true', label: t('lisCat.active') },
            { value: 'false', label: t('lisCat.inactive') },
            { value: 'all', label: t('lisCat.all') },
          ]}
        />
        {!canManage && <Typography.Text type="secondary">{t('lisCat.readOnly')}</Typography.Text>}
      </Space>
      {list.error !== undefined && tab !== 'templates' && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      {tab === 'tests' && <Table<CatalogueTest> {...common} dataSource={rows as CatalogueTest[]} columns={testColumns} onRow={(e) => ({ onDoubleClick: () => setEditing({ kind: 'tests', entry: e }) })} />}
      {tab === 'panels' && <Table<CataloguePanel> {...common} dataSource={rows as CataloguePanel[]} columns={panelColumns} onRow={(e) => ({ onDoubleClick: () => setEditing({ kind: 'panels', entry: e }) })} />}
      {tab === 'tubes' && <Table<CatalogueTube> {...common} dataSource={rows as CatalogueTube[]} columns={tubeColumns} onRow={(e) => ({ onDoubleClick: () => setEditing({ kind: 'tubes', entry: e }) })} />}
      {editing?.kind === 'tests' && <TestDrawer editing={editing.entry as CatalogueTest | 'new'} readOnly={!canManage} scope={scope} dictionaries={dictionaries} onClose={() => setEditing(undefined)} onSaved={saved} />}
      {editing?.kind === 'panels' && <PanelDrawer editing={editing.entry as CataloguePanel | 'new'} readOnly={!canManage} scope={scope} dictionaries={dictionaries} onClose={() => setEditing(undefined)} onSaved={saved} />}
      {editing?.kind === 'tubes' && <TubeDrawer editing={editing.entry as CatalogueTube | 'new'} readOnly={!canManage} scope={scope} dictionaries={dictionaries} onClose={() => setEditing(undefined)} onSaved={saved} />}
      {importing && <ImportDialog scope={scope} onClose={() => setImporting(false)} onImported={reload} />}
    </Card>
  );
}
