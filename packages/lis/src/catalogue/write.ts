import { randomUUID } from 'node:crypto';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import type { CatalogueImport, CatalogueImportResult, CataloguePanelInput, CatalogueTestInput, CatalogueTubeInput } from '../contracts/catalogue.ts';
import { invalidateCatalogue } from './lookup.ts';
import { panelToFhir } from './panel-fhir.ts';
import { readCatalogue, type StoredCatalogue } from './read.ts';
import { testToFhir } from './test-fhir.ts';
import { tubeToFhir } from './tube-fhir.ts';
import { checkConsistency, checkPanel, checkTest, checkTube, type Draft, type DraftCatalogue } from './validate.ts';
import { issueAt } from '../http/errors.ts';

export type Kind = 'tests' | 'panels' | 'tubes';

/** How a write treats codes: `create` refuses existing ones (409), `update` unknown ones (404), `upsert` takes both. */
export type WriteMode = 'create' | 'update' | 'upsert';

export interface CatalogueWrite extends CatalogueImport {
  /** Where each list sits in the request, for error paths: `tests` for an import, '' for a single entry. */
  paths?: Partial<Record<Kind, (i: number) => string>>;
  /** If-Match per code (single updates). */
  ifMatch?: string;
}

const defaultPath = (kind: Kind) => (i: number) => `${kind}[${i}]`;
const zero = () => ({ tubes: 0, tests: 0, panels: 0 });

/**
 * Writes catalogue entries all or nothing, in one transaction as the caller (store permissions, policies, audit and
 * history apply): serialised per institution, checked field by field and against the whole catalogue as it will be
 * (formulas, panels' tests and tubes, retirements), then written with one bulk statement per resource type. Every
 * problem is reported at once, each naming its field; nothing is stored if any is found.
 */
export async function writeCatalogue(
  ctx: ModuleContext,
  request: RequestContext,
  institution: string,
  input: CatalogueWrite,
  mode: WriteMode,
): Promise<CatalogueImportResult & { written: Record<Kind, Resource[]> }> {
  const result = await ctx.store.inUnit(request, async (unit) => {
    await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`lis.catalogue:${institution}`]);
    const current = await readCatalogue(ctx, request, institution, unit);
    const draft = draftOf(current);
    const issues: OperationOutcomeIssue[] = [];
    const changes: Record<Kind, { input: { code: string }; path: string; existing?: { id: string } }[]> = { tubes: [], tests: [], panels: [] };
    const lists: [Kind, { code: string }[], (e: never, path: string) => OperationOutcomeIssue[]][] = [
      ['tubes', input.tubes ?? [], checkTube as (e: never, path: string) => OperationOutcomeIssue[]],
      ['tests', input.tests ?? [], checkTest as (e: never, path: string) => OperationOutcomeIssue[]],
      ['panels', input.panels ?? [], checkPanel as (e: never, path: string) => OperationOutcomeIssue[]],
    ];
    for (const [kind, entries, check] of lists) {
      const pathOf = input.paths?.[kind] ?? defaultPath(kind);
      const seen = new Set<string>();
      entries.forEach((entry, i) => {
        const path = pathOf(i);
        const codePath = path ? `${path}.code` : 'code';
        const existing = current[kind].get(entry.code);
        if (seen.has(entry.code)) issues.push(issueAt(codePath, `代码 ${entry.code} 在本次提交中重复`, `Code ${entry.code} appears twice in this request`, 'duplicate'));
        else if (mode === 'create' && existing) throw new FhirError(409, [issueAt(codePath, `代码 ${entry.code} 已存在`, `Code ${entry.code} already exists`, 'duplicate')]);
        else if (mode === 'update' && !existing) throw new FhirError(404, [issueAt(codePath, `代码 ${entry.code} 不存在`, `Code ${entry.code} does not exist`, 'not-found')]);
        seen.add(entry.code);
        issues.push(...check(entry as never, path));
        (draft[kind] as Map<string, Draft<unknown>>).set(entry.code, { input: entry, path });
        changes[kind].push({ input: entry, path, ...(existing ? { existing: existing.resource } : {}) });
      });
    }
    issues.push(...checkConsistency(draft));
    if (issues.length) throw new FhirError(400, issues);

    // Ids first, so panels can reference tests and tubes written in the same request.
    const ids: Record<Kind, Map<string, string>> = { tubes: new Map(), tests: new Map(), panels: new Map() };
    for (const kind of ['tubes', 'tests', 'panels'] as const) {
      for (const [code, stored] of current[kind]) ids[kind].set(code, stored.resource.id);
      for (const c of changes[kind]) ids[kind].set(c.input.code, c.existing?.id ?? randomUUID());
    }
    const build: Record<Kind, (entry: never, id: string) => Resource> = {
      tubes: (e: CatalogueTubeInput, id) => tubeToFhir(e, institution, id),
      tests: (e: CatalogueTestInput, id) => testToFhir(e, institution, id),
      panels: (e: CataloguePanelInput, id) => panelToFhir(e, institution, { tests: ids.tests, tubes: ids.tubes }, id),
    } as Record<Kind, (entry: never, id: string) => Resource>;
    const counts = { created: zero(), updated: zero(), unchanged: zero() };
    const written: Record<Kind, Resource[]> = { tubes: [], tests: [], panels: [] };
    for (const kind of ['tubes', 'tests', 'panels'] as const) {
      if (!changes[kind].length) continue;
      const results = await writeMany(ctx, unit, request, changes[kind].map((c) => ({ resource: build[kind](c.input as never, ids[kind].get(c.input.code)!), path: c.path })), input.ifMatch);
      for (const r of results) {
        counts[r.outcome === 'created' ? 'created' : r.outcome === 'updated' ? 'updated' : 'unchanged'][kind]++;
        written[kind].push(r.resource);
      }
    }
    return { ...counts, written };
  });
  invalidateCatalogue(institution);
  return result;
}

async function writeMany(ctx: ModuleContext, unit: Unit, request: RequestContext, entries: { resource: Resource; path: string }[], ifMatch: string | undefined) {
  const results = await ctx.store.updateManyIn(
    unit,
    request,
    entries.map((e) => ({ resource: e.resource, ...(ifMatch ? { ifMatch } : {}) })),
    (i, err) => new FhirError(err.status, err.issues.map((x) => ({ ...x, expression: [entries[i].path || '$', ...(x.expression ?? [])] }))),
  );
  return results;
}

function draftOf(c: StoredCatalogue): DraftCatalogue {
  const of = <T>(m: Map<string, { model: T }>) => new Map([...m].map(([code, s]) => [code, { input: s.model } as Draft<T>]));
  return { tests: of(c.tests), panels: of(c.panels), tubes: of(c.tubes) };
}
