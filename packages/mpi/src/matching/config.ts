/**
 * Fellegi–Sunter parameters. For every compared field, each comparison level has an m probability (the level is
 * seen when two records are the same person) and a u probability (seen when they are not); its match weight is
 * log2(m/u) bits. A pair's score is the sum over fields; a field missing on either side contributes 0.
 */
export const FIELD_LEVELS = {
  idCard: ['agree', 'disagree'],
  healthCard: ['agree', 'disagree'],
  name: ['exact', 'homophone', 'swapped', 'typo', 'different'],
  birthDate: ['exact', 'transposed', 'oneDigit', 'different'],
  gender: ['agree', 'disagree'],
  phone: ['agree', 'disagree'],
  address: ['high', 'medium', 'low'],
} as const;

export type Field = keyof typeof FIELD_LEVELS;
export type Level<F extends Field = Field> = (typeof FIELD_LEVELS)[F][number];
export interface Probabilities {
  m: number;
  u: number;
}
export type FieldWeights = { [F in Field]: Record<Level<F>, Probabilities> };

export interface MatchingConfig {
  /** A candidate scoring at least this is linked automatically. */
  autoLinkThreshold: number;
  /** A candidate scoring at least this (and below auto-link) goes to the review queue. */
  reviewThreshold: number;
  weights: FieldWeights;
}

/**
 * Defaults estimated for a county population (~500k–1M): u from how often unrelated residents agree by chance
 * (e.g. a birth date: 1 in ~26,000 over 70 birth years; a full name: ~1 in 700 with common-name skew), m from
 * how often data entry keeps a field right (homophone and typo levels reflect input-method errors).
 */
export const DEFAULT_WEIGHTS: FieldWeights = {
  idCard: { agree: { m: 0.999, u: 1e-7 }, disagree: { m: 0.003, u: 0.9999999 } },
  healthCard: { agree: { m: 0.995, u: 1e-6 }, disagree: { m: 0.01, u: 0.999999 } },
  name: {
    exact: { m: 0.88, u: 0.0015 },
    homophone: { m: 0.05, u: 0.0006 },
    swapped: { m: 0.005, u: 0.00005 },
    typo: { m: 0.04, u: 0.004 },
    different: { m: 0.025, u: 0.9939 },
  },
  birthDate: {
    exact: { m: 0.92, u: 0.00004 },
    transposed: { m: 0.02, u: 0.00004 },
    oneDigit: { m: 0.04, u: 0.002 },
    different: { m: 0.02, u: 0.99792 },
  },
  gender: { agree: { m: 0.985, u: 0.5 }, disagree: { m: 0.015, u: 0.5 } },
  phone: { agree: { m: 0.65, u: 0.0002 }, disagree: { m: 0.35, u: 0.9998 } },
  address: { high: { m: 0.55, u: 0.02 }, medium: { m: 0.25, u: 0.08 }, low: { m: 0.2, u: 0.9 } },
};

export const DEFAULT_AUTO_LINK_THRESHOLD = 22;
export const DEFAULT_REVIEW_THRESHOLD = 12;

/** log2(m/u), the evidence of one level in bits. */
export function matchWeight(p: Probabilities): number {
  return Math.log2(p.m / p.u);
}

/**
 * Applies an override (the `mpi.weights` parameter: `{ "name": { "exact": { "m": 0.9, "u": 0.001 } } }`) to the
 * defaults. Returns the problems instead when any entry is unknown or not a probability in (0, 1].
 */
export function mergeWeights(override: unknown): { weights: FieldWeights; problems: string[] } {
  const weights = structuredClone(DEFAULT_WEIGHTS) as Record<string, Record<string, Probabilities>>;
  const problems: string[] = [];
  if (override === null || override === undefined) return { weights: weights as FieldWeights, problems };
  if (typeof override !== 'object' || Array.isArray(override)) return { weights: DEFAULT_WEIGHTS, problems: ['mpi.weights must be an object of fields'] };
  for (const [field, levels] of Object.entries(override as Record<string, unknown>)) {
    if (!(field in FIELD_LEVELS)) {
      problems.push(`unknown field "${field}" (${Object.keys(FIELD_LEVELS).join(', ')})`);
      continue;
    }
    if (!levels || typeof levels !== 'object') {
      problems.push(`${field} must be an object of levels`);
      continue;
    }
    for (const [level, value] of Object.entries(levels as Record<string, unknown>)) {
      if (!(FIELD_LEVELS[field as Field] as readonly string[]).includes(level)) {
        problems.push(`unknown level "${field}.${level}" (${FIELD_LEVELS[field as Field].join(', ')})`);
        continue;
      }
      const { m, u } = (value ?? {}) as Partial<Probabilities>;
      if (!isProbability(m) || !isProbability(u)) {
        problems.push(`${field}.${level} needs m and u, numbers in (0, 1]`);
        continue;
      }
      weights[field][level] = { m, u };
    }
  }
  return problems.length ? { weights: DEFAULT_WEIGHTS, problems } : { weights: weights as FieldWeights, problems };
}

function isProbability(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 1;
}
