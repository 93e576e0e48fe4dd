/**
 * The generic columns of 数据浏览 (any resource type): what to show as a row's summary and how to sort by it.
 * Pure, so the choices are tested without a browser.
 */

/** The first human-facing element a resource has: a title, a name, a code, a type or a description. */
export const SUMMARY_EXPRESSION = '(title | name | code | type | description).first()';

/** Types whose summary has a search parameter to sort by; the others sort by id and time only. */
const SUMMARY_SORT: Record<string, string> = {
  Patient: 'name',
  Practitioner: 'name',
  RelatedPerson: 'name',
  Organization: 'name',
  Location: 'name',
  HealthcareService: 'name',
  Endpoint: 'name',
  Observation: 'code',
  Condition: 'code',
  Procedure: 'code',
  ServiceRequest: 'code',
  DiagnosticReport: 'code',
  Medication: 'code',
  CodeSystem: 'title',
  ValueSet: 'title',
  Questionnaire: 'title',
};

export const summarySortParam = (resourceType: string): string | undefined => SUMMARY_SORT[resourceType];

/** Parameters the table itself sets; typing them into the extra conditions would fight the pager and the headers. */
const RESERVED = new Set(['_count', '_offset', '_total', '_sort']);

/**
 * The extra search conditions typed by the administrator ('gender=female&birthdate=ge1990-01-01') as the table's
 * fixed query, or the reason they cannot be used.
 */
export function parseConditions(text: string): { query: Record<string, string> } | { error: { key: 'reserved' | 'duplicate' | 'malformed'; param: string } } {
  const query: Record<string, string> = {};
  const trimmed = text.trim().replace(/^\?/, '');
  if (!trimmed) return { query };
  for (const part of trimmed.split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    if (at <= 0) return { error: { key: 'malformed', param: part } };
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(part.slice(0, at).trim());
      value = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return { error: { key: 'malformed', param: part } };
    }
    if (RESERVED.has(name)) return { error: { key: 'reserved', param: name } };
    // The table's query holds one value per parameter; AND-ed repeats (date ranges) go through the date filter.
    if (name in query) return { error: { key: 'duplicate', param: name } };
    query[name] = value;
  }
  return { query };
}
