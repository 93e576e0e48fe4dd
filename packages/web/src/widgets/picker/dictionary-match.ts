/**
 * Dictionary search as Chinese hospital software does it: by code, by name, by pinyin initials (`xcg` → 血常规) or
 * full pinyin (`xuechang` → 血常规), or any mix of the two (`xuecg`). Pure functions: the pinyin reader is injected,
 * so the (lazily loaded) pinyin-pro is needed only where a picker is shown.
 */

/** One entry of a dictionary: a CodeSystem concept or a ValueSet expansion entry. */
export interface DictionaryConcept {
  system?: string;
  code: string;
  display: string;
}

/**
 * Readings of each character of a text, lower-case, without tones, `ü` written `v`: the reading chosen in context
 * first, then the other readings of a polyphonic character. Other characters read as themselves.
 */
export type PinyinReader = (text: string) => string[][];

/** A concept with what matching needs, computed once per dictionary. */
export interface IndexedConcept {
  concept: DictionaryConcept;
  /** Position in the dictionary: ties keep the dictionary's own order. */
  order: number;
  code: string;
  display: string;
  /** Readings of each letter, digit or Chinese character of the display (spaces and punctuation dropped). */
  readings: string[][];
}

/** Better matches first: exact code > prefix > pinyin from the first character > contained anywhere. */
export const MatchRank = { exact: 0, prefix: 1, pinyin: 2, contains: 3 } as const;
export type MatchRank = (typeof MatchRank)[keyof typeof MatchRank];

const SEARCHABLE = /[\p{L}\p{N}]/u;

/** Prepares a dictionary for searching; call once per dictionary (the picker caches the result). */
export function indexConcepts(concepts: readonly DictionaryConcept[], read: PinyinReader): IndexedConcept[] {
  return concepts.map((concept, order) => ({
    concept,
    order,
    code: concept.code.toLowerCase(),
    display: concept.display.toLowerCase(),
    readings: read(concept.display)
      .map((options) => options.map((o) => o.toLowerCase()).filter((o) => SEARCHABLE.test(o)))
      .filter((options) => options.length > 0),
  }));
}

/**
 * Whether the query reads as the characters from `start` on: each character takes a non-empty beginning of one of
 * its readings (its initial, its whole syllable, or anything between), and the query may end inside a syllable.
 * Polyphonic characters match by any of their readings, so 血 is found by `x` whether read xuè or xiě.
 */
export function readsAs(readings: readonly string[][], start: number, query: string): boolean {
  const failed = new Set<number>();
  const visit = (char: number, at: number): boolean => {
    if (at === query.length) return true;
    if (char >= readings.length) return false;
    const key = char * (query.length + 1) + at;
    if (failed.has(key)) return false;
    for (const reading of readings[char]) {
      let taken = 0;
      while (taken < reading.length && at + taken < query.length && reading[taken] === query[at + taken]) {
        taken++;
        if (visit(char + 1, at + taken)) return true;
      }
    }
    failed.add(key);
    return false;
  };
  return visit(start, 0);
}

/** How well a concept matches a (lower-case, trimmed, non-empty) query, or undefined when it does not. */
export function rankOf(entry: IndexedConcept, query: string): MatchRank | undefined {
  if (entry.code === query || entry.display === query) return MatchRank.exact;
  if (entry.code.startsWith(query) || entry.display.startsWith(query)) return MatchRank.prefix;
  // Pinyin is typed in latin letters (digits allowed for names such as 血清钾 K2); CJK queries match by text.
  const latin = /^[a-z0-9]+$/.test(query) && /[a-z]/.test(query);
  if (latin && readsAs(entry.readings, 0, query)) return MatchRank.pinyin;
  if (entry.code.includes(query) || entry.display.includes(query)) return MatchRank.contains;
  if (latin) {
    for (let start = 1; start < entry.readings.length; start++) if (readsAs(entry.readings, start, query)) return MatchRank.contains;
  }
  return undefined;
}

/** The concepts matching a query, best first (dictionary order within a rank); an empty query lists everything. */
export function matchConcepts(index: readonly IndexedConcept[], rawQuery: string, limit = Number.POSITIVE_INFINITY): DictionaryConcept[] {
  const query = rawQuery.trim().toLowerCase();
  if (!query) return index.slice(0, limit).map((e) => e.concept);
  const hits: { entry: IndexedConcept; rank: MatchRank }[] = [];
  for (const entry of index) {
    const rank = rankOf(entry, query);
    if (rank !== undefined) hits.push({ entry, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || a.entry.order - b.entry.order);
  return hits.slice(0, limit).map((h) => h.entry.concept);
}

/** The key a concept has in a picker: system and code, since the same code may exist in two systems. */
export const conceptKey = (c: { system?: string; code?: string }): string => `${c.system ?? ''}|${c.code ?? ''}`;
