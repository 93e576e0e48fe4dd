import type { CodeSystem, ConceptMap, OperationOutcome, Parameters, ValueSet } from '@medplum/fhirtypes';
import type { ImportResult, MappingChange, SuggestResult, UnmappedReport } from '@medunion/terminology/contracts';
import { api, ApiError, outcomeMessage, refreshSession } from '../api/http.api.ts';
import { tokenStore } from '../session/tokens.ts';
import { searchAll } from '../admin/fhir.api.ts';

const FHIR = '/fhir/R4';
const API = '/api/terminology';
/** Institution dictionaries live under `<base>/<institution>/<kind>` (terminology module, urls.ts). */
export const DICTIONARY_BASE = 'https://medunion.org/fhir/CodeSystem/dictionary';
export const DICTIONARY_KIND_SYSTEM = 'https://medunion.org/fhir/CodeSystem/dictionary-kind';

/** The terminology module's own API (`/api/terminology`); its shapes are the module's HTTP contracts. */
export type { ImportResult, MappingChange, ScoreReason, Suggestion, SuggestResult, UnmappedReport } from '@medunion/terminology/contracts';

export interface ExpandedConcept {
  code: string;
  display?: string;
  inactive?: boolean;
}

export interface ExpandPage {
  total: number;
  concepts: ExpandedConcept[];
}

/** `ValueSet/$expand` of a whole code system (`<url>?fhir_vs`), filtered like the pickers (code, pinyin, name). */
export async function expandCodeSystem(url: string, options: { version?: string; filter?: string; offset?: number; count?: number }): Promise<ExpandPage> {
  const vs = await api<ValueSet>(`${FHIR}/ValueSet/$expand`, {
    query: { url: `${url}?fhir_vs`, valueSetVersion: options.version, filter: options.filter?.trim(), offset: options.offset ?? 0, count: options.count ?? 50 },
  });
  const concepts = (vs.expansion?.contains ?? []).map((c) => ({ code: c.code ?? '', display: c.display, ...(c.inactive ? { inactive: true } : {}) }));
  return { total: vs.expansion?.total ?? concepts.length, concepts };
}

/** `CodeSystem/$lookup`: the concept's display, definition, designations and properties (parent, child, …). */
export const lookupConcept = (system: string, code: string, version?: string): Promise<Parameters> =>
  api<Parameters>(`${FHIR}/CodeSystem/$lookup`, { query: { system, code, version } });

/** The current version of each institution dictionary (every version is its own CodeSystem resource). */
export async function institutionDictionaries(institution: string): Promise<CodeSystem[]> {
  return searchAll<CodeSystem>('CodeSystem', { 'url:below': `${DICTIONARY_BASE}/${institution}/`, _elements: 'url,version,title,name,count,content,status,meta,date' });
}

export const readCodeSystem = (id: string): Promise<CodeSystem> => api<CodeSystem>(`${FHIR}/CodeSystem/${encodeURIComponent(id)}`);

/** Creates the next version as a new resource; conditional on url+version, as the import does, so a race cannot store it twice. */
export function createCodeSystemVersion(cs: CodeSystem): Promise<CodeSystem> {
  const ifNoneExist = new URLSearchParams({ url: cs.url ?? '', version: cs.version ?? '' }).toString();
  return api<CodeSystem>(`${FHIR}/CodeSystem`, { method: 'POST', body: cs, headers: { 'if-none-exist': ifNoneExist } });
}

export async function currentConceptMap(url: string): Promise<ConceptMap | undefined> {
  const found = await searchAll<ConceptMap>('ConceptMap', { url });
  return found[0];
}

/** A failed import: the OperationOutcome lists one issue per bad row. */
export class ImportFailed extends ApiError {
  declare readonly outcome: OperationOutcome;
  constructor(status: number, outcome: OperationOutcome) {
    super(status, outcomeMessage(outcome, `HTTP ${status}`), undefined, outcome);
  }
}

/** `POST /api/terminology/import` as multipart (the JSON helper cannot send files); one refresh-and-retry on 401. */
export async function importDictionary(file: File, fields: { kind: string; institution?: string; version?: string; title?: string }, retried = false): Promise<ImportResult> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v) form.append(k, v);
  form.append('file', file, file.name);
  const tokens = tokenStore.get();
  const res = await fetch(`${API}/import`, { method: 'POST', body: form, headers: tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {} });
  if (res.status === 401 && !retried && (await refreshSession())) return importDictionary(file, fields, true);
  const body = (await res.json().catch(() => ({}))) as ImportResult | OperationOutcome;
  if (!res.ok) throw new ImportFailed(res.status, body as OperationOutcome);
  return body as ImportResult;
}

export const suggestMappings = (dictionary: string, code: string, count = 5): Promise<SuggestResult> =>
  api<SuggestResult>(`${API}/mapping/suggest`, { query: { dictionary, code, count } });

export const saveMappings = (dictionary: string, mappings: MappingChange[]): Promise<ConceptMap> =>
  api<ConceptMap>(`${API}/mapping`, { method: 'POST', body: { dictionary, mappings } });

export const unmappedReport = (dictionary: string, options: { filter?: string; offset?: number; count?: number; suggest?: boolean }): Promise<UnmappedReport> =>
  api<UnmappedReport>(`${API}/mapping/unmapped`, {
    query: { dictionary, filter: options.filter?.trim(), offset: options.offset ?? 0, count: options.count ?? 50, suggest: options.suggest ? 'true' : undefined },
  });
