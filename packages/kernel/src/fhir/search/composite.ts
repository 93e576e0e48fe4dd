import { evalFhirPathTyped, getSearchParameters, parseFhirPath, type TypedValue } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { addValue, emptyIndexRows, type IndexRows } from './extract.ts';

/**
 * Composite search parameters (`code-value-quantity=http://loinc.org|718-7$gt100`). Each element the
 * composite expression selects (the Observation, or each Observation.component) becomes a group: its
 * components are indexed in their own kinds' tables under `<code>#<n>` with the group number, and a
 * search joins the component rows of one group, so both parts must match the same element.
 */
export interface CompositePlan {
  sp: SearchParameter;
  expression: ReturnType<typeof parseFhirPath>;
  components: { param: string; kind: string; expression: ReturnType<typeof parseFhirPath> }[];
}

const plans = new Map<string, CompositePlan[]>();
const INDEXABLE = new Set(['string', 'token', 'date', 'number', 'quantity', 'reference', 'uri']);

export function compositeParameters(resourceType: string): CompositePlan[] {
  let plan = plans.get(resourceType);
  if (!plan) {
    const params = Object.values(getSearchParameters(resourceType) ?? {});
    const byUrl = new Map(params.map((p) => [p.url, p]));
    plan = [];
    for (const sp of params) {
      if (sp.type !== 'composite' || !sp.expression || !sp.component?.length) continue;
      const components = sp.component.map((c, k) => ({ def: byUrl.get(c.definition), expression: c.expression, k }));
      if (components.some((c) => !c.def || !INDEXABLE.has(c.def.type as string))) continue;
      plan.push({
        sp,
        expression: parseFhirPath(sp.expression),
        components: components.map((c) => ({ param: `${sp.code}#${c.k + 1}`, kind: c.def!.type as string, expression: parseFhirPath(c.expression) })),
      });
    }
    plans.set(resourceType, plan);
  }
  return plan;
}

export function compositePlan(resourceType: string, code: string): CompositePlan | undefined {
  return compositeParameters(resourceType).find((p) => p.sp.code === code);
}

export function addCompositeRows(resource: { resourceType: string }, typed: TypedValue[], rows: IndexRows): void {
  for (const plan of compositeParameters(resource.resourceType)) {
    let elements: TypedValue[];
    try {
      elements = evalFhirPathTyped(plan.expression, typed);
    } catch {
      continue;
    }
    elements.forEach((element, index) => {
      const group = emptyIndexRows();
      for (const component of plan.components) {
        let values: TypedValue[] = [];
        try {
          values = evalFhirPathTyped(component.expression, [element]);
        } catch {
          values = [];
        }
        // A group can only match when every component has a value (code-value-date on a quantity result has none).
        if (values.length === 0) return;
        for (const value of values) addValue(group, component.kind, component.param, value);
      }
      for (const kind of Object.keys(group) as (keyof IndexRows)[]) {
        for (const row of group[kind]) (rows[kind] as { grp?: number }[]).push({ ...row, grp: index + 1 });
      }
    });
  }
}
