import { evalFhirPathLite } from './fhirpath-lite.ts';

/** Several values in one cell are joined as the Excel export joins them. */
export const VALUE_SEPARATOR = '；';

const CJK = /[\u3400-\u9fff]/;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

function humanName(n: Obj): string | undefined {
  if (str(n.text)) return n.text as string;
  const parts = [str(n.family), ...(Array.isArray(n.given) ? (n.given as unknown[]).map(str) : [])].filter(Boolean) as string[];
  // As the Excel export writes them: family name first; Chinese names without a space (张三).
  return parts.join(parts.some((p) => CJK.test(p)) ? '' : ' ') || undefined;
}

/**
 * Readable text of one FHIR value: strings and numbers as they are, and the common data types by their
 * human-facing part (HumanName text or family+given, CodeableConcept text or first coding's display, Reference
 * display, Quantity value and unit …). An object of an unknown shape yields '' rather than raw JSON.
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(valueText).filter(Boolean).join(VALUE_SEPARATOR);
  if (typeof v !== 'object') return '';
  const o = v as Obj;
  if ('family' in o || 'given' in o || ('text' in o && 'use' in o && !('system' in o))) return humanName(o) ?? '';
  if ('coding' in o || ('text' in o && Object.keys(o).length === 1)) {
    const coding = Array.isArray(o.coding) ? (o.coding as Obj[]) : [];
    return str(o.text) ?? coding.map((c) => str(c.display) ?? str(c.code)).find(Boolean) ?? '';
  }
  if ('reference' in o || ('display' in o && !('code' in o))) return str(o.display) ?? str(o.reference) ?? '';
  if ('value' in o && ('unit' in o || 'code' in o || 'currency' in o || 'comparator' in o)) {
    return [str(o.comparator), str(o.value), str(o.unit) ?? str(o.currency) ?? str(o.code)].filter(Boolean).join(' ').replace(/^([<>]=?) /, '$1');
  }
  if ('code' in o && ('system' in o || 'display' in o)) return str(o.display) ?? str(o.code) ?? '';
  if ('value' in o && ('system' in o || 'use' in o)) return str(o.value) ?? '';
  if ('line' in o || 'city' in o || 'district' in o || 'state' in o) {
    if (str(o.text)) return o.text as string;
    const lines = Array.isArray(o.line) ? (o.line as string[]) : [];
    return [str(o.state), str(o.city), str(o.district), ...lines].filter(Boolean).join('');
  }
  if ('start' in o || 'end' in o) return [str(o.start) ?? '', str(o.end) ?? ''].join(' ~ ');
  if ('low' in o || 'high' in o) return [valueText(o.low), valueText(o.high)].join(' - ');
  if ('title' in o) return str(o.title) ?? '';
  return '';
}

/** The text of a FHIRPath expression on a resource, values joined with '；'. */
export function expressionText(expression: string, resource: unknown): string {
  return evalFhirPathLite(expression, resource).map(valueText).filter(Boolean).join(VALUE_SEPARATOR);
}
