import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { Breadcrumb, Layout, Menu, Result, Spin, Tabs, type MenuProps } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { fetchMe, type Me } from '../api/auth.api.ts';
import { refreshSession } from '../api/http.api.ts';
import { fetchModules, type ModuleMenu } from '../api/modules.api.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { SessionContext, type Session } from '../session/session.context.tsx';
import { refreshDelay, tokenStore, type Tokens } from '../session/tokens.ts';
import { menuIcon } from './icons.tsx';
import { buildMenu, menuTrail, type MenuNode } from './menu.ts';
import { closeOtherTabs, closeTab, openTab, type OpenTab } from './tabs.ts';
import { TopBar } from './top-bar.tsx';
import { ParametersProvider } from '../widgets/parameters/parameters.context.tsx';
import { InterfaceSettings } from '../widgets/settings/interface-settings.tsx';
import { LocaleSync } from '../widgets/settings/locale-sync.tsx';
import { RecentPagesRecorder } from '../widgets/dashboard/recent-pages-recorder.tsx';
import { UserSettingsProvider } from '../widgets/settings/user-settings.context.tsx';
import { GlobalShortcuts } from '../widgets/shortcuts/global-shortcuts.tsx';
import { ShortcutsProvider } from '../widgets/shortcuts/shortcuts.context.tsx';

const toAntd = (nodes: MenuNode[]): MenuProps['items'] =>
  nodes.map((n) => ({ key: n.key, label: n.label, icon: menuIcon(n.icon), children: n.children ? toAntd(n.children) : undefined }));

/** The signed-in frame: left menu, top bar, breadcrumbs, tabs of open pages; pages render in the outlet. */
export default function ShellLayout() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [tokens, setTokens] = useState<Tokens | null>(() => tokenStore.get());
  const [data, setData] = useState<{ me: Me; modules: ModuleMenu[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tabs, setTabs] = useState<OpenTab[]>([]);
  const [settingsOpen, setSettingsOpen] = useState(false);

  // Session end (logout, failed refresh, 401) anywhere, even in another browser tab, leads back to the login page.
  useEffect(() => tokenStore.subscribe(setTokens), []);
  useEffect(() => {
    const onStorage = (e: StorageEvent) => e.key === 'medunion.tokens' && setTokens(tokenStore.get());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  useEffect(() => {
    if (!tokens) return;
    const timer = setTimeout(() => void refreshSession(), refreshDelay(tokens.expiresAt));
    return () => clearTimeout(timer);
  }, [tokens]);

  const reload = useCallback(async () => {
    try {
      const [me, modules] = await Promise.all([fetchMe(), fetchModules()]);
      setData({ me, modules });
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  const signedIn = tokens !== null;
  useEffect(() => {
    if (signedIn) void reload();
  }, [signedIn, reload]);

  const menu = useMemo(() => (data ? buildMenu(data.modules, data.me.permissions, locale, t) : []), [data, locale, t]);
  const trail = menuTrail(menu, pathname);
  const title = pathname === '/' ? t('shell.home') : (trail.at(-1)?.label ?? pathname);

  useEffect(() => {
    setTabs((current) => openTab(openTab(current, { key: '/', label: t('shell.home'), closable: false }), { key: pathname, label: title, closable: pathname !== '/' }));
  }, [pathname, title, t]);

  const session = useMemo<Session | null>(() => (data ? { ...data, reload } : null), [data, reload]);

  // `expired` distinguishes a lapsed session (the login page says so) from a first visit.
  if (!tokens) return <Navigate to="/login" replace state={{ from: pathname, expired: data !== null }} />;
  if (error) return <Result status="error" title={t('shell.loadFailed', { message: error })} />;
  if (!session) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;

  const onTabEdit = (key: unknown, action: 'add' | 'remove') => {
    if (action !== 'remove' || typeof key !== 'string') return;
    const next = closeTab(tabs, key, pathname);
    setTabs(next.tabs);
    if (next.activeKey !== pathname) navigate(next.activeKey);
  };

  return (
    <SessionContext.Provider value={session}>
      <UserSettingsProvider>
        <ParametersProvider>
          <ShortcutsProvider>
            <LocaleSync />
            <RecentPagesRecorder path={pathname} title={title} />
            <GlobalShortcuts tabs={tabs.map((tab) => tab.key)} onSelectTab={(key) => navigate(key)} onCloseTab={() => onTabEdit(pathname, 'remove')} onHome={() => navigate('/')} onSettings={() => setSettingsOpen(true)} />
            <InterfaceSettings open={settingsOpen} onClose={() => setSettingsOpen(false)} />
            <Layout style={{ minHeight: '100vh' }}>
              <Layout.Sider width={208} breakpoint="lg" collapsible>
                <div style={{ height: 48, color: '#fff', fontWeight: 600, fontSize: 16, display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'hidden', whiteSpace: 'nowrap' }}>
                  {t('app.shortTitle')}
                </div>
                <Menu
                  theme="dark"
                  mode="inline"
                  selectedKeys={[pathname]}
                  defaultOpenKeys={trail.slice(0, -1).map((n) => n.key)}
                  items={[{ key: '/', label: t('shell.home'), icon: <HomeOutlined /> }, ...(toAntd(menu) ?? [])]}
                  onClick={({ key }) => navigate(key)}
                />
              </Layout.Sider>
              <Layout>
                <TopBar onOpenSettings={() => setSettingsOpen(true)} />
                <Layout.Content style={{ padding: '0 16px 16px' }}>
                  <Tabs
                    type="editable-card"
                    hideAdd
                    size="small"
                    activeKey={pathname}
                    onChange={(key) => navigate(key)}
                    onEdit={onTabEdit}
                    items={tabs.map((tab) => ({ key: tab.key, label: tab.label, closable: tab.closable }))}
                    tabBarExtraContent={{
                      right: (
                        <a onClick={() => setTabs(closeOtherTabs(tabs, pathname))} style={{ fontSize: 12 }}>
                          {t('shell.closeOthers')}
                        </a>
                      ),
                    }}
                    style={{ marginTop: 8 }}
                  />
                  <Breadcrumb style={{ margin: '0 0 12px' }} items={[{ title: t('shell.home') }, ...(pathname === '/' ? [] : trail.map((n) => ({ title: n.label })))]} />
                  <Suspense fallback={<Spin />}>
                    <Outlet />
                  </Suspense>
                </Layout.Content>
              </Layout>
            </Layout>
          </ShortcutsProvider>
        </ParametersProvider>
      </UserSettingsProvider>
    </SessionContext.Provider>
  );
}
