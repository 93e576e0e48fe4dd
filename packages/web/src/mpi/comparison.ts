import type { FieldScore, MatchingConfigView, ReviewItem, ReviewSide } from './mpi.api.ts';
import { HEALTH_CARD_SYSTEM, ID_CARD_SYSTEM } from './identifier-systems.ts';

/** Rows of the side-by-side comparison, in reading order. */
export type ComparisonKey = 'name' | 'gender' | 'birthDate' | 'phone' | 'address' | 'idCard' | 'healthCard' | 'identifiers' | 'institution';

export interface ComparedValue {
  text: string;
  /** The other side has values, and not this one: the eye should stop here. */
  differs: boolean;
}

export interface ComparisonRow {
  key: ComparisonKey;
  record: ComparedValue[];
  candidate: ComparedValue[];
  /** The scored field behind the row (level and weight), when the matcher compares it. */
  score?: FieldScore;
}

const ROWS: readonly { key: ComparisonKey; field?: string; values(side: ReviewSide): string[]; normalize?(text: string): string }[] = [
  { key: 'name', field: 'name', values: (s) => (s.name ? [s.name] : []), normalize: (t) => t.replace(/[\s·•]/g, '') },
  { key: 'gender', field: 'gender', values: (s) => (s.gender ? [s.gender] : []) },
  { key: 'birthDate', field: 'birthDate', values: (s) => (s.birthDate ? [s.birthDate] : []) },
  // +86, spaces and dashes are how a number was typed, not a different number.
  { key: 'phone', field: 'phone', values: (s) => s.phones.filter(Boolean), normalize: (t) => t.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '') },
  { key: 'address', field: 'address', values: (s) => (s.address ? [s.address] : []), normalize: (t) => t.replace(/\s/g, '') },
  { key: 'idCard', field: 'idCard', values: (s) => valuesOf(s, ID_CARD_SYSTEM), normalize: (t) => t.toUpperCase() },
  { key: 'healthCard', field: 'healthCard', values: (s) => valuesOf(s, HEALTH_CARD_SYSTEM), normalize: (t) => t.toUpperCase() },
  // Record numbers of the institutions: never scored (each institution numbers its own), shown so a person can check them.
  { key: 'identifiers', values: (s) => s.identifiers.filter((i) => i.system !== ID_CARD_SYSTEM && i.system !== HEALTH_CARD_SYSTEM).map((i) => `${i.system}|${i.value}`) },
  { key: 'institution', values: (s) => (s.institution ? [s.institution] : []) },
];

function valuesOf(side: ReviewSide, system: string): string[] {
  return side.identifiers.filter((i) => i.system === system).map((i) => i.value);
}

function compare(mine: string[], theirs: string[], normalize: (t: string) => string): ComparedValue[] {
  const other = new Set(theirs.map(normalize));
  return mine.map((text) => ({ text, differs: other.size > 0 && !other.has(normalize(text)) }));
}

/**
 * The side-by-side comparison of a review pair: every row with both sides' values (a value missing from a
 * non-empty other side is marked as differing), and the matcher's level and weight for the fields it scored.
 * Record numbers of different institutions always differ, so they are listed but never marked.
 */
export function comparisonRows(item: Pick<ReviewItem, 'record' | 'candidate' | 'fields'>): ComparisonRow[] {
  const scores = new Map(item.fields.map((f) => [f.field, f]));
  return ROWS.map(({ key, field, values, normalize = (t: string) => t.trim() }) => {
    const record = values(item.record);
    const candidate = values(item.candidate);
    const marked = key !== 'identifiers';
    const row: ComparisonRow = {
      key,
      record: marked ? compare(record, candidate, normalize) : record.map((text) => ({ text, differs: false })),
      candidate: marked ? compare(candidate, record, normalize) : candidate.map((text) => ({ text, differs: false })),
    };
    const score = field ? scores.get(field) : undefined;
    if (score) row.score = score;
    return row;
  });
}

/** Scored fields the comparison has no row for (a field added to the matcher later still explains its part). */
export function unshownScores(fields: readonly FieldScore[]): FieldScore[] {
  const shown = new Set(ROWS.map((r) => r.field).filter(Boolean));
  return fields.filter((f) => !shown.has(f.field));
}

export type ScoreBand = 'auto-link' | 'review' | 'below';

/** Where a score falls against the thresholds in force now (they may have changed since the pair was scored). */
export function scoreBand(score: number, config: Pick<MatchingConfigView, 'autoLinkThreshold' | 'reviewThreshold'>): ScoreBand {
  if (score >= config.autoLinkThreshold) return 'auto-link';
  if (score >= config.reviewThreshold) return 'review';
  return 'below';
}

/** A weight as evidence: +9.4 for, −3.1 against, 0 when the field was missing on a side. */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `−${Math.abs(rounded).toFixed(1)}`;
}
