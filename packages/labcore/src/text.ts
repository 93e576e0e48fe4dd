/** A message in both languages the platform speaks (Chinese first, ARCHITECTURE §2.8). */
export interface Bilingual {
  readonly 'zh-CN': string;
  readonly en: string;
}

export function bilingual(zh: string, en: string): Bilingual {
  return { 'zh-CN': zh, en };
}

/** Joins several messages, each language with its own punctuation. */
export function joinBilingual(parts: readonly Bilingual[], separator: { zh: string; en: string } = { zh: '；', en: '; ' }): Bilingual {
  return bilingual(parts.map((p) => p['zh-CN']).join(separator.zh), parts.map((p) => p.en).join(separator.en));
}

/** A number as people read it in a reason: at most 6 significant digits, no trailing zeros, no exponent for lab-sized values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}
