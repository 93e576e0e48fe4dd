import { describe, expect, it } from 'vitest';
import { dictionaries, initialLocale, localizeServerText, placeholders, translate } from './translate.ts';

describe('i18n dictionaries', () => {
  const zh = dictionaries['zh-CN'];
  const en = dictionaries.en;

  it('have the same keys in every locale', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty messages and keep the placeholders of zh-CN', () => {
    for (const [key, text] of Object.entries(zh) as [keyof typeof zh, string][]) {
      expect(text.trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(text));
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'audit.verifyOk', { count: 3 })).toBe('Audit chain intact: 3 entries verified');
    expect(translate('zh-CN', 'audit.total', { total: 12 })).toBe('共 12 条');
  });

  it('picks the half of a bilingual server message', () => {
    const text = '账户已锁定，请于 2026-01-01T00:00:00Z 后重试 / Account locked until 2026-01-01T00:00:00Z';
    expect(localizeServerText(text, 'zh-CN')).toBe('账户已锁定，请于 2026-01-01T00:00:00Z 后重试');
    expect(localizeServerText(text, 'en')).toBe('Account locked until 2026-01-01T00:00:00Z');
    expect(localizeServerText('plain', 'en')).toBe('plain');
  });

  it('defaults to zh-CN', () => {
    expect(initialLocale(null)).toBe('zh-CN');
    expect(initialLocale('fr')).toBe('zh-CN');
    expect(initialLocale('en')).toBe('en');
  });
});
