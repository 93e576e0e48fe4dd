import type {
  CatalogueImport,
  CatalogueImportResult,
  CatalogueList,
  CataloguePanel,
  CataloguePanelInput,
  CatalogueTest,
  CatalogueTestInput,
  CatalogueTube,
  CatalogueTubeInput,
  LabOrderTemplate,
  LabOrderTemplateInput,
} from '@medunion/lis/contracts';
import { api, ApiError } from '../../api/http.api.ts';
import type { IssueLike } from './catalogue-form.ts';

/** The LIS catalogue API (`/api/lis/catalogue`, packages/lis README "Catalogue"); its shapes are the module's contracts. */
export type { CatalogueImport, CatalogueImportResult, CataloguePanel, CataloguePanelInput, CatalogueTest, CatalogueTestInput, CatalogueTube, CatalogueTubeInput, LabOrderTemplate, LabOrderTemplateInput } from '@medunion/lis/contracts';

export type Kind = 'tests' | 'panels' | 'tubes';
export interface Entries {
  tests: CatalogueTest;
  panels: CataloguePanel;
  tubes: CatalogueTube;
}
export interface Inputs {
  tests: CatalogueTestInput;
  panels: CataloguePanelInput;
  tubes: CatalogueTubeInput;
}

const BASE = '/api/lis/catalogue';
type Scope = { institution?: string };

export interface ListFilter extends Scope {
  q?: string;
  section?: string;
  active?: 'true' | 'false' | 'all';
  _count?: number;
  _offset?: number;
}

/** A write whose refusal the page shows field by field: the OperationOutcome's issues come back, not just its text. */
export type Checked<T> = { ok: true; value: T } | { ok: false; status: number; issues: IssueLike[]; message: string };

async function checked<T>(call: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ok: false, status: err.status, issues: (err.outcome?.issue ?? []).filter((i) => i.severity !== 'information'), message: err.message };
  }
}

export const catalogueApi = {
  list: <K extends Kind>(kind: K, filter: ListFilter) => api<CatalogueList<Entries[K]>>(`${BASE}/${kind}`, { query: { ...filter } }),
  /** Every entry of a kind, active ones unless asked (pickers: a panel's tests and tube; the export: all). */
  all: async <K extends Kind>(kind: K, scope: Scope, active: ListFilter['active'] = 'true'): Promise<Entries[K][]> => {
    const items: Entries[K][] = [];
    for (;;) {
      const page = await api<CatalogueList<Entries[K]>>(`${BASE}/${kind}`, { query: { _count: 500, _offset: items.length, active, ...scope } });
      items.push(...page.items);
      if (!page.items.length || items.length >= page.total) return items;
    }
  },
  /** Creates, or replaces `editing` with `If-Match` on the version the user opened (412 when someone saved meanwhile). */
  save: <K extends Kind>(kind: K, input: Inputs[K], editing: Entries[K] | undefined, scope: Scope) =>
    checked(() =>
      editing
        ? api<Entries[K]>(`${BASE}/${kind}/${encodeURIComponent(editing.code)}`, { method: 'PUT', body: input, query: { ...scope }, headers: { 'if-match': `W/"${editing.versionId}"` } })
        : api<Entries[K]>(`${BASE}/${kind}`, { method: 'POST', body: input, query: { ...scope } }),
    ),
  /** 停用: refused while an active panel or formula still uses the entry. */
  deactivate: <K extends Kind>(kind: K, code: string, scope: Scope) => api<Entries[K]>(`${BASE}/${kind}/${encodeURIComponent(code)}/deactivate`, { method: 'POST', body: {}, query: { ...scope } }),
  /** The whole catalogue (upsert by code): all or nothing, every problem named by row (`tests[12].formula`). */
  import: (body: CatalogueImport, scope: Scope) => checked(() => api<CatalogueImportResult>(`${BASE}/import`, { method: 'POST', body, query: { ...scope } })),
  /** 医嘱模板 (the orders area keeps them; maintained with the catalogue: `lis.catalogue.manage`). */
  templates: (filter: Scope & { q?: string; section?: string; active?: ListFilter['active'] }) => api<LabOrderTemplate[]>('/api/lis/orders/templates', { query: { ...filter } }),
  saveTemplate: (input: LabOrderTemplateInput, editing: LabOrderTemplate | undefined, scope: Scope) =>
    checked(() =>
      editing
        ? api<LabOrderTemplate>(`/api/lis/orders/templates/${encodeURIComponent(editing.code)}`, { method: 'PUT', body: input, query: { ...scope } })
        : api<LabOrderTemplate>('/api/lis/orders/templates', { method: 'POST', body: input, query: { ...scope } }),
    ),
};
