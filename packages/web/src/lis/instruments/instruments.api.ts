import type {
  AssignUnmatchedInput,
  AssignUnmatchedOutcome,
  CatalogueList,
  CatalogueTest,
  Instrument,
  InstrumentInput,
  InstrumentMessageKind,
  InstrumentMessagePage,
  InstrumentStatus,
  UnmatchedReason,
  UnmatchedResult,
  UnmatchedResultPage,
} from '@medunion/lis/contracts';
import { api, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../../api/authorized-fetch.ts';
import type { OutcomeIssueLike } from './instrument-form.ts';

/** The LIS instruments API (`/api/lis`, packages/lis README "Instruments"); its shapes are the module's contracts. */
export type {
  Instrument,
  InstrumentInput,
  InstrumentMessage,
  InstrumentMessageKind,
  InstrumentState,
  InstrumentStatus,
  UnmatchedReason,
  UnmatchedResult,
} from '@medunion/lis/contracts';

const BASE = '/api/lis';

/** `institution`: only for region-wide users (staff act for their current institution; naming another is refused). */
type Scope = { institution?: string };

export interface MessageFilter extends Scope {
  instrument?: string;
  direction?: 'in' | 'out';
  kind?: InstrumentMessageKind;
  outcome?: string;
  since?: string;
  until?: string;
  before?: string;
  limit?: number;
}

export interface UnmatchedFilter extends Scope {
  status?: 'open' | 'assigned' | 'dismissed';
  instrument?: string;
  reason?: UnmatchedReason;
  sample?: string;
  before?: string;
  limit?: number;
}

/** A call whose refusal the page shows field by field: the whole OperationOutcome comes back, not just its text. */
export type Checked<T> = { ok: true; value: T } | { ok: false; status: number; issues: OutcomeIssueLike[]; message: string };

async function checked<T>(path: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Checked<T>> {
  const res = await authorizedFetch(path, { method, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  const data = await jsonBody(res);
  if (res.ok) return { ok: true, value: data as T };
  const issues = ((data as { issue?: OutcomeIssueLike[] } | undefined)?.issue ?? []).filter((i) => i.severity !== 'information');
  return { ok: false, status: res.status, issues, message: outcomeMessage(data, `HTTP ${res.status}`) };
}

const withScope = (path: string, scope: Scope) => (scope.institution ? `${path}?institution=${encodeURIComponent(scope.institution)}` : path);

export const instrumentsApi = {
  list: async (scope: Scope) => (await api<{ instruments: Instrument[] }>(`${BASE}/instruments`, { query: { ...scope } })).instruments,
  status: (id: string, scope: Scope) => api<InstrumentStatus>(`${BASE}/instruments/${encodeURIComponent(id)}/status`, { query: { ...scope } }),
  /** Creates, or replaces the instrument `editing` with `If-Match` on the version the user edited (412 when someone saved meanwhile). */
  save: (input: InstrumentInput, editing: Instrument | undefined, scope: Scope) =>
    editing
      ? checked<Instrument>(withScope(`${BASE}/instruments/${encodeURIComponent(editing.id)}`, scope), 'PUT', input, { 'if-match': `W/"${editing.version}"` })
      : checked<Instrument>(withScope(`${BASE}/instruments`, scope), 'POST', input),
  /** 停用: the connection closes; ledgers keep pointing at the instrument. */
  deactivate: (id: string, scope: Scope) => api<Instrument>(`${BASE}/instruments/${encodeURIComponent(id)}`, { method: 'DELETE', query: { ...scope } }),
  messages: (filter: MessageFilter) => api<InstrumentMessagePage>(`${BASE}/instrument-messages`, { query: { ...filter } }),
  unmatched: (filter: UnmatchedFilter) => api<UnmatchedResultPage>(`${BASE}/unmatched-results`, { query: { ...filter } }),
  assign: (id: string, input: AssignUnmatchedInput, scope: Scope) => checked<AssignUnmatchedOutcome>(withScope(`${BASE}/unmatched-results/${encodeURIComponent(id)}/assign`, scope), 'POST', input),
  dismiss: (id: string, note: string, scope: Scope) => api<UnmatchedResult>(`${BASE}/unmatched-results/${encodeURIComponent(id)}/dismiss`, { method: 'POST', body: { note }, query: { ...scope } }),
  /** The laboratory's tests (检验项目), active ones, for the channel map. */
  catalogueTests: async (scope: Scope) => {
    const tests: CatalogueTest[] = [];
    for (;;) {
      const page = await api<CatalogueList<CatalogueTest>>(`${BASE}/catalogue/tests`, { query: { _count: 500, _offset: tests.length, ...scope } });
      tests.push(...page.items);
      if (!page.items.length || tests.length >= page.total) return tests;
    }
  },
};
