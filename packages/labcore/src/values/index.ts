export { parseResultValue, formatParsedValue, type ParsedValue, type NumericValue, type TextValue, type EmptyValue, type Comparator } from './parse-value.ts';
export { qualitativeMeaning, qualitativeMatches, type QualitativeMeaning } from './qualitative.ts';
export { normalizeText } from './normalize.ts';
