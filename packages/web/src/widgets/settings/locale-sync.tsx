import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { LOCALES, type Locale } from '../../i18n/translate.ts';
import { useUserSetting } from './user-settings.context.tsx';

export const LOCALE_SETTING_KEY = 'ui.locale';

/**
 * Keeps the UI language with the user rather than the browser: on sign-in the saved language applies; a later
 * switch (top bar or 界面设置) is saved. A user who never switched has nothing stored.
 */
export function LocaleSync() {
  const { locale, setLocale } = useI18n();
  const [saved, setSaved, loaded] = useUserSetting<Locale | null>(LOCALE_SETTING_KEY, null, (v) => LOCALES.includes(v as Locale));
  const seen = useRef<Locale | null>(null);
  useEffect(() => {
    if (!loaded) return;
    if (seen.current === null) {
      seen.current = saved ?? locale;
      if (saved && saved !== locale) setLocale(saved);
      return;
    }
    if (locale !== seen.current) {
      seen.current = locale;
      setSaved(locale);
    }
  }, [loaded, locale, saved, setLocale, setSaved]);
  return null;
}
