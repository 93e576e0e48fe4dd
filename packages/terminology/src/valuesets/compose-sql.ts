import type { ValueSet, ValueSetComposeInclude, ValueSetComposeIncludeFilter } from '@medplum/fhirtypes';
import { badRequest, SqlParams, type RequestContext } from '@medunion/kernel';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';

/** A ValueSet definition turned into one SQL condition over the concept index (alias `c`). */
export interface CompiledValueSet {
  where: string;
  /** Code systems in the order the compose names them (expansions list them in that order). */
  systems: IndexedCodeSystem[];
  /** Displays the ValueSet itself gives to listed concepts (`system|code` → display). */
  displays: Map<string, string>;
}

const MAX_DEPTH = 10;

/**
 * Compiles `compose` (include/exclude with concept lists, whole systems, filters and nested value sets) into a
 * predicate, so that an expansion of any size is one indexed, paged query. Supported filter operations:
 * `=`, `in`, `not-in`, `exists` on properties (`code`, `display`, `parent` or a declared property), and
 * `is-a`, `descendent-of`, `is-not-a`, `generalizes` on the hierarchy.
 */
export class ComposeCompiler {
  readonly params: SqlParams;
  private readonly systems: IndexedCodeSystem[] = [];
  private readonly displays = new Map<string, string>();

  constructor(
    private readonly resolver: CodeSystemResolver,
    private readonly request: RequestContext,
    private readonly loadValueSet: (canonical: string) => Promise<ValueSet>,
    params = new SqlParams(),
  ) {
    this.params = params;
  }

  async compile(vs: ValueSet): Promise<CompiledValueSet> {
    const where = await this.valueSet(vs, [], 0);
    return { where, systems: this.systems, displays: this.displays };
  }

  private async valueSet(vs: ValueSet, path: string[], depth: number): Promise<string> {
    const name = vs.url ?? vs.id ?? 'ValueSet';
    if (depth > MAX_DEPTH || path.includes(name)) throw badRequest(`ValueSet ${name} includes itself (${[...path, name].join(' → ')})`, 'valueSet');
    const compose = vs.compose;
    if (!compose?.include?.length) {
      if (vs.expansion?.contains?.length) return this.fromExpansion(vs);
      throw badRequest(`ValueSet ${name} has neither compose.include nor an expansion`, 'ValueSet.compose');
    }
    const inner = [...path, name];
    // One after the other: the systems list keeps the compose order.
    const includes: string[] = [];
    for (const [i, inc] of compose.include.entries()) includes.push(await this.include(inc, inner, depth, `ValueSet.compose.include[${i}]`));
    const excludes: string[] = [];
    for (const [i, exc] of (compose.exclude ?? []).entries()) excludes.push(await this.include(exc, inner, depth, `ValueSet.compose.exclude[${i}]`));
    let where = `(${includes.join(' or ')})`;
    if (excludes.length) where += ` and not (${excludes.join(' or ')})`;
    if (compose.inactive === false) where += ' and not c.inactive';
    return `(${where})`;
  }

  private async include(inc: ValueSetComposeInclude, path: string[], depth: number, at: string): Promise<string> {
    if (!inc.system && !inc.valueSet?.length) throw badRequest('A compose include or exclude needs a system or a valueSet', at);
    if (inc.concept?.length && inc.filter?.length) throw badRequest('A compose include cannot have both concepts and filters (vsd-3)', at);
    const parts: string[] = [];
    if (inc.system) {
      const system = await this.resolver.resolve(this.request, inc.system, inc.version);
      if (!this.systems.some((s) => s.key === system.key)) this.systems.push(system);
      parts.push(`c.system_key = ${this.params.add(system.key)}`);
      if (inc.concept?.length) {
        parts.push(`c.code = any(${this.params.add(inc.concept.map((c) => c.code))}::text[])`);
        for (const c of inc.concept) if (c.display) this.displays.set(`${system.url}|${c.code}`, c.display);
      }
      (inc.filter ?? []).forEach((f, i) => parts.push(this.filter(f, system, `${at}.filter[${i}]`)));
    }
    for (const canonical of inc.valueSet ?? []) {
      parts.push(await this.valueSet(await this.loadValueSet(canonical), path, depth + 1));
    }
    return `(${parts.join(' and ')})`;
  }

  private filter(f: ValueSetComposeIncludeFilter, system: IndexedCodeSystem, at: string): string {
    const p = (v: unknown) => this.params.add(v);
    const { property, op, value } = f;
    if (!property || !op || value === undefined) throw badRequest('A filter needs property, op and value', at);
    const hierarchy = property === 'concept' || property === 'code';
    switch (op) {
      case 'is-a':
        return `(c.code = ${p(value)} or c.ancestors @> array[${p(value)}]::text[])`;
      case 'descendent-of':
        return `c.ancestors @> array[${p(value)}]::text[]`;
      case 'is-not-a':
        return `not (c.code = ${p(value)} or c.ancestors @> array[${p(value)}]::text[])`;
      case 'generalizes':
        return `(c.code = ${p(value)} or c.code = any(coalesce((select g.ancestors from terminology_concept g where g.system_key = ${p(system.key)} and g.code = ${p(value)}), '{}'::text[])))`;
      case '=':
        return this.propertyEquals(property, [value], hierarchy);
      case 'in':
        return this.propertyEquals(property, value.split(',').map((v) => v.trim()), hierarchy);
      case 'not-in':
        return `not ${this.propertyEquals(property, value.split(',').map((v) => v.trim()), hierarchy)}`;
      case 'exists':
        if (value !== 'true' && value !== 'false') throw badRequest('The exists filter takes true or false', at);
        return `${value === 'true' ? '' : 'not '}(c.properties -> ${p(property)}) is not null`;
      default:
        throw badRequest(`Filter operation "${op}" is not supported (=, in, not-in, exists, is-a, descendent-of, is-not-a, generalizes)`, at);
    }
  }

  private propertyEquals(property: string, values: string[], isCode: boolean): string {
    const list = this.params.add(values);
    if (isCode) return `(c.code = any(${list}::text[]))`;
    if (property === 'display') return `(c.display = any(${list}::text[]))`;
    if (property === 'parent') return `(c.parents && ${list}::text[])`;
    return `exists (select 1 from jsonb_array_elements_text(coalesce(c.properties -> ${this.params.add(property)}, '[]'::jsonb)) pv where pv = any(${list}::text[]))`;
  }

  /** A ValueSet that only carries an expansion (no compose): its listed concepts. */
  private async fromExpansion(vs: ValueSet): Promise<string> {
    const bySystem = new Map<string, string[]>();
    for (const c of vs.expansion?.contains ?? []) {
      if (!c.system || !c.code) continue;
      bySystem.set(c.system, [...(bySystem.get(c.system) ?? []), c.code]);
    }
    const include = [...bySystem].map(([system, codes]) => ({ system, concept: codes.map((code) => ({ code })) }));
    if (!include.length) throw badRequest(`ValueSet ${vs.url ?? vs.id} has an expansion without codes`, 'ValueSet.expansion');
    return this.valueSet({ resourceType: 'ValueSet', status: 'active', url: vs.url, compose: { include } }, [], MAX_DEPTH - 1);
  }
}
