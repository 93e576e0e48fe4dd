import { Avatar, Button, Dropdown, Layout, Select, Space, App } from 'antd';
import { BankOutlined, LayoutOutlined, LogoutOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { logout, switchInstitution } from '../api/auth.api.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { useSession } from '../session/session.context.tsx';
import { useInstitutionNames } from './institution-names.ts';
import { LanguageSwitch } from './language.switch.tsx';
import { useShortcutHelp } from '../widgets/shortcuts/shortcuts.context.tsx';

/** Institution switcher (only for users with several), language, and the user menu. */
export function TopBar({ onOpenSettings }: { onOpenSettings(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me, reload } = useSession();
  const institutions = me.institutions ?? [];
  const names = useInstitutionNames(institutions.length ? institutions : me.institution ? [me.institution] : []);
  const nameOf = (id: string) => names.get(id) ?? id;
  const openShortcutHelp = useShortcutHelp();

  const onSwitch = async (institution: string) => {
    try {
      await switchInstitution(institution);
      await reload();
      message.success(t('shell.switched', { institution: nameOf(institution) }));
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Layout.Header style={{ background: '#fff', padding: '0 16px', height: 48, lineHeight: '48px', display: 'flex', justifyContent: 'flex-end', boxShadow: '0 1px 4px rgba(0,21,41,.08)' }}>
      <Space size="middle">
        {institutions.length > 1 ? (
          <Select
            aria-label={t('shell.switchInstitution')}
            prefix={<BankOutlined />}
            value={me.institution}
            options={institutions.map((i) => ({ value: i, label: nameOf(i) }))}
            onChange={(v: string) => void onSwitch(v)}
            style={{ minWidth: 200 }}
          />
        ) : (
          me.institution && (
            <span>
              <BankOutlined /> {nameOf(me.institution)}
            </span>
          )
        )}
        <LanguageSwitch />
        <Dropdown
          menu={{
            items: [
              { key: 'settings', icon: <LayoutOutlined />, label: t('settings.title'), extra: 'Alt+S' },
              { key: 'shortcuts', icon: <QuestionCircleOutlined />, label: t('shortcuts.title'), extra: 'F1' },
              { type: 'divider' },
              { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout') },
            ],
            onClick: ({ key }) => (key === 'settings' ? onOpenSettings() : key === 'shortcuts' ? openShortcutHelp() : void logout()),
          }}
        >
          <Button type="text" data-testid="user-menu">
            <Avatar size="small" icon={<UserOutlined />} /> {me.displayName ?? me.username}
          </Button>
        </Dropdown>
      </Space>
    </Layout.Header>
  );
}
