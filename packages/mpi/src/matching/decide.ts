import type { MatchDecision, MatchRule } from '../index-store/matches.ts';
import type { Candidate } from '../index-store/records.ts';
import type { MatchingConfig } from './config.ts';
import type { MatchFeatures } from './features.ts';
import { scorePair, type PairScore } from './score.ts';

export interface ScoredCandidate extends Candidate, PairScore {}

export interface ProposedMatch {
  candidate: ScoredCandidate;
  rule: MatchRule;
  decision: MatchDecision;
}

export interface MatchOutcome {
  /** The golden record to join, or undefined for a new person. */
  target?: string;
  rule: MatchRule;
  /** The pairs to store with the decision (at most one per golden record). */
  matches: ProposedMatch[];
}

/** Review items per registration: more would bury the queue under unlikely pairs. */
const MAX_REVIEW_ITEMS = 3;

/**
 * Decides where a record belongs. Deterministic first: the same resident ID card (or health card) is the same
 * person. Otherwise the best-scoring golden record is joined when its score reaches the auto-link threshold;
 * every other golden record scoring at least the review threshold becomes a review item; with neither, the
 * best candidate is still kept (decision `no-match`) so the "why not" can be explained too.
 */
export function decideMatch(features: MatchFeatures, candidates: Candidate[], config: MatchingConfig): MatchOutcome {
  const scored: ScoredCandidate[] = candidates.map((c) => ({ ...c, ...scorePair(features, c.features, config.weights) }));
  const bestPerGolden = new Map<string, ScoredCandidate>();
  for (const c of scored) {
    const current = bestPerGolden.get(c.goldenId);
    if (!current || c.score > current.score) bestPerGolden.set(c.goldenId, c);
  }
  const ranked = [...bestPerGolden.values()].sort((a, b) => b.score - a.score || a.recordId.localeCompare(b.recordId));
  const deterministic = pickDeterministic(features, scored);
  const top = deterministic?.candidate ?? (ranked[0] && ranked[0].score >= config.autoLinkThreshold ? ranked[0] : undefined);
  const rule: MatchRule = deterministic?.rule ?? 'probabilistic';
  const reviews = ranked
    .filter((c) => c.goldenId !== top?.goldenId && c.score >= config.reviewThreshold)
    .slice(0, MAX_REVIEW_ITEMS)
    .map((candidate): ProposedMatch => ({ candidate, rule: 'probabilistic', decision: 'review' }));
  const matches: ProposedMatch[] = [...(top ? [{ candidate: top, rule, decision: 'auto-link' as const }] : []), ...reviews];
  if (matches.length === 0 && ranked[0]) matches.push({ candidate: ranked[0], rule: 'probabilistic', decision: 'no-match' });
  return { target: top?.goldenId, rule, matches };
}

function pickDeterministic(features: MatchFeatures, scored: ScoredCandidate[]): { candidate: ScoredCandidate; rule: MatchRule } | undefined {
  const best = (list: ScoredCandidate[]) => list.sort((a, b) => b.score - a.score)[0];
  if (features.idCard) {
    const same = scored.filter((c) => c.features.idCard === features.idCard);
    if (same.length) return { candidate: best(same), rule: 'deterministic:id-card' };
  }
  if (features.healthCard) {
    const same = scored.filter((c) => c.features.healthCard === features.healthCard);
    if (same.length) return { candidate: best(same), rule: 'deterministic:health-card' };
  }
  return undefined;
}
