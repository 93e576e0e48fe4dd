import { normalizeText } from './normalize.ts';

/**
 * A qualitative result reduced to what it means: polarity and, for graded results, the number of pluses.
 * `阴性`, `阴性(-)`, `-`, `neg`, `未检出` are all negative; `阳性`, `+`, `++`, `2+`, `阳性(++)`, `检出大肠埃希菌` positive;
 * `±`, `+-`, `弱阳性` weak. Anything else is `other` and compared as text.
 */
export interface QualitativeMeaning {
  polarity: 'negative' | 'weak' | 'positive' | 'other';
  /** 1 for `+`/`1+`, 2 for `++`/`2+`…; absent when no grade is given (`阳性`). */
  grade?: number;
  /** The normalised text (lower case, no spaces or brackets). */
  text: string;
}

const NEGATIVE = new Set(['阴性', '阴', '-', 'neg', 'negative', '未检出', 'notdetected', 'nd', '阴性-']);
const WEAK = new Set(['±', '+-', '+/-', '弱阳性', '弱阳', 'weak', '弱阳性±', '弱阳性+-']);
const POSITIVE = /^(?:阳性|阳|pos|positive)?(?:(\++)|([1-4])\+)?$/;

export function qualitativeMeaning(raw: string): QualitativeMeaning {
  const text = normalizeText(raw).toLowerCase().replace(/[\s()[\]]/g, '');
  if (NEGATIVE.has(text) || /^(未检出|未查见|未查到|未见|未发现|未找到|阴性)/.test(text)) return { polarity: 'negative', text };
  if (WEAK.has(text)) return { polarity: 'weak', text };
  if (/^(检出|查见)/.test(text)) return { polarity: 'positive', text };
  const m = POSITIVE.exec(text);
  if (text && m) return { polarity: 'positive', ...(m[1] ? { grade: m[1].length } : m[2] ? { grade: Number(m[2]) } : {}), text };
  return { polarity: 'other', text };
}

/**
 * Whether a result means what a configured value means: same polarity and, when the configured value states a grade,
 * the same grade (`阳性` matches `++`; `+` does not match `++`); `other` texts must be equal.
 */
export function qualitativeMatches(result: string, configured: string): boolean {
  const r = qualitativeMeaning(result);
  const c = qualitativeMeaning(configured);
  if (c.polarity === 'other' || r.polarity === 'other') return r.text === c.text;
  return r.polarity === c.polarity && (c.grade === undefined || c.grade === r.grade);
}
