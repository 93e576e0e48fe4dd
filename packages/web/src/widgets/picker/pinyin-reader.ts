import type { PinyinReader } from './dictionary-match.ts';

type PinyinPro = typeof import('pinyin-pro');

/**
 * A reader built on pinyin-pro: the reading pinyin-pro picks in context (its word list knows 重庆 chóngqìng, 银行
 * yínháng) first, then every other reading of the character, so a polyphonic character is found by any of its
 * readings. Non-Chinese characters read as themselves.
 */
export function pinyinReader(lib: Pick<PinyinPro, 'pinyin' | 'polyphonic'>): PinyinReader {
  return (text) => {
    const options = { toneType: 'none', type: 'array', v: true } as const;
    const contextual = lib.pinyin(text, options);
    const all = lib.polyphonic(text, options);
    // Both return one entry per character; should they ever disagree, the contextual reading alone is still right.
    const aligned = all.length === contextual.length;
    return contextual.map((reading, i) => [...new Set([reading, ...(aligned ? all[i] : [])])]);
  };
}

let loading: Promise<PinyinReader> | undefined;

/** pinyin-pro (≈300 KB of dictionary) loads on first use, in its own chunk, so pages without pickers do not pay for it. */
export function loadPinyinReader(): Promise<PinyinReader> {
  loading ??= import('pinyin-pro').then(pinyinReader).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
