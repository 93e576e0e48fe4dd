import { en } from './en.ts';
import { zhCN, type Dictionary, type MessageKey } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };

/** Looks a key up and fills `{name}` placeholders; a missing value leaves the placeholder visible rather than hiding the gap. */
export function translate(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const text = dictionaries[locale][key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Placeholder names of a message, for checking that translations keep them. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/**
 * Server messages come bilingual as "中文 / English" (kernel AuthError); show the half of the UI's language.
 * Text without the separator is shown as is.
 */
export function localizeServerText(text: string, locale: Locale): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return locale === 'zh-CN' ? text.slice(0, at) : text.slice(at + 3);
}

/** The locale to start with: the saved choice, else zh-CN (the product's users are Chinese hospital staff). */
export function initialLocale(saved: string | null): Locale {
  return LOCALES.includes(saved as Locale) ? (saved as Locale) : DEFAULT_LOCALE;
}
