import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n.context.tsx';
import { LOCALES, type Locale } from '../i18n/translate.ts';

// Each language is named in itself, so a user who cannot read the current one still finds theirs.
const NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LanguageSwitch({ dark }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Dropdown menu={{ items: LOCALES.map((l) => ({ key: l, label: NAMES[l] })), selectedKeys: [locale], onClick: ({ key }) => setLocale(key as Locale) }}>
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('shell.language')} style={dark ? { color: '#fff' } : undefined}>
        {NAMES[locale]}
      </Button>
    </Dropdown>
  );
}
