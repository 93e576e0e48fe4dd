import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';

/** A catalogue concept: code, Chinese display, English designation, properties, members (a panel's analytes). */
export interface CatalogueEntry {
  code: string;
  zh: string;
  en: string;
  properties: Record<string, string | number>;
  children?: CatalogueEntry[];
}

/** Parses `code | 中文 | English | key=value …` lines; blank lines are ignored. */
export function entries(text: string): CatalogueEntry[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [code, zh, en, props = ''] = line.split('|').map((s) => s.trim());
      if (!code || !zh || !en) throw new Error(`Catalogue line "${line}" needs code | 中文 | English`);
      const properties = Object.fromEntries(
        props
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => {
            const [k, v] = kv.split('=');
            return [k, k === 'validityDays' ? Number(v) : v];
          }),
      );
      return { code, zh, en, properties };
    });
}

const conceptOf = (e: CatalogueEntry): CodeSystemConcept => ({
  code: e.code,
  display: e.zh,
  designation: [{ language: 'en', value: e.en }],
  ...(Object.keys(e.properties).length
    ? { property: Object.entries(e.properties).map(([code, v]) => (typeof v === 'number' ? { code, valueInteger: v } : { code, valueString: v })) }
    : {}),
  ...(e.children?.length ? { concept: e.children.map(conceptOf) } : {}),
});

export function catalogueCodeSystem(input: {
  url: string;
  name: string;
  title: string;
  description: string;
  properties: { code: string; type: 'string' | 'integer'; description: string }[];
  entries: CatalogueEntry[];
}): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    url: input.url,
    version: '2026',
    name: input.name,
    title: input.title,
    status: 'active',
    publisher: 'Medunion',
    description: input.description,
    content: 'complete',
    hierarchyMeaning: 'grouped-by',
    caseSensitive: true,
    property: input.properties,
    concept: input.entries.map(conceptOf),
  };
}

/** Every concept with its properties, flattened (for lookups without a terminology round trip). */
export function flattenCatalogue(list: CatalogueEntry[], parent?: string): (CatalogueEntry & { parent?: string })[] {
  return list.flatMap((e) => [{ ...e, ...(parent ? { parent } : {}) }, ...flattenCatalogue(e.children ?? [], e.code)]);
}
