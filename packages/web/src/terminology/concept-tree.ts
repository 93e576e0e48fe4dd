import type { CodeSystem, CodeSystemConcept, Parameters } from '@medplum/fhirtypes';

export interface ConceptNode {
  code: string;
  display?: string;
  inactive: boolean;
  children: ConceptNode[];
}

/** The string form of a concept property value (codes, strings, booleans, numbers). */
function propertyText(p: { valueCode?: string; valueString?: string; valueBoolean?: boolean; valueInteger?: number; valueDecimal?: number; valueCoding?: { code?: string } }): string | undefined {
  if (p.valueCode !== undefined) return p.valueCode;
  if (p.valueString !== undefined) return p.valueString;
  if (p.valueCoding?.code !== undefined) return p.valueCoding.code;
  if (p.valueBoolean !== undefined) return String(p.valueBoolean);
  if (p.valueInteger !== undefined) return String(p.valueInteger);
  if (p.valueDecimal !== undefined) return String(p.valueDecimal);
  return undefined;
}

/** A concept is inactive as the server's index reads it: `inactive`/`deprecated` true or `status` retired/inactive. */
export function isInactiveConcept(concept: CodeSystemConcept): boolean {
  return (concept.property ?? []).some((p) => {
    const value = propertyText(p);
    return ((p.code === 'inactive' || p.code === 'deprecated') && value === 'true') || (p.code === 'status' && (value === 'retired' || value === 'inactive'));
  });
}

/**
 * The concept hierarchy of a code system as a tree, from both ways FHIR expresses it: nested `concept`s and
 * `parent`/`child` properties (imports write flat concepts with a `parent` property). A concept under several
 * parents appears under each; a parent that is not in the code system makes the concept a root; cycles are cut.
 */
export function buildConceptTree(cs: Pick<CodeSystem, 'concept'>): ConceptNode[] {
  const order: CodeSystemConcept[] = [];
  const parents = new Map<string, string[]>();
  const link = (child: string, parent: string) => {
    if (child === parent) return;
    const list = parents.get(child) ?? [];
    if (!list.includes(parent)) list.push(parent);
    parents.set(child, list);
  };
  const walk = (concepts: CodeSystemConcept[] | undefined, parent: string | undefined) => {
    for (const c of concepts ?? []) {
      if (!c.code) continue;
      order.push(c);
      if (parent) link(c.code, parent);
      for (const p of c.property ?? []) {
        const value = propertyText(p);
        if (value === undefined) continue;
        if (p.code === 'parent') link(c.code, value);
        else if (p.code === 'child') link(value, c.code);
      }
      walk(c.concept, c.code);
    }
  };
  walk(cs.concept, undefined);
  const byCode = new Map(order.map((c) => [c.code, c]));
  const childrenOf = new Map<string, string[]>();
  const roots: string[] = [];
  for (const c of order) {
    const known = (parents.get(c.code) ?? []).filter((p) => byCode.has(p));
    if (!known.length) roots.push(c.code);
    for (const p of known) childrenOf.set(p, [...(childrenOf.get(p) ?? []), c.code]);
  }
  const build = (code: string, path: Set<string>): ConceptNode => {
    const concept = byCode.get(code)!;
    const below = new Set(path).add(code);
    const children = (childrenOf.get(code) ?? []).filter((child) => !below.has(child)).map((child) => build(child, below));
    return { code, display: concept.display, inactive: isInactiveConcept(concept), children };
  };
  return [...new Set(roots)].map((code) => build(code, new Set()));
}

/** Whether the tree has any depth (a flat code system is shown as a list). */
export const isHierarchical = (nodes: ConceptNode[]): boolean => nodes.some((n) => n.children.length > 0);

export interface LookupDetail {
  display?: string;
  definition?: string;
  parents: string[];
  children: string[];
  inactive: boolean;
  designations: { language?: string; use?: string; value: string }[];
  properties: { code: string; value: string }[];
}

/** Reads the `$lookup` Parameters into what the detail panel shows. */
export function lookupDetail(params: Parameters): LookupDetail {
  const detail: LookupDetail = { parents: [], children: [], inactive: false, designations: [], properties: [] };
  for (const p of params.parameter ?? []) {
    if (p.name === 'display') detail.display = p.valueString;
    else if (p.name === 'definition') detail.definition = p.valueString;
    else if (p.name === 'designation') {
      const part = (name: string) => p.part?.find((x) => x.name === name);
      const value = part('value')?.valueString;
      if (value) detail.designations.push({ language: part('language')?.valueCode, use: part('use')?.valueCoding?.display ?? part('use')?.valueCoding?.code, value });
    } else if (p.name === 'property') {
      const code = p.part?.find((x) => x.name === 'code')?.valueCode;
      const valuePart = p.part?.find((x) => x.name === 'value');
      const value = valuePart ? propertyText(valuePart) : undefined;
      if (!code || value === undefined) continue;
      if (code === 'parent') detail.parents.push(value);
      else if (code === 'child') detail.children.push(value);
      else if (code === 'inactive') detail.inactive = value === 'true';
      else detail.properties.push({ code, value });
    }
  }
  return detail;
}
