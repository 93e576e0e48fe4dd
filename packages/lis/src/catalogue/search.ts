/** What a catalogue list can be filtered by. */
export interface CatalogueFilter {
  /** Code, name, English name or abbreviation (contains), or pinyin initials / full pinyin of the name (prefix). */
  q?: string;
  section?: string;
  /** `true` (default): active only; `false`: retired only; `all`: both. */
  active?: 'true' | 'false' | 'all';
  _count?: number;
  _offset?: number;
}

interface Searchable {
  code: string;
  name: string;
  englishName?: string;
  abbreviation?: string;
  pinyin: string[];
  active: boolean;
  section?: string;
  reportOrder?: number;
}

/**
 * How well an entry matches the query (0 = not at all): exact code, then code prefix, pinyin initials prefix, full
 * pinyin prefix, name contains, other text contains. The catalogue is small (hundreds of entries) and cached, so
 * matching runs in memory on every keystroke of a picker.
 */
function score(e: Searchable, q: string): number {
  const lower = q.toLowerCase();
  const code = e.code.toLowerCase();
  if (code === lower) return 100;
  if (code.startsWith(lower)) return 80;
  if (e.pinyin[0]?.startsWith(lower)) return 70;
  if (e.pinyin.some((p) => p.startsWith(lower))) return 60;
  if (e.name.includes(q)) return 50;
  if (code.includes(lower)) return 40;
  if ([e.englishName, e.abbreviation].some((t) => t?.toLowerCase().includes(lower))) return 30;
  return 0;
}

export function filterCatalogue<T extends Searchable>(entries: Iterable<T>, f: CatalogueFilter): { total: number; items: T[] } {
  const wantActive = f.active ?? 'true';
  const q = f.q?.trim();
  const matched = [...entries]
    .filter((e) => wantActive === 'all' || e.active === (wantActive === 'true'))
    .filter((e) => !f.section || e.section === f.section)
    .map((e) => ({ e, s: q ? score(e, q) : 1 }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || (a.e.reportOrder ?? Infinity) - (b.e.reportOrder ?? Infinity) || a.e.code.localeCompare(b.e.code));
  const offset = f._offset ?? 0;
  return { total: matched.length, items: matched.slice(offset, offset + (f._count ?? 50)).map((x) => x.e) };
}
