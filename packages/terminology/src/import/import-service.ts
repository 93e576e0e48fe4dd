import type { CodeSystem, CodeSystemConcept, Organization } from '@medplum/fhirtypes';
import { badRequest, conflict, FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { indexCodeSystem } from '../concepts/concept-index.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { dictionaryKinds } from '../seed/dictionary-kinds.ts';
import { ICD10_PROPERTIES } from '../seed/icd10.ts';
import { ICD10_CLINICAL_VERSION, OID, SYSTEM } from '../urls.ts';
import { mapColumns } from './columns.ts';
import { icd10Concepts } from './icd10-clinical.ts';
import { importTarget, type ImportTarget } from './import-target.ts';
import { both } from './messages.ts';
import { readTable } from './read-table.ts';
import { checkParents, checkRows, conceptOf, MAX_ROWS, rowErrors } from './rows.ts';
import type { ImportResult } from '../contracts/import.ts';

export type { ImportResult } from '../contracts/import.ts';

export interface ImportOptions {
  /** A dictionary kind (departments, lab-items…) or `icd10-clinical`. */
  kind?: string;
  /** Owning institution; `region` (or none, for the region administrator) for a regional standard. */
  institution?: string;
  /** Business version; by default the next integer for dictionaries, `国家临床版2.0` for ICD-10. */
  version?: string;
  title?: string;
}

const PARENT_PROPERTY = { code: 'parent', uri: 'http://hl7.org/fhir/concept-properties#parent', type: 'code' as const, description: '上级编码 (parent code)' };

/**
 * Imports a dictionary file all-or-nothing: any bad row (or wrong columns, or an unreadable file) is a 400 with
 * the row-level report and nothing is stored; otherwise the file becomes a new CodeSystem version (earlier
 * versions stay as they are), written as the caller so the store's permissions and policies apply, and indexed.
 */
export async function importDictionary(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  const target = importTarget(request.principal, options.kind, options.institution);
  const owner = target.institution ? await institutionName(ctx, request, target.institution) : undefined;
  const table = await readTable(bytes);
  const [header, ...data] = table.rows;
  if (!header) throw badRequest(both('文件中没有内容', 'The file has no rows'), 'file');
  if (data.length > MAX_ROWS) throw new FhirError(413, both(`一次最多导入${MAX_ROWS}行`, `At most ${MAX_ROWS} rows can be imported at once`), 'too-costly');
  const columns = mapColumns(header.cells, target.icd10 ? ['code', 'name', 'definition', 'alias', 'mnemonic'] : undefined);
  const checked = checkRows(data, columns, header.cells.length);
  let concepts: CodeSystemConcept[];
  const issues = [...checked.issues];
  if (target.icd10) {
    const icd = icd10Concepts(checked.rows);
    issues.push(...icd.issues);
    concepts = icd.concepts;
  } else {
    issues.push(...checkParents(checked.rows));
    concepts = checked.rows.map((r) => conceptOf(r));
  }
  if (issues.length) throw rowErrors(issues);
  if (!checked.rows.length) throw badRequest(both('文件只有表头，没有数据行', 'The file has a header but no data rows'), 'file');

  const existing = await resolver.fresh(target.url);
  const version = options.version?.trim() || (target.icd10 ? ICD10_CLINICAL_VERSION : String(1 + Math.max(0, ...existing.map((e) => Number(e.version)).filter(Number.isInteger))));
  const duplicate = () => conflict(both(`${target.url} 已有版本 ${version}`, `${target.url} already has version ${version}`));
  if (existing.some((e) => e.version === version)) throw duplicate();
  const title = options.title?.trim() || defaultTitle(target, version, owner);
  const cs = codeSystem(target, version, title, concepts);
  // Conditional on url+version: two uploads racing for the same version cannot both create it.
  const written = await ctx.store.create(request, cs, { institution: target.institution, ifNoneExist: new URLSearchParams({ url: target.url, version }).toString() });
  if (written.outcome === 'existing') throw duplicate();
  const stored = written.resource as CodeSystem;
  await indexCodeSystem(ctx.db, stored);
  await ctx.audit.record({
    action: 'import',
    principal: request.principal,
    sourceIp: request.sourceIp,
    institution: target.institution,
    resourceType: 'CodeSystem',
    resourceId: stored.id,
    detail: `${table.format}${table.encoding ? ` (${table.encoding})` : ''}: ${checked.rows.length} rows into ${target.url}|${version}`,
  });
  return {
    codeSystem: { id: stored.id!, url: target.url, version, title, count: concepts.length, institution: target.institution, kind: target.kind },
    rows: checked.rows.length,
    format: table.format,
    ...(table.encoding ? { encoding: table.encoding } : {}),
  };
}

function codeSystem(target: ImportTarget, version: string, title: string, concepts: CodeSystemConcept[]): CodeSystem {
  const owner = target.institution ?? 'region';
  const common = {
    resourceType: 'CodeSystem' as const,
    url: target.url,
    version,
    title,
    status: 'active' as const,
    date: new Date().toISOString(),
    caseSensitive: true,
    hierarchyMeaning: 'is-a' as const,
    content: 'complete' as const,
    count: concepts.length,
    concept: concepts,
  };
  if (target.icd10) {
    return {
      ...common,
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:${OID.icd10}` }],
      name: 'ICD10',
      publisher: 'Medunion',
      property: [...ICD10_PROPERTIES.map((p) => ({ ...p, type: 'string' as const })), PARENT_PROPERTY],
    };
  }
  return {
    ...common,
    meta: { tag: [{ system: SYSTEM.dictionaryKind, code: target.kind }] },
    name: `Dictionary_${owner}_${target.kind}`.replace(/[^A-Za-z0-9_]/g, '_'),
    publisher: owner,
    property: [PARENT_PROPERTY],
  };
}

/** `检验项目字典（青山县人民医院）v3`. */
function defaultTitle(target: ImportTarget, version: string, institutionName: string | undefined): string {
  if (target.icd10) return `疾病分类与代码 ICD-10 ${version}`;
  const kindName = dictionaryKinds.concept?.find((c) => c.code === target.kind)?.display ?? target.kind;
  return institutionName ? `${kindName}字典（${institutionName}）v${version}` : `${kindName}区域标准字典 v${version}`;
}

/** The institution must exist and be visible to the caller: a dictionary of an unknown institution is a 400. */
async function institutionName(ctx: ModuleContext, request: RequestContext, institution: string): Promise<string> {
  const org = (await ctx.store.read(request, 'Organization', institution).catch((err: unknown) => {
    if (err instanceof FhirError && err.status === 404) throw badRequest(`Institution ${institution} does not exist`, 'institution');
    throw err;
  })) as Organization;
  return org.name ?? institution;
}
