import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';

/** A concept as the seed files write it: code, Chinese display, English designation, sub-concepts. */
export interface SeedConcept {
  code: string;
  zh: string;
  en?: string;
  children?: SeedConcept[];
  /** Extra properties (declared by the code system), e.g. the GB 3304 letter code. */
  properties?: Record<string, string>;
}

export interface SeedCodeSystem {
  url: string;
  /** The OID when the standards assign one (also written as an identifier). */
  oid?: string;
  version: string;
  name: string;
  title: string;
  titleEn: string;
  description: string;
  publisher?: string;
  content?: 'complete' | 'fragment';
  /** Declared properties beyond the hierarchy. */
  properties?: { code: string; description: string }[];
  concepts: SeedConcept[];
}

/** Parses `code<TAB>中文<TAB>English` lines (blank lines and surrounding spaces ignored). */
export function table(text: string): SeedConcept[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [code, zh, en] = line.split('\t').map((s) => s.trim());
      if (!code || !zh) throw new Error(`Seed line "${line}" needs a code and a Chinese display separated by a tab`);
      return { code, zh, ...(en ? { en } : {}) };
    });
}

function toConcept(c: SeedConcept): CodeSystemConcept {
  return {
    code: c.code,
    display: c.zh,
    ...(c.en ? { designation: [{ language: 'en', value: c.en }] } : {}),
    ...(c.properties ? { property: Object.entries(c.properties).map(([code, valueString]) => ({ code, valueString })) } : {}),
    ...(c.children?.length ? { concept: c.children.map(toConcept) } : {}),
  };
}

function count(concepts: SeedConcept[]): number {
  return concepts.reduce((n, c) => n + 1 + count(c.children ?? []), 0);
}

/** A national code system as a FHIR CodeSystem: Chinese displays, English designations, nested hierarchy. */
export function nationalCodeSystem(def: SeedCodeSystem): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    url: def.url,
    ...(def.oid ? { identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:${def.oid}` }] } : {}),
    version: def.version,
    name: def.name,
    title: def.title,
    status: 'active',
    experimental: false,
    publisher: def.publisher ?? 'Medunion',
    description: `${def.description} (${def.titleEn})`,
    caseSensitive: true,
    hierarchyMeaning: 'is-a',
    content: def.content ?? 'complete',
    count: count(def.concepts),
    ...(def.properties ? { property: def.properties.map((p) => ({ ...p, type: 'string' as const })) } : {}),
    concept: def.concepts.map(toConcept),
  };
}
