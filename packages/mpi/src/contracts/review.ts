/** How one field of a scored pair contributed: its comparison level and the evidence in bits (log2 m/u; 0 when missing). */
export interface FieldScore {
  /** A compared field (`idCard`, `name`, `birthDate`…; see the module README). */
  field: string;
  level: string;
  weight: number;
}

export type MatchDecision = 'auto-link' | 'review' | 'no-match';
export type MatchRule = 'deterministic:id-card' | 'deterministic:health-card' | 'probabilistic';

/** One side of a review pair, as the index holds the source record now. */
export interface ReviewSide {
  patientId: string;
  /** The golden record the source belongs to now. */
  goldenId: string | null;
  institution: string | null;
  status: 'active' | 'deleted' | 'unknown';
  name?: string;
  gender?: string;
  birthDate?: string;
  phones: string[];
  address?: string;
  identifiers: { system: string; value: string }[];
}

/** A stored scored pair with both sides (`GET /api/mpi/review`, `GET|POST /api/mpi/review/:id`). */
export interface ReviewItem {
  id: number;
  candidateGolden: string;
  score: number;
  fields: FieldScore[];
  rule: MatchRule;
  decision: MatchDecision;
  /** `open` while a review item waits for a person; `closed` otherwise. */
  status: 'open' | 'closed';
  /** How a review item was settled: `link`, `not-duplicate`, or `superseded` when the records changed under it. */
  outcome: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
  createdAt: string;
  record: ReviewSide;
  candidate: ReviewSide;
}

/** `GET /api/mpi/review`. */
export interface ReviewPage {
  total: number;
  items: ReviewItem[];
}

/** `POST /api/mpi/review/:id` body `decision`. */
export type ReviewDecision = 'link' | 'not-duplicate';

/** m/u probabilities of a comparison level and its weight in bits. */
export interface LevelWeight {
  m: number;
  u: number;
  weight: number;
}

/** `GET /api/mpi/config`: the effective matching configuration. */
export interface MatchingConfigView {
  autoLinkThreshold: number;
  reviewThreshold: number;
  /** field → level → probabilities and weight. */
  weights: Record<string, Record<string, LevelWeight>>;
  /** Why an `mpi.weights` override was ignored (the defaults then apply). */
  problems: string[];
}
