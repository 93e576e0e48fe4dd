/** Why a suggestion scored what it did: one rule's share of the score. */
export interface ScoreReason {
  rule: 'code' | 'name' | 'pinyin';
  /** 0…1 for this rule alone. */
  similarity: number;
  weight: number;
  /** similarity × weight: the part of the score this rule contributed. */
  contribution: number;
  detail: string;
}

/** A standard code proposed for a dictionary code, best first. */
export interface Suggestion {
  code: string;
  display?: string;
  score: number;
  reasons: ScoreReason[];
}

/** One decision of the mapper for one local code. */
export interface MappingChange {
  code: string;
  /** The standard code; `null` with no equivalence removes the decision (the code goes back to the work list). */
  target?: string | null;
  /** FHIR R4 ConceptMapEquivalence; `equivalent` when a target is given, `unmatched` = reviewed, no equivalent. */
  equivalence?: string;
  comment?: string;
}

/** `POST /api/terminology/mapping` (answers the new ConceptMap version). */
export interface SaveMappingsRequest {
  dictionary: string;
  target?: string;
  mappings: MappingChange[];
}

/** `GET /api/terminology/mapping/unmapped`: a dictionary's codes without a mapping decision. */
export interface UnmappedReport {
  dictionary: { url: string; version?: string; title?: string };
  target: { url: string; version?: string; title?: string };
  conceptMap?: { id: string; url: string; version?: string };
  counts: { total: number; mapped: number; unmatched: number; unmapped: number };
  /** Unmapped codes matching the filter (all unmapped without one): what the pages add up to. */
  matching: number;
  offset: number;
  items: { code: string; display?: string; suggestion?: Suggestion }[];
}

/** `GET /api/terminology/mapping/suggest`: ranked standard codes for one dictionary code. */
export interface SuggestResult {
  source: { system: string; version?: string; code: string; display?: string };
  target: { system: string; version?: string; title?: string };
  suggestions: Suggestion[];
}
