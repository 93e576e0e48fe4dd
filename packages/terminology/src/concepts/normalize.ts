import { pinyinKeys } from '@medunion/kernel';

/** Search form of a code or text: full-width to half-width (NFKC), lower case, single spaces, trimmed. */
export function searchForm(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Comparison form of a name for matching: search form without spaces and punctuation (ASCII and CJK). */
export function matchForm(value: string): string {
  return searchForm(value).replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Pinyin initials and full pinyin of a Chinese text (`血常规` → `xcg`, `xuechanggui`); empty without Han characters. */
export function pinyinOf(text: string): { initials: string; full: string } {
  const keys = pinyinKeys(text);
  if (keys.length === 0) return { initials: '', full: '' };
  return { initials: keys[0], full: keys[keys.length - 1] };
}

/** Escapes LIKE wildcards so user input can never widen a pattern (used with `escape '\\'`, PostgreSQL's default). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
