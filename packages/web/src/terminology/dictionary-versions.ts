import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import { DICTIONARY_KIND_SYSTEM } from './terminology.api.ts';

const INACTIVE_PROPERTY = { code: 'inactive', uri: 'http://hl7.org/fhir/concept-properties#inactive', type: 'boolean' as const, description: '停用 (inactive)' };
// Written by the server on every stored version; a new version gets its own.
const SERVER_META = ['https://medunion.org/fhir/StructureDefinition/modified-by'];

const numeric = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/** The dictionary kind a CodeSystem is tagged with. */
export const dictionaryKind = (cs: CodeSystem): string | undefined => cs.meta?.tag?.find((t) => t.system === DICTIONARY_KIND_SYSTEM)?.code;

/** Newer first: integer versions by value, others by when they were stored. */
function newer(a: CodeSystem, b: CodeSystem): number {
  const [na, nb] = [numeric(a.version), numeric(b.version)];
  if (na !== undefined && nb !== undefined && na !== nb) return nb - na;
  return (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? '');
}

export interface DictionaryVersions {
  current: CodeSystem;
  versions: number;
}

/** One row per dictionary url: its current version (what the terminology operations answer from) and how many exist. */
export function currentVersions(found: CodeSystem[]): DictionaryVersions[] {
  const byUrl = new Map<string, CodeSystem[]>();
  for (const cs of found) if (cs.url) byUrl.set(cs.url, [...(byUrl.get(cs.url) ?? []), cs]);
  return [...byUrl.values()].map((all) => ({ current: [...all].sort(newer)[0], versions: all.length })).sort((a, b) => (a.current.url ?? '').localeCompare(b.current.url ?? ''));
}

/** The next business version: an integer one more than the highest integer version, else `<version>.1`. */
export function nextVersion(version: string | undefined, others: (string | undefined)[] = []): string {
  const ints = [version, ...others].map(numeric).filter((n): n is number => n !== undefined);
  if (ints.length) return String(Math.max(...ints) + 1);
  return version ? `${version}.1` : '1';
}

/** Import titles end with ` v<version>` (`检验项目字典（县医院）v2`); carry that over to the new version. */
export function titleFor(title: string | undefined, from: string | undefined, to: string): string | undefined {
  if (!title || !from) return title;
  return title.endsWith(`v${from}`) ? `${title.slice(0, -from.length)}${to}` : title;
}

/**
 * A new version of a dictionary with the edited concepts, as a new resource (no id): the earlier version stays
 * stored and answerable, so mappings made against it keep meaning what they meant. The owning institution's
 * stamp and the kind tag are kept; the `inactive` property is declared when a concept uses it.
 */
export function newDictionaryVersion(cs: CodeSystem, concepts: CodeSystemConcept[], version: string): CodeSystem {
  const { id: _id, meta, text: _text, ...rest } = cs;
  const extension = (meta?.extension ?? []).filter((e) => !SERVER_META.includes(e.url));
  const usesInactive = concepts.some((c) => c.property?.some((p) => p.code === 'inactive'));
  const property = [...(cs.property ?? [])];
  if (usesInactive && !property.some((p) => p.code === 'inactive')) property.push(INACTIVE_PROPERTY);
  return {
    ...rest,
    meta: { ...(meta?.tag ? { tag: meta.tag } : {}), ...(extension.length ? { extension } : {}) },
    version,
    title: titleFor(cs.title, cs.version, version),
    date: new Date().toISOString(),
    count: concepts.length,
    concept: concepts,
    ...(property.length ? { property } : {}),
  };
}

/** A concept with its `inactive` property set (or removed, for reactivation). */
export function withInactive(concept: CodeSystemConcept, inactive: boolean): CodeSystemConcept {
  const others = (concept.property ?? []).filter((p) => p.code !== 'inactive');
  const property = inactive ? [...others, { code: 'inactive', valueBoolean: true }] : others;
  const { property: _old, ...rest } = concept;
  return property.length ? { ...rest, property } : rest;
}

/** Whether an edited list differs from the stored one (saving an unchanged list would only add a version). */
export const conceptsChanged = (before: CodeSystemConcept[] | undefined, after: CodeSystemConcept[]): boolean => JSON.stringify(before ?? []) !== JSON.stringify(after);

/** The import template: the columns the import reads, with Chinese headers and two example rows (one child). */
export const TEMPLATE_CSV = '\ufeff编码,名称,上级编码,说明,别名,助记码\nXCG,血常规,,,,xcg\nXCG-WBC,白细胞计数,XCG,,WBC,bxbjs\n';
